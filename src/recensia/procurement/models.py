"""Saved purchase grids (criteria and chosen clauses), the offers received, and the history
of every change. Nothing is deleted: a grid is archived, an offer is withdrawn."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from recensia.procurement import grid as grid_logic


class GridState(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    PUBLISHED = "published", "Publiée"
    ARCHIVED = "archived", "Archivée"


class PurchaseGrid(models.Model):
    """The award criteria and the chosen clauses of one purchase of a collectivité."""

    title = models.CharField("titre", max_length=200)
    owner = models.ForeignKey("territories.Organization", on_delete=models.PROTECT,
                              related_name="purchase_grids", verbose_name="collectivité")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="purchase_grids",
                                verbose_name="projet")
    preset = models.CharField("grille de départ", max_length=30, blank=True, default="")
    subject = models.TextField("objet du marché", blank=True, default="")
    launch_date = models.DateField("date de lancement de la consultation", null=True,
                                   blank=True)
    formalised = models.BooleanField("procédure formalisée", null=True, blank=True)
    criteria = models.JSONField("critères", default=list)
    clause_ids = models.JSONField("clauses choisies", default=list)
    tier = models.CharField("niveau de risque retenu pour les clauses", max_length=16,
                            blank=True, default="")
    state = models.CharField("état", max_length=12, choices=GridState.choices,
                             default=GridState.DRAFT)
    state_before_archive = models.CharField(max_length=12, choices=GridState.choices,
                                            blank=True, default="")
    based_on = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="reuses", verbose_name="reprise de")
    version = models.PositiveIntegerField("version", default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name="créée par")
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    published_at = models.DateTimeField("publiée le", null=True, blank=True)

    class Meta:
        verbose_name = "grille d'achat"
        verbose_name_plural = "grilles d'achat"
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["state", "-published_at"]),
                   models.Index(fields=["owner", "state"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("procurement:detail", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.state == GridState.PUBLISHED

    def to_grid(self) -> grid_logic.Grid:
        """The pure grid (validated), for checks, scoring and documents."""
        return grid_logic.Grid.from_dict(self.grid_data())

    def grid_data(self) -> dict:
        return {"title": self.title, "subject": self.subject, "preset": self.preset,
                "launch_date": self.launch_date.isoformat() if self.launch_date else None,
                "formalised": self.formalised, "criteria": self.criteria}


class Offer(models.Model):
    """An offer received for a purchase: price, the committee's notes, footprint data.
    Visible only to the members of the collectivité."""

    grid = models.ForeignKey(PurchaseGrid, on_delete=models.PROTECT, related_name="offers",
                             verbose_name="grille")
    vendor = models.CharField("candidat", max_length=200)
    price_eur = models.DecimalField("prix total (€)", max_digits=14, decimal_places=2,
                                    null=True, blank=True)
    notes = models.JSONField("notes et justifications", default=dict)
    footprint_inputs = models.JSONField("données d'empreinte déclarées", null=True,
                                        blank=True)
    footprint_result = models.JSONField("empreinte calculée", null=True, blank=True)
    footprint_versions = models.JSONField("versions du moteur d'empreinte", default=dict)
    withdrawn = models.BooleanField("retirée de l'analyse", default=False)
    withdrawn_reason = models.TextField("motif du retrait", blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name="saisie par")
    created_at = models.DateTimeField("saisie le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "offre"
        verbose_name_plural = "offres"
        ordering = ["vendor", "id"]

    def __str__(self) -> str:
        return self.vendor

    @property
    def footprint_range(self) -> tuple[float, float, float] | None:
        if not self.footprint_result:
            return None
        gwp = self.footprint_result["total"]["gwp_kgco2e"]
        return (gwp["min"], gwp["central"], gwp["max"])


class GridRevision(models.Model):
    """One saved state of a grid and its offers, written by every change."""

    grid = models.ForeignKey(PurchaseGrid, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField("numéro")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+", verbose_name="par")
    created_at = models.DateTimeField("le", auto_now_add=True)
    action = models.CharField("action", max_length=300)
    snapshot = models.JSONField("contenu")

    class Meta:
        verbose_name = "version d'une grille d'achat"
        verbose_name_plural = "versions des grilles d'achat"
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["grid", "number"],
                                               name="grid_revision_unique_number")]

    def __str__(self) -> str:
        return f"{self.grid} — version {self.number}"
