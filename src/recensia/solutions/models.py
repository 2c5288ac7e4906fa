"""The catalogue: vendors and solutions, curated by moderators (never by vendors)."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse

from recensia.core.fields import WebURLField
from recensia.solutions.validators import validate_siren


class Answer(models.TextChoices):
    YES = "yes", "Oui"
    NO = "no", "Non"
    UNKNOWN = "unknown", "Non renseigné"


class Vendor(models.Model):
    """A company (or association) that supplies a solution. Moved here from ``projects``:
    same table, so that the catalogue sits below the register."""

    name = models.CharField("nom", max_length=200, unique=True)
    siren = models.CharField("SIREN", max_length=9, blank=True, default="",
                             validators=[validate_siren],
                             help_text="9 chiffres, sur l'annuaire des entreprises.")
    website = WebURLField("site web", blank=True, default="")

    class Meta:
        db_table = "projects_vendor"
        verbose_name = "fournisseur"
        verbose_name_plural = "fournisseurs"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def last_check(self) -> "VendorCheck | None":
        checks = list(self.checks.all())
        return max(checks, key=lambda c: (c.checked_on, c.pk)) if checks else None


class CompanyState(models.TextChoices):
    ACTIVE = "active", "En activité"
    CEASED = "ceased", "Cessée (radiée ou fermée)"


class VendorCheck(models.Model):
    """A moderator looked the company up (e.g. on the Annuaire des entreprises) on that
    date: each check is a row, never overwritten."""

    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="checks")
    state = models.CharField("situation de l'entreprise", max_length=8,
                             choices=CompanyState.choices)
    checked_on = models.DateField("vérifié le")
    source_url = WebURLField("où la vérification a été faite", blank=True, default="")
    note = models.CharField("précision", max_length=300, blank=True, default="")
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="par")
    created_at = models.DateTimeField("enregistré le", auto_now_add=True)

    class Meta:
        verbose_name = "vérification d'un fournisseur"
        verbose_name_plural = "vérifications des fournisseurs"
        ordering = ["-checked_on", "-id"]

    def __str__(self) -> str:
        return f"{self.vendor} : {self.get_state_display()} le {self.checked_on}"


class Deployment(models.TextChoices):
    SAAS = "saas", "En ligne, hébergé par le fournisseur (SaaS)"
    ON_PREMISE = "on_premise", "Installé sur les serveurs de la collectivité"
    PRIVATE_CLOUD = "private_cloud", "Hébergé chez un hébergeur choisi par la collectivité"
    DEVICE = "device", "Embarqué dans un équipement (caméra, capteur…)"


class Pricing(models.TextChoices):
    FREE = "free", "Gratuit"
    SUBSCRIPTION = "subscription", "Abonnement"
    LICENCE = "licence", "Licence achetée une fois"
    USAGE = "usage", "À l'usage (par appel, par image…)"
    QUOTE = "quote", "Sur devis"
    UNKNOWN = "unknown", "Non renseigné"


class Accessibility(models.TextChoices):
    FULL = "full", "Totalement conforme au RGAA"
    PARTIAL = "partial", "Partiellement conforme au RGAA"
    NONE = "none", "Non conforme au RGAA"
    NOT_APPLICABLE = "not_applicable", "Sans interface pour les usagers"
    UNKNOWN = "unknown", "Non renseigné"


class Solution(models.Model):
    """A product or tool that collectivités use, entered once and linked by projects."""

    name = models.CharField("nom", max_length=200, unique=True)
    slug = models.SlugField("adresse", max_length=220, unique=True)
    summary = models.CharField("ce que fait la solution", max_length=400,
                               help_text="400 caractères au plus, en langage courant.")
    website = WebURLField("site web", blank=True, default="")
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="solutions", verbose_name="fournisseur")
    open_source = models.CharField("code source ouvert (logiciel libre)", max_length=8,
                                   choices=Answer.choices, default=Answer.UNKNOWN)
    licence = models.CharField("licence", max_length=100, blank=True, default="",
                               help_text="Par exemple : EUPL-1.2, MIT, licence propriétaire.")
    repository_url = WebURLField("dépôt du code source", blank=True, default="")
    hosting_country = models.CharField("pays d'hébergement des données", max_length=100,
                                       blank=True, default="")
    secnumcloud = models.CharField("hébergement qualifié SecNumCloud", max_length=8,
                                   choices=Answer.choices, default=Answer.UNKNOWN)
    deployments = models.JSONField("modes d'installation", default=list, blank=True)
    pricing = models.CharField("modèle de prix", max_length=16, choices=Pricing.choices,
                               default=Pricing.UNKNOWN)
    pricing_detail = models.CharField("précision sur le prix", max_length=300, blank=True,
                                      default="")
    accessibility = models.CharField("accessibilité (RGAA)", max_length=16,
                                     choices=Accessibility.choices, default=Accessibility.UNKNOWN)
    languages = models.CharField("langues", max_length=200, blank=True, default="")
    procurement_vehicles = models.TextField(
        "comment l'acheter", blank=True, default="", validators=[MaxLengthValidator(2000)],
        help_text="Centrale d'achat, accord-cadre, marché d'un groupement… (texte libre).")
    procurement_url = WebURLField("lien vers l'offre d'achat", blank=True, default="")
    # Curated by moderators only: a vendor never declares its own label.
    recognised = models.BooleanField("solution reconnue", default=False)
    recognition_reason = models.TextField("motif de la reconnaissance", blank=True, default="")
    recognised_on = models.DateField("reconnue le", null=True, blank=True)
    recognised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                      null=True, blank=True, related_name="+",
                                      verbose_name="reconnue par")
    is_archived = models.BooleanField("retirée du catalogue", default=False)
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    version = models.PositiveIntegerField("version", default=1)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "solution"
        verbose_name_plural = "solutions"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("www:solution", kwargs={"slug": self.slug})

    def get_deployments_display(self) -> list[str]:
        labels = dict(Deployment.choices)
        return [labels.get(d, d) for d in self.deployments]


class SolutionRevision(models.Model):
    """One saved state of a solution: who, when, what changed (before and after)."""

    solution = models.ForeignKey(Solution, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField("numéro de version")
    created_at = models.DateTimeField("le", auto_now_add=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+", verbose_name="par")
    action = models.CharField("action", max_length=200)
    changed_fields = models.JSONField("champs modifiés", default=list)
    snapshot = models.JSONField("contenu")

    class Meta:
        verbose_name = "version d'une solution"
        verbose_name_plural = "versions des solutions"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["solution", "number"],
                                    name="solution_revision_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.solution} — version {self.number}"
