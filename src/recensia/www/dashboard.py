"""Reads of the dashboard (« tableau de bord »): national, per région, per département.

Every count comes from ``projects.selectors.register_statistics``, the selector behind the
home page and the API's statistics, applied to the projects of the area and the filters;
what it does not count (collectivités by population band, solutions, footprint) is read
here, the same way at every level. A chart is a ``Chart``: the rows a table, a CSV file and
a bar chart all show.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.urls import reverse

from recensia.evaluations import selectors as evaluation_selectors
from recensia.figures import format_share
from recensia.projects import selectors as project_selectors
from recensia.projects.models import (
    Domain,
    PartnerRole,
    PartnerStatus,
    Project,
    ProjectKind,
    ProjectPartner,
    ProjectStatus,
    Technique,
)
from recensia.territories.models import Organization, OrganizationKind

# ------------------------------------------------------------------ population bands

@dataclass(frozen=True)
class Band:
    slug: str
    label: str
    low: int
    high: int | None  # excluded; None: no upper bound

    def q(self, prefix: str = "") -> Q:
        condition = Q(**{f"{prefix}population__gte": self.low})
        if self.high is not None:
            condition &= Q(**{f"{prefix}population__lt": self.high})
        return condition

    @property
    def phrase(self) -> str:
        """The band inside a sentence: « communes de moins de 1 000 habitants »."""
        text = self.label[0].lower() + self.label[1:]
        return text if text.startswith("de ") else f"de {text}"

    def contains(self, population: int | None) -> bool:
        return population is not None and population >= self.low and (
            self.high is None or population < self.high)


#: The strata the DGCL uses for communes (« strates de population »).
BANDS = (
    Band("moins-de-1000", "Moins de 1 000 habitants", 0, 1_000),
    Band("1000-3499", "De 1 000 à 3 499 habitants", 1_000, 3_500),
    Band("3500-9999", "De 3 500 à 9 999 habitants", 3_500, 10_000),
    Band("10000-49999", "De 10 000 à 49 999 habitants", 10_000, 50_000),
    Band("50000-99999", "De 50 000 à 99 999 habitants", 50_000, 100_000),
    Band("100000-et-plus", "100 000 habitants et plus", 100_000, None),
)
BANDS_BY_SLUG = {band.slug: band for band in BANDS}


def band_of(population: int | None) -> Band | None:
    return next((band for band in BANDS if band.contains(population)), None)


KIND_FILTERS = (
    (OrganizationKind.COMMUNE, "Communes"),
    (OrganizationKind.EPCI, "Intercommunalités"),
    (OrganizationKind.DEPARTEMENT, "Départements"),
    (OrganizationKind.REGION, "Régions"),
    (OrganizationKind.OTHER, "Autres organismes publics"),
)
# The share by population band speaks of communes, or of intercommunalités when the
# filter asks for them: départements and régions are too few to be split in strata.
SHARE_KINDS = (OrganizationKind.COMMUNE, OrganizationKind.EPCI)


@dataclass(frozen=True)
class Filters:
    """Filters of the page, read from and written back to its address."""

    kind: str = ""
    band: str = ""

    @classmethod
    def from_query(cls, query) -> Filters:
        kind = query.get("type", "")
        band = query.get("taille", "")
        return cls(kind=kind if kind in dict(KIND_FILTERS) else "",
                   band=band if band in BANDS_BY_SLUG else "")

    @property
    def query_string(self) -> str:
        params = {k: v for k, v in (("type", self.kind), ("taille", self.band)) if v}
        return f"?{urlencode(params)}" if params else ""

    @property
    def active(self) -> bool:
        return bool(self.kind or self.band)

    @property
    def description(self) -> str:
        parts = []
        if self.kind:
            parts.append(dict(KIND_FILTERS)[self.kind].lower())
        if self.band:
            parts.append(BANDS_BY_SLUG[self.band].phrase)
        return ", ".join(parts)


# ------------------------------------------------------------------ area

@dataclass(frozen=True)
class Area:
    """France, a région or a département."""

    level: str  # "national", "region" or "departement"
    organization: Organization | None = None

    @property
    def name(self) -> str:
        return "France entière" if self.organization is None else self.organization.name

    @property
    def code(self) -> str:
        return "" if self.organization is None else self.organization.url_code

    def url(self, filters: Filters | None = None) -> str:
        path = (reverse("www:dashboard") if self.organization is None
                else reverse("www:dashboard_area", kwargs={"code": self.code}))
        return path + (filters.query_string if filters else "")

    def organization_q(self, prefix: str = "") -> Q:
        """Collectivités of the area (the région or département itself included)."""
        if self.organization is None:
            return Q()
        field_name = "region" if self.level == "region" else "departement"
        itself = prefix.removesuffix("__") if prefix else "pk"
        return (Q(**{f"{prefix}{field_name}": self.organization})
                | Q(**{itself: self.organization.pk}))


def area_for_code(code: str) -> Area | None:
    kind, _, insee = code.partition("-")
    if kind not in ("region", "departement") or not insee:
        return None
    organization = (Organization.objects.select_related("region")
                    .filter(kind=kind, insee_code=insee.upper()).first())
    return None if organization is None else Area(kind, organization)


def projects_in(area: Area, filters: Filters) -> QuerySet[Project]:
    """Published projects (AI systems and governance) whose owner is in the area and
    matches the filters."""
    projects = project_selectors.published_projects().filter(area.organization_q("owner__"))
    if filters.kind:
        projects = projects.filter(owner__kind=filters.kind)
    if filters.band:
        projects = projects.filter(BANDS_BY_SLUG[filters.band].q("owner__"))
    return projects


# ------------------------------------------------------------------ charts

@dataclass
class Row:
    label: str
    cells: tuple  # the table's cells after the label (numbers or text)
    value: float  # drawn as the bar
    value_text: str
    url: str = ""
    key: str = ""  # a département's code on the map


@dataclass
class Chart:
    slug: str  # file name of its CSV and anchor on the page
    title: str
    method: str  # what is counted, how, from which source
    headers: tuple[str, ...]  # first the label's column
    rows: list[Row] = field(default_factory=list)
    percent: bool = False  # bars of shares (out of 100 %) rather than of the largest count
    note: str = ""

    @property
    def maximum(self) -> float:
        if self.percent:
            return 1.0
        return max((row.value for row in self.rows), default=0) or 1

    @property
    def bars(self) -> list[dict]:
        """The bar chart: each row with the length of its bar (percent of the width)."""
        return [{"row": row, "width": round(100 * row.value / self.maximum, 1)}
                for row in self.rows]

    def csv_rows(self) -> list[list]:
        return [list(self.headers)] + [[row.label, *row.cells] for row in self.rows]


def _count_chart(slug, title, method, label_header, counts: dict, labels: dict) -> Chart:
    rows = [Row(labels.get(key, key), (n,), n, _projects_text(n))
            for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], labels.get(kv[0],
                                                                                   kv[0])))]
    return Chart(slug, title, method, (label_header, "Systèmes d'IA"), rows)


def _projects_text(n: int) -> str:
    return f"{n} système{'s' if n > 1 else ''} d'IA"


METHOD_AI = ("Systèmes d'IA publiés dont la collectivité porteuse est dans le territoire et "
             "répond aux filtres ; les démarches de gouvernance (chartes, stratégies) sont "
             "comptées à part.")


def _year_chart(stats: dict) -> Chart:
    by_year = stats["by_year"]
    years = sorted(year for year in by_year if year is not None)
    rows = [Row(str(year), (by_year[year],), by_year[year], _projects_text(by_year[year]))
            for year in years]
    unknown = by_year.get(None, 0)
    if unknown:
        rows.append(Row("Année non renseignée", (unknown,), unknown, _projects_text(unknown)))
    return Chart("annees", "Systèmes d'IA par année de lancement",
                 METHOD_AI + " Année de lancement déclarée par la collectivité.",
                 ("Année", "Systèmes d'IA"), rows)


def _status_chart(stats: dict) -> Chart:
    by_status = stats["by_status"]
    rows = [Row(label, (by_status.get(value, 0),), by_status.get(value, 0),
                _projects_text(by_status.get(value, 0)))
            for value, label in ProjectStatus.choices]
    return Chart("avancement", "Systèmes d'IA par avancement", METHOD_AI,
                 ("Avancement", "Systèmes d'IA"), rows)


def _band_chart(area: Area, filters: Filters) -> Chart:
    """Share of collectivités that own or take part (as partner) in at least one published
    AI system, by population band."""
    kind = filters.kind if filters.kind in SHARE_KINDS else OrganizationKind.COMMUNE
    ai = Project.objects.filter(pk__in=project_selectors.published_projects()
                                .filter(kind=ProjectKind.AI_SYSTEM).values("pk"))
    takes_part = Exists(ai.filter(owner=OuterRef("pk"))) | Exists(
        ProjectPartner.objects.filter(organization=OuterRef("pk"), role=PartnerRole.PARTNER,
                                      status=PartnerStatus.ACCEPTED,
                                      project__in=ai))
    organizations = Organization.objects.filter(area.organization_q(), kind=kind,
                                                is_obsolete=False)
    bands = [BANDS_BY_SLUG[filters.band]] if filters.band else BANDS
    aggregates = {}
    for band in bands:
        aggregates[f"{band.slug}_total"] = Count("pk", filter=band.q())
        aggregates[f"{band.slug}_with"] = Count("pk", filter=band.q() & Q(takes_part))
    counts = organizations.aggregate(**aggregates)
    rows = []
    for band in bands:
        total, with_project = counts[f"{band.slug}_total"], counts[f"{band.slug}_with"]
        share = with_project / total if total else 0.0
        rows.append(Row(band.label, (with_project, total, format_share(share) if total
                                     else "—"),
                        share, f"{format_share(share) if total else '—'} "
                               f"({with_project} sur {total})"))
    label = "communes" if kind == OrganizationKind.COMMUNE else "intercommunalités"
    return Chart(
        "taille", f"Part des {label} ayant au moins un projet, par taille",
        f"Parmi les {label} du référentiel officiel (population municipale, découpage "
        "administratif d'Etalab) qui existent encore : celles qui portent au moins un système "
        "d'IA publié ou y participent comme partenaire (les collectivités qui suivent "
        "seulement un projet ne sont pas comptées). Strates de population de la DGCL.",
        ("Taille", f"{label.capitalize()} ayant au moins un projet", f"{label.capitalize()}",
         "Part"), rows, percent=True)


SOLUTION_LIMIT = 10


def solution_usage(projects: QuerySet[Project]) -> list[tuple[str, int, int]]:
    """(solution, systems, collectivités) of the most used solutions, most used first.

    A project linked to an entry of the solutions catalogue counts under that entry's name;
    a project that is not linked yet counts under what it says: its product name and vendor
    as typed (« CamIA (AzurIA) »), or the vendor alone."""
    usage: dict[str, tuple[Counter, set]] = {}
    rows = (projects.filter(kind=ProjectKind.AI_SYSTEM)
            .values_list("solution__name", "solution__vendor__name", "solution_name",
                         "vendor__name", "owner_id").order_by())
    for catalogue, catalogue_vendor, typed, vendor, owner in rows:
        solution = (catalogue or typed or "").strip()
        vendor = ((catalogue_vendor if catalogue else vendor) or "").strip()
        if solution and vendor and vendor.lower() not in solution.lower():
            name = f"{solution} ({vendor})"
        else:
            name = solution or (f"{vendor} (fournisseur)" if vendor else "")
        if not name:
            continue
        key = name.lower()
        names, owners = usage.setdefault(key, (Counter(), set()))
        names[name] += 1
        owners.add(owner)
    result = [(names.most_common(1)[0][0], sum(names.values()), len(owners))
              for names, owners in usage.values()]
    result.sort(key=lambda item: (-item[1], -item[2], item[0].lower()))
    return result[:SOLUTION_LIMIT]


def _solutions_chart(projects: QuerySet[Project]) -> Chart:
    rows = [Row(name, (systems, organizations), systems,
                f"{_projects_text(systems)}, {organizations} collectivité"
                f"{'s' if organizations > 1 else ''}")
            for name, systems, organizations in solution_usage(projects)]
    return Chart(
        "solutions", "Solutions les plus utilisées",
        "Produit et fournisseur tels que les collectivités les ont déclarés sur la fiche de "
        f"chaque système d'IA publié (les {SOLUTION_LIMIT} premiers) ; les fiches qui ne "
        "nomment ni produit ni fournisseur ne sont pas comptées.",
        ("Solution", "Systèmes d'IA", "Collectivités"), rows,
        note="" if rows else "Aucune fiche du territoire ne nomme sa solution.")


def _map_chart(area: Area, projects: QuerySet[Project]) -> Chart:
    """Systems per département of the area (the table beside the map)."""
    departements = Organization.objects.filter(kind=OrganizationKind.DEPARTEMENT)
    if area.level == "region":
        departements = departements.filter(region=area.organization)
    elif area.level == "departement":
        departements = departements.filter(region=area.organization.region_id)
    ai = projects.filter(kind=ProjectKind.AI_SYSTEM)
    counts = dict(ai.filter(owner__kind=OrganizationKind.DEPARTEMENT)
                  .values_list("owner__insee_code").annotate(n=Count("pk")).order_by())
    for code, n in (ai.exclude(owner__departement=None).values_list("owner__departement__"
                                                                     "insee_code")
                    .annotate(n=Count("pk")).order_by()):
        counts[code] = counts.get(code, 0) + n
    rows = [Row(f"{d.name} ({d.insee_code})", (counts.get(d.insee_code, 0),),
                counts.get(d.insee_code, 0), _projects_text(counts.get(d.insee_code, 0)),
                url=Area("departement", d).url(), key=d.insee_code)
            for d in departements.order_by("insee_code")]
    return Chart(
        "departements", "Systèmes d'IA par département",
        METHOD_AI + " Un système est compté dans le département de sa collectivité porteuse ; "
        "ceux des régions n'appartiennent à aucun département.",
        ("Département", "Systèmes d'IA"), rows)


@dataclass
class Dashboard:
    area: Area
    filters: Filters
    statistics: dict
    charts: list[Chart]
    map_chart: Chart
    footprint: object
    nearby: dict
    subareas: list = field(default_factory=list)

    def chart(self, slug: str) -> Chart | None:
        return next((c for c in [*self.charts, self.map_chart] if c.slug == slug), None)


DASHBOARD_SECONDS = 60


def _register_stamp() -> str:
    """What changes when a figure of the dashboard may change: a project written, an
    assessment added (collectivités change rarely: the copy lasts a minute)."""
    from recensia.evaluations.models import FootprintAssessment

    projects = Project.objects.aggregate(last=Max("updated_at"), n=Count("pk"))
    assessment = FootprintAssessment.objects.aggregate(last=Max("pk"))["last"]
    last = projects["last"].timestamp() if projects["last"] else 0
    return f"{projects['n']}-{last}-{assessment}"


def dashboard(area: Area, filters: Filters) -> Dashboard:
    """The dashboard of an area, computed at most once a minute for a state of the
    register (the national page reads every commune)."""
    key = (f"dashboard:{area.code or 'france'}:{filters.kind}:{filters.band}:"
           f"{_register_stamp()}")
    return cache.get_or_set(key, lambda: _dashboard(area, filters), DASHBOARD_SECONDS)


def _dashboard(area: Area, filters: Filters) -> Dashboard:
    projects = projects_in(area, filters)
    stats = project_selectors.register_statistics(projects)
    domains = dict(Domain.objects.values_list("slug", "name"))
    techniques = dict(Technique.objects.values_list("slug", "name"))
    charts = [
        _count_chart("domaines", "Systèmes d'IA par domaine",
                     METHOD_AI + " Un système peut relever de plusieurs domaines.",
                     "Domaine", stats["by_domain"], domains),
        _count_chart("techniques", "Systèmes d'IA par technique",
                     METHOD_AI + " Un système peut employer plusieurs techniques.",
                     "Technique", stats["by_technique"], techniques),
        _status_chart(stats),
        _year_chart(stats),
        _band_chart(area, filters),
        _solutions_chart(projects),
    ]
    subareas = []
    if area.level == "national":
        subareas = [Area("region", r) for r in
                    Organization.objects.filter(kind=OrganizationKind.REGION, is_obsolete=False)
                    .order_by("insee_code")]
    return Dashboard(area, filters, stats, charts, _map_chart(area, projects),
                     evaluation_selectors.footprint_total(projects), _nearby(area, filters),
                     subareas)


def _nearby(area: Area, filters: Filters) -> dict:
    """Communes without a project of their own that can lean on one of their
    intercommunalité (owned by it, or in which it takes part)."""
    if filters.kind and filters.kind != OrganizationKind.COMMUNE:
        return {}
    ai = project_selectors.published_projects().filter(kind=ProjectKind.AI_SYSTEM)
    epci_with = (Q(epci__projects__in=ai)
                 | project_selectors.accepted_partner("epci__", project__in=ai))
    communes = Organization.objects.filter(area.organization_q(), kind=OrganizationKind.COMMUNE,
                                           is_obsolete=False)
    if filters.band:
        communes = communes.filter(BANDS_BY_SLUG[filters.band].q())
    own = Q(projects__in=ai) | project_selectors.accepted_partner(project__in=ai)
    covered = communes.filter(epci_with).exclude(pk__in=communes.filter(own).values("pk"))
    return {"communes": communes.count(), "covered_by_epci": covered.distinct().count()}
