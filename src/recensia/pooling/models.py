"""Declarations of use, referents, pooling offers and their history."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from recensia.projects.models import Project
from recensia.solutions.models import Solution
from recensia.territories.models import Organization


class SolutionUse(models.Model):
    """« Nous l'utilisons » : a collectivité says it uses a solution (one declaration per
    collectivité and solution, kept up to date; withdrawn rather than deleted)."""

    solution = models.ForeignKey(Solution, on_delete=models.PROTECT, related_name="uses")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT,
                                     related_name="solution_uses", verbose_name="collectivité")
    use_case = models.TextField("pour quoi faire", max_length=1000)
    since = models.DateField("utilisée depuis", null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        "satisfaction (de 1 à 5)", null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)])
    would_recommend = models.BooleanField("la recommanderait", null=True, blank=True)
    project = models.ForeignKey(Project, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="solution_uses", verbose_name="projet lié")
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name="déclarée par")
    withdrawn_at = models.DateTimeField("retirée le", null=True, blank=True)
    created_at = models.DateTimeField("déclarée le", auto_now_add=True)
    updated_at = models.DateTimeField("mise à jour le", auto_now=True)

    class Meta:
        verbose_name = "déclaration d'usage"
        verbose_name_plural = "déclarations d'usage"
        ordering = ["organization__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["solution", "organization"],
                                    name="solution_use_unique_organization"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} utilise {self.solution}"


class SolutionReferent(models.Model):
    """« Je suis référent » : the person other collectivités can call about a solution."""

    solution = models.ForeignKey(Solution, on_delete=models.PROTECT, related_name="referents")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT,
                                     related_name="solution_referents",
                                     verbose_name="collectivité")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="solution_referents", verbose_name="personne")
    role = models.CharField("fonction", max_length=200)
    contact_email = models.EmailField("adresse pour être contacté")
    phone = models.CharField("téléphone", max_length=30, blank=True, default="")
    withdrawn_at = models.DateTimeField("retiré le", null=True, blank=True)
    created_at = models.DateTimeField("déclaré le", auto_now_add=True)
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    class Meta:
        verbose_name = "référent d'une solution"
        verbose_name_plural = "référents des solutions"
        ordering = ["organization__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["solution", "user", "organization"],
                                    name="solution_referent_unique_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.organization}), référent de {self.solution}"


class Shared(models.TextChoices):
    SPECIFICATIONS = "specifications", "Le cahier des charges"
    CODE = "code", "Le code source"
    CONTRACT = "contract", "Le marché (adhésion au contrat ou groupement de commandes)"
    TRAINING = "training", "La formation des agents"
    DATA = "data", "Les données d'entraînement ou de paramétrage"
    SUPPORT = "support", "L'assistance au quotidien"


class PoolingOffer(models.Model):
    """A lead collectivité (cheffe de file) opens its project to others."""

    project = models.OneToOneField(Project, on_delete=models.PROTECT,
                                   related_name="pooling_offer")
    shared = models.JSONField("ce qui est partagé", default=list)
    shared_detail = models.TextField("précisions sur ce qui est partagé", blank=True,
                                     default="", max_length=2000)
    cost_sharing = models.TextField("répartition des coûts", max_length=2000)
    open_until = models.DateField("ouvert jusqu'au")
    contact_name = models.CharField("personne à contacter", max_length=200)
    contact_email = models.EmailField("adresse de contact")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name="ouvert par")
    closed_at = models.DateTimeField("fermé le", null=True, blank=True)
    created_at = models.DateTimeField("ouvert le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "offre de mutualisation"
        verbose_name_plural = "offres de mutualisation"
        ordering = ["open_until", "id"]

    def __str__(self) -> str:
        return f"Mutualisation : {self.project}"

    def get_shared_display(self) -> list[str]:
        labels = dict(Shared.choices)
        return [labels.get(key, key) for key in self.shared]


class PoolingEvent(models.Model):
    """The history of everything in this app: who did what, when, before and after."""

    created_at = models.DateTimeField("le", auto_now_add=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               null=True, blank=True, related_name="+", verbose_name="par")
    action = models.CharField("action", max_length=200)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    solution = models.ForeignKey(Solution, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    before = models.JSONField("avant", null=True, blank=True)
    after = models.JSONField("après", null=True, blank=True)

    class Meta:
        verbose_name = "historique des usages et mutualisations"
        verbose_name_plural = "historique des usages et mutualisations"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.action
