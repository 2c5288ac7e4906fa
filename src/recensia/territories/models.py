"""Collectivités: official reference data (communes, EPCI, départements, régions)
and the other public bodies that moderators add (syndicats, SDIS, opérateurs…)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify

from recensia.core.fields import WebURLField


class OrganizationKind(models.TextChoices):
    COMMUNE = "commune", "Commune"
    EPCI = "epci", "Intercommunalité (EPCI à fiscalité propre)"
    DEPARTEMENT = "departement", "Département"
    REGION = "region", "Région"
    OTHER = "other", "Autre organisme public"


class EpciType(models.TextChoices):
    CC = "CC", "Communauté de communes"
    CA = "CA", "Communauté d'agglomération"
    CU = "CU", "Communauté urbaine"
    METRO = "METRO", "Métropole"
    MET69 = "MET69", "Métropole de Lyon (collectivité à statut particulier)"


class OtherBodyType(models.TextChoices):
    EPT = "ept", "Établissement public territorial (Grand Paris)"
    SYNDICAT = "syndicat", "Syndicat (intercommunal ou mixte)"
    SDIS = "sdis", "Service départemental d'incendie et de secours (SDIS)"
    OPSN = "opsn", "Opérateur public de services numériques"
    REGIE = "regie", "Régie ou établissement public local"
    OTHER = "autre", "Autre"


def unique_code(model, name: str, *, departement_id: int | None = None) -> str:
    """A code for an other public body, from its name: « syndicat-des-eaux-du-val », then
    with its département's code, then numbered, until no organisation has it. Works on
    historical models too (migrations)."""
    base = slugify(name)[:70].strip("-") or "organisme"
    candidates = [base]
    if departement_id:
        departement = model.objects.filter(pk=departement_id).values_list(
            "insee_code", flat=True).first()
        if departement:
            candidates.append(f"{base}-{departement.lower()}")
    candidates += [f"{base}-{n}" for n in range(2, 1000)]
    taken = set(model.objects.filter(code__in=candidates).values_list("code", flat=True))
    return next(code for code in candidates if code not in taken)


class Organization(models.Model):
    """A collectivité or another public body that can own or follow projects."""

    kind = models.CharField("type", max_length=16, choices=OrganizationKind.choices)
    name = models.CharField("nom", max_length=200)
    insee_code = models.CharField("code INSEE", max_length=5, blank=True, default="")
    siren = models.CharField("SIREN", max_length=9, blank=True, default="")
    population = models.PositiveIntegerField("population", null=True, blank=True)
    postal_codes = models.CharField(
        "codes postaux", max_length=200, blank=True, default="",
        help_text="Codes postaux qui desservent la commune, séparés par une espace.",
    )
    epci_type = models.CharField(
        "nature de l'EPCI", max_length=8, choices=EpciType.choices, blank=True, default=""
    )
    other_type = models.CharField(
        "nature de l'organisme", max_length=16, choices=OtherBodyType.choices, blank=True,
        default="",
    )
    zone = models.CharField("zone", max_length=8, blank=True, default="")
    departement = models.ForeignKey(
        "self", verbose_name="département", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", limit_choices_to={"kind": OrganizationKind.DEPARTEMENT},
    )
    region = models.ForeignKey(
        "self", verbose_name="région", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", limit_choices_to={"kind": OrganizationKind.REGION},
    )
    epci = models.ForeignKey(
        "self", verbose_name="intercommunalité", null=True, blank=True,
        on_delete=models.PROTECT, related_name="member_communes",
        limit_choices_to={"kind": OrganizationKind.EPCI},
    )
    website = WebURLField("site web", blank=True, default="")
    service_contact_label = models.CharField(
        "service à contacter", max_length=200, blank=True, default="",
        help_text="Service qui répond aux questions sur les algorithmes de la collectivité, "
                  "par exemple « Direction du numérique ».")
    service_contact_email = models.EmailField(
        "adresse de contact du service", blank=True, default="",
        help_text="Adresse de service plutôt que nominative ; publiée sur la page de la "
                  "collectivité et dans son inventaire des algorithmes.")
    code = models.SlugField(
        "code stable", max_length=80, blank=True, default="",
        help_text="Pour les autres organismes : identifiant tiré du nom à la création, qui "
                  "ne change plus (adresse /collectivites/organisme-<code>/, exports).",
    )
    from_reference_data = models.BooleanField(
        "issu du référentiel officiel", default=False,
        help_text="Vrai pour les collectivités chargées depuis le découpage administratif.",
    )
    is_obsolete = models.BooleanField("n'existe plus", default=False)
    obsolete_since = models.DateField("disparu le", null=True, blank=True)
    reference_vintage = models.CharField("millésime du référentiel", max_length=64, blank=True,
                                         default="")
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "collectivité ou organisme"
        verbose_name_plural = "collectivités et organismes"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "insee_code"], condition=~Q(insee_code=""),
                name="organization_unique_kind_insee",
            ),
            models.UniqueConstraint(
                fields=["siren"], condition=~Q(siren=""), name="organization_unique_siren",
            ),
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="organization_unique_code",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "name"]),
            models.Index(fields=["insee_code"]),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        if self.kind == OrganizationKind.OTHER and not self.code:
            self.code = unique_code(Organization, self.name, departement_id=self.departement_id)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "code"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("www:organization", kwargs={"code": self.url_code})

    @property
    def display_name(self) -> str:
        if self.kind == OrganizationKind.COMMUNE and self.departement_id:
            return f"{self.name} ({self.departement.insee_code})"
        return self.name

    @property
    def url_code(self) -> str:
        """Code used in /collectivites/<code>/: INSEE for communes, SIREN for EPCI,
        prefixed INSEE for départements and régions (their codes overlap)."""
        if self.kind == OrganizationKind.COMMUNE:
            return self.insee_code
        if self.kind == OrganizationKind.DEPARTEMENT:
            return f"departement-{self.insee_code}"
        if self.kind == OrganizationKind.REGION:
            return f"region-{self.insee_code}"
        if self.siren:
            return self.siren
        return f"organisme-{self.code}" if self.code else f"organisme-{self.pk}"

    @property
    def summary(self) -> str:
        """What tells homonyms apart: kind, département and population, in French.

        For example « Commune · Savoie (73) · 821 habitants »."""
        parts = [self.kind_label]
        if self.kind == OrganizationKind.DEPARTEMENT:
            parts.append(f"code {self.insee_code}")
        elif self.kind != OrganizationKind.REGION and self.departement_id:
            parts.append(f"{self.departement.name} ({self.departement.insee_code})")
        if self.population:
            parts.append(f"{self.population:,} habitants".replace(",", "\u202f"))
        if self.is_obsolete:
            parts.append("n'existe plus")
        return " · ".join(parts)

    @property
    def kind_label(self) -> str:
        if self.kind == OrganizationKind.EPCI and self.epci_type:
            return self.get_epci_type_display()
        if self.kind == OrganizationKind.OTHER and self.other_type:
            return self.get_other_type_display()
        return self.get_kind_display()


class ServiceContactChange(models.Model):
    """One change of a collectivité's service contact: who, when, what it became (the
    previous value is the change before)."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT,
                                     related_name="service_contact_changes")
    label = models.CharField("service à contacter", max_length=200, blank=True, default="")
    email = models.EmailField("adresse de contact du service", blank=True, default="")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+", verbose_name="modifié par")
    created_at = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        verbose_name = "modification du contact de service"
        verbose_name_plural = "modifications du contact de service"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.organization} : {self.label} <{self.email}>"
