"""REST API v1. Thin handlers: selectors to read, services to write."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import http_date
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as RequestValidationError
from ninja.security import HttpBearer
from pydantic import Field

from recensia import figures
from recensia.accounts.services import authenticate_api_key
from recensia.api import schemas, serializers
from recensia.api import solutions as api_solutions
from recensia.api.throttling import ApiThrottle
from recensia.evaluations import selectors as evaluation_selectors
from recensia.pooling import selectors as pooling_selectors
from recensia.procurement import clauses as procurement_clauses
from recensia.procurement import grid as procurement_grid
from recensia.procurement import selectors as procurement_selectors
from recensia.projects import entry, services
from recensia.projects import selectors as project_selectors
from recensia.projects.entry import ProjectData
from recensia.projects.models import PartnerStatus, Project, WorkflowState
from recensia.search import selectors as search_selectors
from recensia.search.index import FACETS
from recensia.search.request import SearchRequest
from recensia.territories import selectors as territory_selectors
from recensia.territories.models import Organization

DESCRIPTION = (
    "API publique de RecensIA, la bibliothèque des projets d'IA des collectivités. "
    "Lecture libre et sans clé ; écriture réservée aux outils des collectivités munis d'une "
    "clé d'API (en-tête `Authorization: Bearer <clé>`). Toutes les listes sont paginées et "
    'répondent `{"count": N, "items": [...]}`. Pour tout télécharger, utilisez l\'export '
    "complet plutôt que de parcourir les pages."
)


class ApiKey(HttpBearer):
    def authenticate(self, request, token):
        api_token = getattr(request, "api_token", None) or authenticate_api_key(token)
        if api_token is not None:
            request.api_token = api_token
        return api_token


api = NinjaAPI(
    title="API RecensIA",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_url=None,
    openapi_url="/openapi.json",
    throttle=[ApiThrottle()],
)
# Every operation may answer these, with the body of schemas.Error.
LIMITED = {422: schemas.Error, 429: schemas.Error}
WRITE = {**LIMITED, 401: schemas.Error}


def _error(request, status: int, detail: str, errors: dict | None = None):
    return api.create_response(request, {"detail": detail, "errors": errors or {}},
                               status=status)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"projet": exc.messages}
    return _error(request, 422, "Données invalides.", errors)


@api.exception_handler(RequestValidationError)
def on_request_validation_error(request, exc: RequestValidationError):
    """Parameters or body that do not match the description (OpenAPI)."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())
                    if part not in ("query", "body", "path", "payload", "filters")]
        errors.setdefault(".".join(location) or "requête", []).append(
            _french_pydantic_message(error))
    return _error(request, 422, "Paramètres ou données invalides.", errors)


def _french_pydantic_message(error: dict) -> str:
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    messages = {
        "missing": "valeur obligatoire absente",
        "int_parsing": "nombre entier attendu",
        "int_type": "nombre entier attendu",
        "bool_parsing": "oui/non attendu (true ou false)",
        "string_type": "texte attendu",
        "list_type": "liste attendue",
        "greater_than_equal": f"doit être au moins {context.get('ge')}",
        "less_than_equal": f"doit être au plus {context.get('le')}",
        "json_invalid": "le corps de la requête n'est pas du JSON valide",
        "model_attributes_type": "objet JSON attendu",
        "dict_type": "objet JSON attendu",
    }
    return messages.get(kind, f"valeur invalide ({kind})")


@api.exception_handler(Throttled)
def on_throttled(request, exc: Throttled):
    return _error(request, 429, "Trop de requêtes : 120 par minute sans clé, 300 avec une clé "
                                "d'API ou un compte. Réessayez après le délai indiqué par "
                                "l'en-tête Retry-After (en secondes).")


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, exc: AuthenticationError):
    return _error(request, 401, "Clé d'API absente, inconnue ou révoquée : en-tête "
                                "« Authorization: Bearer <clé> », clé créée sur « Mon compte ».")


@api.exception_handler(Http404)
def on_not_found(request, exc: Http404):
    return _error(request, 404, "Projet introuvable.")


MAX_PAGE = 100_000  # × 100 per page: far more than the register will ever hold


class Paging(Schema):
    """Every list of the API is paginated the same way. A page past the last one is empty;
    the page number is bounded so that the offset stays a number every database takes."""

    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(20, ge=1, le=100)


class ProjectFilters(Paging):
    q: str = Field("", description="Texte recherché (accents, pluriels, synonymes gérés)")
    domaine: list[str] = Field([], description="Identifiants de domaines (OU)")
    technique: list[str] = []
    avancement: list[str] = []
    type: list[str] = []
    region: list[str] = Field([], description="Codes INSEE de régions")
    departement: list[str] = Field([], description="Codes INSEE de départements")
    population: list[str] = []
    solution: list[str] = []
    fournisseur: list[str] = []
    annee: list[str] = []
    pays: list[str] = []
    risque: list[str] = Field([], description="prohibited, high_risk, transparency, minimal, "
                                               "non-evalue")
    aipd: list[str] = Field([], description="yes, no ou unknown")
    tri: str = Field("pertinence", description="pertinence, date ou population")


@api.get(
    "/projets",
    response={200: schemas.ProjectList, **LIMITED},
    tags=["projets"],
    summary="Rechercher les projets publiés",
)
def list_projects(request, filters: Query[ProjectFilters]):
    search = SearchRequest(q=filters.q, sort=filters.tri,
                           filters={name: getattr(filters, name) for name in FACETS})
    results = search_selectors.search_projects(search, page=filters.page,
                                               page_size=filters.page_size)
    return {
        "count": results.total,
        "page": results.page,
        "pages": results.pages,
        "items": [serializers.project_summary(p) for p in results.projects],
        "facets": {
            name: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
            for name, values in results.facets.items()
        },
    }


@api.get(
    "/projets/{slug}",
    response={200: schemas.Project, 404: schemas.Error, **LIMITED},
    tags=["projets"],
    summary="Fiche complète d'un projet publié",
)
def get_project(request, slug: schemas.ProjectSlug, response: HttpResponse):
    project = project_selectors.project_for_page(slug)
    if project is None or not project.is_public:
        return Status(404, {"detail": "Projet introuvable ou non publié."})
    response["Last-Modified"] = http_date(project.updated_at.timestamp())
    return Status(200, {**serializers.project(project),
                        **api_solutions.project_extras(project)})


def _public_project(slug: str) -> Project | None:
    return Project.objects.filter(slug=slug, state=WorkflowState.PUBLISHED).first()


def _latest_assessment(slug: str, latest, what: str, fields: tuple[str, ...],
                       display) -> Status:
    """The latest assessment of a published project (``latest``: a selector), with who
    answered and the rounded figures (``display``: assessment → dict), or 404."""
    project = _public_project(slug)
    assessment = latest(project) if project else None
    if assessment is None:
        return Status(404, {"detail": "Projet introuvable, non publié ou sans évaluation de "
                                      f"{what}."})
    return Status(200, {"project": project.slug, "assessed_at": assessment.created_at,
                        **{name: getattr(assessment, name) for name in fields},
                        **display(assessment), **_provenance(assessment)})


def _provenance(assessment) -> dict:
    return {"answered_by": assessment.answered_by,
            "answered_by_label": assessment.get_answered_by_display(),
            "source": assessment.source, "basis": assessment.basis,
            "confidence": assessment.confidence}


@api.get("/projets/{slug}/empreinte",
         response={200: schemas.FootprintOut, 404: schemas.Error, **LIMITED}, tags=["projets"],
         summary="Dernière évaluation de l'empreinte environnementale d'un projet publié")
def get_project_footprint(request, slug: schemas.ProjectSlug):
    return _latest_assessment(
        slug, evaluation_selectors.latest_footprint, "son empreinte",
        ("engine_version", "data_versions", "inputs", "result"),
        lambda a: {"display": figures.impacts_text(a.result["total"])})


@api.get("/projets/{slug}/conformite",
         response={200: schemas.ComplianceOut, 404: schemas.Error, **LIMITED}, tags=["projets"],
         summary="Dernière évaluation de la conformité d'un projet publié")
def get_project_compliance(request, slug: schemas.ProjectSlug):
    return _latest_assessment(
        slug, evaluation_selectors.latest_compliance, "sa conformité",
        ("as_of", "engine_version", "rules_version", "tier", "evaluation"),
        lambda a: {"tier_label": a.evaluation.get("tier_label", "")})


class OrganizationFilters(Paging):
    q: str = Field("", description="Nom ou code (INSEE, SIREN)")
    type: str = Field("", description="commune, epci, departement, region ou other")
    avec_projets: bool = Field(False, description="Seulement celles qui ont des projets publiés")


@api.get(
    "/collectivites",
    response={200: schemas.OrganizationList, **LIMITED},
    tags=["collectivités"],
    summary="Rechercher les collectivités et organismes",
)
def list_organizations(request, filters: Query[OrganizationFilters]):
    qs = Organization.objects.select_related("departement", "region", "epci")
    if filters.q:
        ids = [o.pk for o in territory_selectors.search_organizations(filters.q, limit=1000)]
        qs = qs.filter(pk__in=ids)
    if filters.type:
        qs = qs.filter(kind=filters.type)
    if filters.avec_projets:
        qs = qs.filter(
            Q(projects__state=WorkflowState.PUBLISHED)
            | Q(partnerships__project__state=WorkflowState.PUBLISHED,
                partnerships__status=PartnerStatus.ACCEPTED)
        ).distinct()
    qs = qs.order_by("kind", "name", "id")
    start = (filters.page - 1) * filters.page_size
    return {
        "count": qs.count(),
        "items": [serializers.organization(o) for o in qs[start : start + filters.page_size]],
    }


@api.get(
    "/collectivites/{code}",
    response={200: schemas.Organization, 404: schemas.Error, **LIMITED},
    tags=["collectivités"],
    summary="Une collectivité (code INSEE, SIREN ou préfixé)",
)
def get_organization(request, code: schemas.OrganizationCode):
    org = territory_selectors.get_organization_by_code(code)
    if org is None:
        return Status(404, {"detail": "Collectivité introuvable."})
    return Status(200, serializers.organization(org))


@api.get(
    "/statistiques",
    response={200: schemas.Statistics, **LIMITED},
    tags=["statistiques"],
    summary="Chiffres clés des projets publiés",
)
def statistics(request):
    return project_selectors.registry_statistics()


# ----------------------------------------------------------------- writing


# API names that differ from the names of the project fields (projects/fields.py).
API_NAMES = {"vendor": "vendor_name"}
FIELD_NAMES = {field: api for api, field in API_NAMES.items()}


def _data_from(payload: schemas.ProjectWrite, *, owner=None,
               project: Project | None = None) -> ProjectData:
    """The payload through the entry path; its problems are a 422 naming each field."""
    values = {API_NAMES.get(name, name): value
              for name, value in payload.dict(exclude_unset=True).items() if name != "version"}
    if owner is not None:
        values["owner"] = owner
    result = entry.read(values, base=project)
    if not result.ok:
        raise entry.as_validation_error(result.problems, FIELD_NAMES)
    return result.data


def _owned(request, slug: str) -> Project:
    project = get_object_or_404(Project, slug=slug)
    if project.owner_id != request.api_token.organization_id:
        raise HttpError(
            403,
            "Cette clé ne permet de modifier que les projets de "
            f"{request.api_token.organization.name}.",
        )
    return project


@api.post(
    "/projets",
    auth=ApiKey(),
    response={201: schemas.Project, **WRITE},
    tags=["écriture"],
    summary="Créer un projet (brouillon) de sa collectivité",
)
def create_project(request, payload: schemas.ProjectWrite):
    token = request.api_token
    data = _data_from(payload, owner=token.organization)
    project = services.create_project(author=token.created_by, data=data)
    return Status(201, serializers.project(project_selectors.project_for_page(project.slug)))


@api.patch(
    "/projets/{slug}",
    auth=ApiKey(),
    response={200: schemas.Project, 403: schemas.Error, 404: schemas.Error,
              409: schemas.Error, **WRITE},
    tags=["écriture"],
    summary="Modifier un projet de sa collectivité",
)
def update_project(request, slug: str, payload: schemas.ProjectWrite):
    project = _owned(request, slug)
    if payload.version is None:
        return Status(
            422,
            {
                "detail": "Indiquez la version lue (champ version) : elle évite "
                "d'écraser une modification faite entre-temps."
            },
        )
    data = _data_from(payload, project=project)
    try:
        project = services.update_project(
            project=project,
            author=request.api_token.created_by,
            data=data,
            expected_version=payload.version,
            action="Modification par l'API",
        )
    except services.EditConflict as exc:
        return Status(409, {"detail": str(exc), "errors": {"champs modifiés": exc.changed_fields}})
    return Status(200, serializers.project(project_selectors.project_for_page(project.slug)))


@api.post(
    "/projets/{slug}/soumettre",
    auth=ApiKey(),
    response={200: schemas.Project, 403: schemas.Error, 404: schemas.Error, **WRITE},
    tags=["écriture"],
    summary="Soumettre un projet à la modération",
)
def submit_project(request, slug: str):
    project = _owned(request, slug)
    project = services.submit_project(project=project, author=request.api_token.created_by)
    return Status(200, serializers.project(project_selectors.project_for_page(project.slug)))


# ----------------------------------------------------------------- purchases


class GridFilters(Schema):
    grille_de_depart: str = Field("", description="chatbot, video, maintenance ou documents")
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=100)


@api.get("/grilles-achat", response={200: schemas.PurchaseGridList, **LIMITED},
         tags=["achats"],
         summary="Grilles de critères d'achat publiées par les collectivités")
def list_purchase_grids(request, filters: Query[GridFilters]):
    qs = procurement_selectors.published_grids()
    if filters.grille_de_depart:
        # An unknown preset matches nothing (and never reaches the database as such).
        preset = filters.grille_de_depart
        qs = qs.filter(preset=preset) if preset in procurement_grid.presets() else qs.none()
    start = (filters.page - 1) * filters.page_size
    return {"count": qs.count(),
            "items": [procurement_selectors.public_grid(g)
                      for g in qs[start : start + filters.page_size]]}


@api.get("/grilles-achat/{grid_id}", response={200: schemas.PurchaseGridOut,
                                               404: schemas.Error, **LIMITED},
         tags=["achats"], summary="Une grille d'achat publiée : critères, poids, contrôles "
                                  "juridiques et clauses")
def get_purchase_grid(request, grid_id: schemas.GridId):
    grid = procurement_selectors.published_grids().filter(pk=grid_id).first()
    if grid is None:
        return Status(404, {"detail": "Grille introuvable ou non publiée."})
    return Status(200, procurement_selectors.public_grid(grid))


class ClauseFilters(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=100)


@api.get("/clauses-achat", response={200: schemas.ClauseList, **LIMITED}, tags=["achats"],
         summary="Bibliothèque de clauses pour l'achat d'IA, avec leurs sources")
def list_clauses(request, filters: Query[ClauseFilters]):
    items = [c.to_dict() for c in procurement_clauses.library().values()]
    start = (filters.page - 1) * filters.page_size
    return {"count": len(items), "version": procurement_clauses.library_version(),
            "items": items[start : start + filters.page_size]}


class SolutionFilters(Paging):
    q: str = Field("", max_length=100, description="Nom, usage ou fournisseur")
    reconnues: bool = Field(False, description="Seulement les solutions reconnues")


@api.get("/solutions", response={200: api_solutions.SolutionList, **LIMITED},
         tags=["solutions"],
         summary="Le catalogue des solutions, avec le nombre de collectivités utilisatrices")
def list_solutions(request, filters: Query[SolutionFilters]):
    qs = pooling_selectors.catalogue()
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(summary__icontains=filters.q)
                       | Q(vendor__name__icontains=filters.q))
    if filters.reconnues:
        qs = qs.filter(recognised=True)
    qs = qs.order_by("name", "id")
    start = (filters.page - 1) * filters.page_size
    page = list(qs[start:start + filters.page_size])
    counts = pooling_selectors.user_counts([s.pk for s in page])
    return {"count": qs.count(),
            "items": [api_solutions.solution_summary(s, counts.get(s.pk, 0)) for s in page]}


@api.get("/solutions/{slug}",
         response={200: api_solutions.SolutionOut, 404: schemas.Error, **LIMITED},
         tags=["solutions"],
         summary="Fiche d'une solution : qui l'utilise, référents, mutualisations")
def get_solution(request, slug: api_solutions.SolutionSlug):
    solution = pooling_selectors.get_solution(slug)
    if solution is None or solution.is_archived:
        return Status(404, {"detail": "Solution introuvable.", "errors": {}})
    return Status(200, api_solutions.solution_detail(solution))
