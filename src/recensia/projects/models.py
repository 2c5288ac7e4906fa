"""The register: AI projects and governance initiatives of collectivités."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from recensia.core.fields import WebURLField
from recensia.solutions.models import Solution, Vendor
from recensia.territories.models import Organization


class Taxonomy(models.Model):
    """A list entry that moderators extend without code (domain, technique)."""

    name = models.CharField("libellé", max_length=120, unique=True)
    slug = models.SlugField("identifiant", max_length=120, unique=True)
    description = models.TextField("explication", blank=True, default="")
    is_active = models.BooleanField("proposé dans les formulaires", default=True)
    position = models.PositiveSmallIntegerField("ordre d'affichage", default=100)

    class Meta:
        abstract = True
        ordering = ["position", "name", "id"]

    def __str__(self) -> str:
        return self.name


class Domain(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = "domaine d'action publique"
        verbose_name_plural = "domaines d'action publique"


class Technique(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = "technique d'IA"
        verbose_name_plural = "techniques d'IA"


class ProjectKind(models.TextChoices):
    AI_SYSTEM = "ai_system", "Système d'IA"
    GOVERNANCE = "governance", "Démarche de gouvernance (charte, stratégie, convention…)"


class ProjectStatus(models.TextChoices):
    IDEA = "idea", "Idée"
    STUDY = "study", "Étude"
    PILOT = "pilot", "Expérimentation"
    DEPLOYED = "deployed", "Déployé"
    STOPPED = "stopped", "Arrêté ou abandonné"


class DecisionRole(models.TextChoices):
    ASSISTS = "assists", "Aide un agent, qui décide"
    DECIDES = "decides", "Décide seul, sans intervention humaine"
    NOT_APPLICABLE = "not_applicable", "Sans objet (aucune décision individuelle)"
    UNKNOWN = "unknown", "Non renseigné"


class YesNoUnknown(models.TextChoices):
    YES = "yes", "Oui"
    NO = "no", "Non"
    UNKNOWN = "unknown", "Non renseigné"


class AiActTier(models.TextChoices):
    PROHIBITED = "prohibited", "Pratique interdite"
    HIGH_RISK = "high_risk", "Haut risque"
    TRANSPARENCY = "transparency", "Obligations de transparence"
    MINIMAL = "minimal", "Risque minimal"


class WorkflowState(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "Soumis à la modération"
    PUBLISHED = "published", "Publié"
    REJECTED = "rejected", "Refusé"
    ARCHIVED = "archived", "Archivé"


class Project(models.Model):
    # Identity
    kind = models.CharField("nature", max_length=16, choices=ProjectKind.choices,
                            default=ProjectKind.AI_SYSTEM)
    title = models.CharField("titre", max_length=200)
    slug = models.SlugField("adresse", max_length=220, unique=True)
    short_description = models.CharField(
        "description courte", max_length=400,
        help_text="400 caractères au plus, en langage courant : ce que fait le projet et pour qui.",
    )
    description = models.TextField("description détaillée", blank=True, default="")
    keywords = models.CharField(
        "mots-clés", max_length=500, blank=True, default="",
        help_text="Séparés par des virgules, par exemple : fuites d'eau, réseau, prévision.",
    )
    # Organisation
    owner = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="projects",
                              verbose_name="collectivité porteuse")
    partners = models.ManyToManyField(
        Organization, through="ProjectPartner", related_name="partner_projects", blank=True,
        verbose_name="collectivités partenaires",
    )
    team = models.CharField("service ou direction", max_length=200, blank=True, default="")
    contact_email = models.EmailField(
        "adresse de contact", blank=True, default="",
        help_text="Une adresse de service (par exemple dsi@ville.fr), pas une adresse personnelle.",
    )
    web_page = WebURLField("page web du projet", blank=True, default="")
    # Classification
    domains = models.ManyToManyField(Domain, related_name="projects", blank=True,
                                     verbose_name="domaines")
    techniques = models.ManyToManyField(Technique, related_name="projects", blank=True,
                                        verbose_name="techniques d'IA")
    status = models.CharField("avancement", max_length=16, choices=ProjectStatus.choices,
                              default=ProjectStatus.IDEA)
    status_detail = models.CharField("précision sur l'avancement", max_length=300, blank=True,
                                     default="")
    status_reason = models.TextField(
        "raison de l'arrêt ou de l'abandon", blank=True, default="",
        help_text="Obligatoire si le projet est arrêté ou abandonné.",
    )
    start_year = models.PositiveSmallIntegerField(
        "année de début", null=True, blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    start_date = models.DateField("date de début", null=True, blank=True)
    end_date = models.DateField("date de fin", null=True, blank=True)
    # Purpose and results
    purpose = models.TextField("objectif", blank=True, default="")
    decision_role = models.CharField("place dans la décision", max_length=16,
                                     choices=DecisionRole.choices, default=DecisionRole.UNKNOWN)
    alternatives_considered = models.TextField(
        "solutions envisagées, y compris sans IA", blank=True, default="")
    results_summary = models.TextField("résultats (résumé)", blank=True, default="")
    # Supplier
    solution = models.ForeignKey(
        Solution, on_delete=models.PROTECT, null=True, blank=True, related_name="projects",
        verbose_name="solution du catalogue",
        help_text="La solution utilisée, choisie dans le catalogue des solutions.",
    )
    solution_name = models.CharField("solution ou produit", max_length=200, blank=True,
                                     default="")
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="projects", verbose_name="fournisseur")
    procurement = models.CharField("mode d'achat", max_length=300, blank=True, default="")
    # Costs
    investment_eur = models.DecimalField("investissement (€)", max_digits=14, decimal_places=2,
                                         null=True, blank=True,
                                         validators=[MinValueValidator(0)])
    yearly_cost_eur = models.DecimalField("coût annuel de fonctionnement (€)", max_digits=14,
                                          decimal_places=2, null=True, blank=True,
                                          validators=[MinValueValidator(0)])
    funding = models.TextField("financements obtenus", blank=True, default="")
    # Hosting and data
    hosting_provider = models.CharField("hébergeur", max_length=200, blank=True, default="")
    hosting_country = models.CharField("pays d'hébergement", max_length=100, blank=True,
                                       default="")
    secnumcloud = models.CharField("hébergement qualifié SecNumCloud", max_length=8,
                                   choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN)
    open_source = models.CharField("code source ouvert", max_length=8,
                                   choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN)
    source_code_url = WebURLField("lien vers le code source", blank=True, default="")
    data_sources = models.TextField("données utilisées", blank=True, default="")
    # Risk, ethics, law
    personal_data = models.CharField("données personnelles traitées", max_length=8,
                                     choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN)
    personal_data_details = models.TextField("précisions sur les données personnelles",
                                             blank=True, default="")
    dpia_done = models.CharField("analyse d'impact (AIPD) réalisée", max_length=8,
                                 choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN)
    fria_done = models.CharField("analyse d'impact sur les droits fondamentaux réalisée",
                                 max_length=8, choices=YesNoUnknown.choices,
                                 default=YesNoUnknown.UNKNOWN)
    human_oversight = models.TextField("contrôle humain", blank=True, default="")
    contest_procedure = models.TextField("comment contester une décision", blank=True,
                                         default="")
    risks = models.TextField("risques connus et mesures prises", blank=True, default="")
    ai_act_tier = models.CharField(
        "niveau de risque (règlement européen sur l'IA)", max_length=16,
        choices=AiActTier.choices, blank=True, default="",
        help_text="Résultat de la dernière évaluation de conformité ; vide si non évalué.",
    )
    # Reuse
    lessons_learned = models.TextField("enseignements", blank=True, default="")
    next_review_date = models.DateField("prochaine mise à jour prévue", null=True, blank=True)
    # Register life
    state = models.CharField("état de publication", max_length=16,
                             choices=WorkflowState.choices, default=WorkflowState.DRAFT)
    state_before_archive = models.CharField(max_length=16, choices=WorkflowState.choices,
                                            blank=True, default="")
    rejection_reason = models.TextField("motif du refus", blank=True, default="")
    published_at = models.DateTimeField("publié le", null=True, blank=True)
    source_id = models.CharField(
        "identifiant d'origine", max_length=120, blank=True, default="",
        help_text="Identifiant stable dans le fichier d'origine (import).",
    )
    version = models.PositiveIntegerField("version", default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name="créé par")
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "projet"
        verbose_name_plural = "projets"
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_id"], condition=~models.Q(source_id=""),
                name="project_unique_source_id",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "-published_at"]),
            models.Index(fields=["owner", "state"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("www:project", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.state == WorkflowState.PUBLISHED

    @property
    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.keywords.split(",") if k.strip()]


class PartnerRole(models.TextChoices):
    PARTNER = "partner", "Partenaire du projet"
    FOLLOWER = "follower", "Suit le projet ou l'utilise aussi"


class PartnerStatus(models.TextChoices):
    PENDING = "pending", "En attente de réponse"
    ACCEPTED = "accepted", "Accepté"
    REFUSED = "refused", "Refusé"
    WITHDRAWN = "withdrawn", "Retiré"


class PartnerInitiative(models.TextChoices):
    """Who asked: the other side must consent before the link is shown publicly."""

    INVITED = "invited", "Invitée par la collectivité porteuse"
    ASKED = "asked", "Demande de la collectivité"
    SOURCE = "source", "Relevé dans une source publique"


class ProjectPartner(models.Model):
    """A collectivité linked to another's project. Shown publicly only once accepted by
    the side that did not ask: the partner for an invitation, the lead for a request."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partnerships")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT,
                                     related_name="partnerships", verbose_name="collectivité")
    role = models.CharField("rôle", max_length=16, choices=PartnerRole.choices,
                            default=PartnerRole.PARTNER)
    status = models.CharField("réponse", max_length=10, choices=PartnerStatus.choices,
                              default=PartnerStatus.PENDING)
    initiative = models.CharField("à l'initiative de", max_length=8,
                                  choices=PartnerInitiative.choices,
                                  default=PartnerInitiative.INVITED)
    message = models.TextField("message", blank=True, default="")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name="demandé par")
    requested_at = models.DateTimeField("demandé le", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name="réponse donnée par")
    decided_at = models.DateTimeField("réponse le", null=True, blank=True)
    refusal_reason = models.TextField("motif du refus", blank=True, default="")

    class Meta:
        verbose_name = "partenaire"
        verbose_name_plural = "partenaires"
        ordering = ["organization__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "organization"],
                                    name="project_partner_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"

    @property
    def is_public(self) -> bool:
        """Shown on the project, the partner's page, the API and the exports."""
        return self.status == PartnerStatus.ACCEPTED


class Indicator(models.Model):
    """A measured result: label, value before and after, unit, who measured, when."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    label = models.CharField("indicateur", max_length=200)
    value_before = models.DecimalField("valeur avant", max_digits=16, decimal_places=4,
                                       null=True, blank=True)
    value_after = models.DecimalField("valeur après", max_digits=16, decimal_places=4,
                                      null=True, blank=True)
    unit = models.CharField("unité", max_length=60, blank=True, default="")
    measured_by = models.CharField("mesuré par", max_length=200, blank=True, default="")
    measured_on = models.CharField("date de la mesure", max_length=10, blank=True, default="",
                                   help_text="Année (2024), mois (2024-03) ou jour (2024-03-15).")
    source_url = WebURLField("source de la mesure", max_length=600, blank=True, default="")
    note = models.CharField("précision", max_length=500, blank=True, default="")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "indicateur de résultat"
        verbose_name_plural = "indicateurs de résultat"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


class Source(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sources")
    url = WebURLField("adresse de la source", max_length=600)
    title = models.CharField("titre de la source", max_length=300, blank=True, default="")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "source"
        verbose_name_plural = "sources"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title or self.url


class ProjectRevision(models.Model):
    """One saved state of a project, written by every change (who, when, what).

    The snapshot holds the whole project, lists and related rows included, so that
    an earlier version can be shown, compared and restored.
    """

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField("numéro de version")
    created_at = models.DateTimeField("le", auto_now_add=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+", verbose_name="par")
    action = models.CharField("action", max_length=200)
    changed_fields = models.JSONField("champs modifiés", default=list)
    snapshot = models.JSONField("contenu")

    class Meta:
        verbose_name = "version d'un projet"
        verbose_name_plural = "versions des projets"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="revision_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.project} — version {self.number}"
