from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Path, Schema
from pydantic import Field

from recensia.api.solutions import OfferOut

#: Examples of the path parameters, taken from the demonstration data (``make demo-data``):
#: the Optimus voice assistant of Plaisir (78490), the first of the 58 real cases.
EXAMPLE_PROJECT_SLUG = "optimus-assistant-vocal-callbot-du-standard-de-la-mairie"
EXAMPLE_ORGANIZATION_CODE = "78490"
#: The first published purchase grid (none in the demonstration data: the API tests make it).
EXAMPLE_GRID_ID = 1

ProjectSlug = Annotated[str, Path(
    pattern=r"^[-a-zA-Z0-9_]+$", max_length=220, example=EXAMPLE_PROJECT_SLUG,
    description="Adresse du projet (lettres sans accent, chiffres et tirets), telle que "
                "dans /projets/<adresse>/")]
GridId = Annotated[int, Path(
    ge=1, le=2**31 - 1, example=EXAMPLE_GRID_ID,
    description="Numéro de la grille, tel que dans /achats/<numéro>/")]
OrganizationCode = Annotated[str, Path(
    pattern=r"^[-a-zA-Z0-9]+$", max_length=40, example=EXAMPLE_ORGANIZATION_CODE,
    description="Code INSEE d'une commune, SIREN, departement-29, region-11 ou "
                "organisme-<numéro>")]


class OrganizationRef(Schema):
    code: str = Field(description="Code utilisé dans les adresses : INSEE, SIREN ou préfixé")
    name: str
    kind: str = Field(description="commune, epci, departement, region ou other")
    insee_code: str
    siren: str
    url: str
    other_type: str = Field("", description="Nature d'un autre organisme (syndicat, sdis, "
                                            "opsn, regie, ept, autre) ; vide sinon")


class Organization(OrganizationRef):
    kind_label: str
    population: int | None
    departement: OrganizationRef | None
    region: OrganizationRef | None
    epci: OrganizationRef | None
    is_obsolete: bool


class Partner(Schema):
    organization: OrganizationRef
    role: str = Field(description="partner ou follower")


class Indicator(Schema):
    label: str
    value_before: Decimal | None
    value_after: Decimal | None
    unit: str
    measured_by: str
    measured_on: str
    source_url: str
    note: str


class SourceOut(Schema):
    url: str
    title: str


class ProjectSummary(Schema):
    slug: str
    url: str
    title: str
    short_description: str
    kind: str
    status: str
    status_label: str
    owner: OrganizationRef
    domains: list[str]
    techniques: list[str]
    start_year: int | None
    published_at: datetime | None
    updated_at: datetime


class Project(ProjectSummary):
    description: str
    keywords: list[str]
    partners: list[Partner]
    status_detail: str
    status_reason: str
    start_date: date | None
    end_date: date | None
    purpose: str
    decision_role: str
    alternatives_considered: str
    results_summary: str
    indicators: list[Indicator]
    solution_name: str
    vendor: str | None
    vendor_siren: str | None
    procurement: str
    investment_eur: Decimal | None
    yearly_cost_eur: Decimal | None
    funding: str
    hosting_provider: str
    hosting_country: str
    secnumcloud: str
    open_source: str
    source_code_url: str
    data_sources: str
    personal_data: str
    personal_data_details: str
    dpia_done: str
    fria_done: str
    human_oversight: str
    contest_procedure: str
    risks: str
    lessons_learned: str
    team: str
    contact_email: str
    web_page: str
    next_review_date: date | None
    sources: list[SourceOut]
    version: int
    state: str
    source_id: str = Field(description="Identifiant stable : celui de l'import d'origine, "
                                       "sinon l'adresse (slug) ; un import le reconnaît")
    solution: str | None = Field(None, description="Adresse de la solution du catalogue "
                                                   "utilisée (GET /solutions/{slug})")
    pooling: OfferOut | None = Field(None, description="Offre de mutualisation de la collectivité "
                                                   "cheffe de file (conditions, date limite, "
                                                   "collectivités acceptées), ou null")


class FacetValue(Schema):
    value: str
    label: str
    count: int


class ProjectList(Schema):
    count: int
    page: int
    pages: int
    items: list[ProjectSummary]
    facets: dict[str, list[FacetValue]]


class OrganizationList(Schema):
    count: int
    items: list[Organization]


class Statistics(Schema):
    projects: int = Field(description="Systèmes d'IA publiés (sans les démarches de gouvernance)")
    governance: int = Field(description="Démarches de gouvernance publiées (chartes, "
                                        "stratégies, conventions citoyennes…)")
    organizations: int
    by_status: dict[str, int] = Field(description="Systèmes d'IA par avancement")
    governance_by_status: dict[str, int] = Field(
        description="Démarches de gouvernance par avancement")
    by_domain: dict[str, int] = Field(description="Systèmes d'IA par domaine")
    by_organization_kind: dict[str, int] = Field(
        description="Systèmes d'IA par type de collectivité porteuse")


class ProjectWrite(Schema):
    """Same fields as the import format (recensia-projets v1)."""

    kind: str | None = None
    title: str | None = None
    short_description: str | None = None
    description: str | None = None
    keywords: list[str] | None = None
    domains: list[str] | None = Field(None, description="Libellés ou identifiants des domaines")
    techniques: list[str] | None = None
    status: str | None = None
    status_detail: str | None = None
    status_reason: str | None = None
    start_year: int | None = None
    purpose: str | None = None
    decision_role: str | None = None
    alternatives_considered: str | None = None
    results_summary: str | None = None
    solution_name: str | None = None
    vendor: str | None = None
    vendor_siren: str | None = None
    hosting_provider: str | None = None
    hosting_country: str | None = None
    personal_data: str | None = None
    dpia_done: str | None = None
    human_oversight: str | None = None
    contest_procedure: str | None = None
    lessons_learned: str | None = None
    contact_email: str | None = None
    sources: list[SourceOut] | None = None
    version: int | None = Field(None, description="Version lue ; obligatoire pour modifier")


class Error(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class ProvenanceOut(Schema):
    answered_by: str = Field(description="Qui a répondu : « collectivite » (la collectivité "
                                         "elle-même) ou « plateforme » (pré-diagnostic établi "
                                         "par RecensIA à partir d'informations publiques)")
    answered_by_label: str
    source: str = Field(description="Source publique du pré-diagnostic (adresse), sinon vide")
    basis: str = Field(description="Ce que dit la source, sinon vide")
    confidence: str = Field(description="Confiance du pré-diagnostic : faible, moyenne, "
                                        "elevee ; vide pour une évaluation de la collectivité")


class FootprintOut(ProvenanceOut):
    project: str = Field(description="Adresse (slug) du projet")
    assessed_at: datetime
    engine_version: str
    data_versions: dict[str, Any]
    inputs: dict[str, Any] = Field(description="Données saisies, pour refaire le calcul")
    result: dict[str, Any] = Field(description="Résultat : fourchettes par an et par unité, "
                                               "poste dominant, sources, méthode (valeurs "
                                               "brutes, non arrondies)")
    display: dict[str, str] = Field(
        description="Totaux annuels tels que les pages les affichent (2 chiffres "
                    "significatifs, unité lisible), par indicateur")


class ComplianceOut(ProvenanceOut):
    project: str
    assessed_at: datetime
    as_of: date = Field(description="Date du droit appliqué")
    engine_version: str
    rules_version: str
    tier: str = Field(description="prohibited, high_risk, transparency, minimal, ou "
                                  "undetermined quand les réponses ne permettent pas de "
                                  "conclure")
    tier_label: str
    evaluation: dict[str, Any] = Field(description="Règles déclenchées, obligations datées, "
                                                   "AIPD, CRPA, NIS2, opportunité, éthique")


class SubCriterionOut(Schema):
    label: str
    weight: float = Field(description="Points sur 100")


class CriterionOut(Schema):
    label: str
    weight: float = Field(description="Points sur 100")
    method: str = Field(description="price (formule sur le prix), footprint (empreinte "
                                    "calculée par RecensIA) ou note (note de 0 à 10)")
    environmental: bool = Field(description="Porte sur les caractéristiques "
                                            "environnementales de l'offre")
    description: str
    assessment: str = Field(description="Comment le critère est noté")
    subject_link: str = Field(description="Lien avec l'objet du marché")
    subcriteria: list[SubCriterionOut]


class GridCheckOut(Schema):
    id: str
    title: str
    status: str = Field(description="error (à corriger), warning (à vérifier) ou ok")
    status_label: str
    messages: list[str]
    article: str
    url: str = Field(description="Texte sur Légifrance")
    since: date | None = Field(description="Date à partir de laquelle la règle s'applique")


class ClauseRef(Schema):
    id: str
    title: str
    document: str = Field(description="CCTP ou CCAP")


class GridOwner(Schema):
    code: str
    name: str
    kind: str
    url: str


class PurchaseGridOut(Schema):
    id: int
    url: str
    title: str
    subject: str = Field(description="Objet du marché")
    preset: str = Field(description="Grille de départ : chatbot, video, maintenance, "
                                    "documents")
    owner: GridOwner
    project: str | None = Field(description="Adresse (slug) du projet publié lié")
    based_on: int | None = Field(description="Grille publiée dont celle-ci est la reprise")
    published_at: datetime | None
    updated_at: datetime
    version: int
    reuse_count: int = Field(description="Nombre d'autres collectivités qui l'ont reprise")
    launch_date: date | None
    formalised: bool | None
    criteria: list[CriterionOut]
    total_weight: float
    checks: list[GridCheckOut]
    clauses: list[ClauseRef]


class PurchaseGridList(Schema):
    count: int
    items: list[PurchaseGridOut]


class ClauseSource(Schema):
    label: str
    url: str


class ClauseOut(Schema):
    id: str
    title: str
    category: str
    category_label: str
    document: str = Field(description="CCTP ou CCAP")
    text: str
    when: str = Field(description="Quand utiliser la clause")
    sources: list[ClauseSource]
    always: bool
    presets: list[str]
    tiers: list[str] = Field(description="Niveaux de risque du règlement sur l'IA pour "
                                         "lesquels elle est proposée")
    obligation_rules: list[str] = Field(description="Règles de conformité qui la font "
                                                    "proposer")


class ClauseList(Schema):
    count: int
    version: str
    items: list[ClauseOut]
