"""Saved evaluations of a project. Each save is a new row (history is kept); the most
recent one is shown. Inputs are stored with the engine and data versions, so an
assessment can be reproduced, or recomputed with current data and compared."""

from django.conf import settings
from django.db import models


class AnsweredBy(models.TextChoices):
    """Who gave the inputs of an assessment."""

    COLLECTIVITE = "collectivite", "la collectivité"
    PLATEFORME = "plateforme", "la plateforme, à partir d'informations publiques"


class Confidence(models.TextChoices):
    LOW = "faible", "faible"
    MEDIUM = "moyenne", "moyenne"
    HIGH = "elevee", "élevée"


class Assessment(models.Model):
    """What every saved evaluation records besides its own data: the engine version, who
    saved it and when, what it recomputes, and who answered, from which source and with
    what confidence (a pre-diagnosis made by the platform from public information is never
    the collectivité's own declaration). The latest one of a project comes first."""

    engine_version = models.CharField("version du moteur", max_length=40)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name="par")
    created_at = models.DateTimeField("le", auto_now_add=True)
    recomputed_from = models.ForeignKey("self", on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="+",
                                        verbose_name="recalcul de")
    answered_by = models.CharField("réponses données par", max_length=16,
                                   choices=AnsweredBy.choices,
                                   default=AnsweredBy.COLLECTIVITE)
    source = models.URLField("source publique", max_length=500, blank=True, default="")
    basis = models.TextField("ce que dit la source", blank=True, default="")
    confidence = models.CharField("confiance", max_length=8, choices=Confidence.choices,
                                  blank=True, default="")

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["project", "-created_at"])]

    @property
    def by_platform(self) -> bool:
        return self.answered_by == AnsweredBy.PLATEFORME


class FootprintAssessment(Assessment):
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT,
                                related_name="footprint_assessments", verbose_name="projet")
    inputs = models.JSONField("données saisies")
    result = models.JSONField("résultat")
    data_versions = models.JSONField("versions des données", default=dict)
    gwp_central_kg = models.FloatField("émissions annuelles (valeur centrale, kgCO2e)",
                                       default=0)

    class Meta(Assessment.Meta):
        verbose_name = "évaluation de l'empreinte"
        verbose_name_plural = "évaluations de l'empreinte"

    def __str__(self) -> str:
        return f"Empreinte de {self.project} ({self.created_at:%d/%m/%Y})"


class ComplianceAssessment(Assessment):
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT,
                                related_name="compliance_assessments", verbose_name="projet")
    answers = models.JSONField("réponses")
    evaluation = models.JSONField("résultat")
    as_of = models.DateField("droit applicable au")
    rules_version = models.CharField("version des règles", max_length=40)
    tier = models.CharField("niveau de risque", max_length=20, blank=True, default="")

    class Meta(Assessment.Meta):
        verbose_name = "évaluation de la conformité"
        verbose_name_plural = "évaluations de la conformité"

    def __str__(self) -> str:
        return f"Conformité de {self.project} ({self.created_at:%d/%m/%Y})"
