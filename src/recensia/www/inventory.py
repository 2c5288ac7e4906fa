"""Reads of a collectivité's page: its public inventory of algorithms (CRPA L312-1-3), the
projects of the groupings it belongs to, and the collectivités like it.

The inventory files (CSV, XLSX, PDF) follow the layout of Etalab's guide « Fiche pratique :
l'inventaire des principaux traitements algorithmiques » (guides of data.gouv.fr): one line
per processing with its name, purpose, the service in charge, what it decides, the data it
uses, how to contest a decision and whom to contact.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from recensia.projects import selectors as project_selectors
from recensia.projects.models import (
    DecisionRole,
    Project,
    ProjectKind,
)
from recensia.territories.models import Organization, OrganizationKind
from recensia.www.dashboard import band_of, solution_usage

GUIDE_URL = ("https://guides.data.gouv.fr/autres-ressources-utiles/les-algorithmes-publics-"
             "pourquoi-et-comment-les-expliquer/fiche-pratique-linventaire-des-principaux-"
             "traitements-algorithmiques")
CRPA_URL = "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000033205535"
LIST_RELATED = ("owner", "owner__departement", "vendor")


@dataclass
class Grouping:
    """A grouping the collectivité belongs to and its projects."""

    organization: Organization
    relation: str  # « son intercommunalité »
    projects: list[Project] = field(default_factory=list)


def groupings_of(organization: Organization) -> list[Organization]:
    """The groupings whose projects are also this collectivité's: its intercommunalité
    (EPCI à fiscalité propre). Syndicats are not yet linked to their members in the
    reference data."""
    return [organization.epci] if organization.epci_id else []


def grouping_projects(organization: Organization, user, exclude_ids) -> list[Grouping]:
    base = (project_selectors.visible_projects(user).select_related(*LIST_RELATED)
            .prefetch_related("domains"))
    result = []
    for grouping in groupings_of(organization):
        projects = list(base.filter(Q(owner=grouping) | project_selectors.accepted_partner(
                                                           organization=grouping))
                        .exclude(pk__in=exclude_ids).distinct()
                        .order_by("-published_at", "-id"))
        result.append(Grouping(grouping, "son intercommunalité", projects))
    return result


# ------------------------------------------------------------------ the inventory file

def _decision(project: Project) -> str:
    role = project.get_decision_role_display()
    if project.human_oversight:
        return f"{role}. Contrôle humain : {project.human_oversight}"
    return role


def _contest(project: Project, organization: Organization) -> str:
    if project.contest_procedure:
        return project.contest_procedure
    if project.decision_role == DecisionRole.NOT_APPLICABLE:
        return "Sans objet : le système ne prend ni ne prépare de décision individuelle."
    return ("Non précisé sur la fiche : écrire au contact indiqué, qui doit expliquer la "
            "décision et ses règles sur demande (article L311-3-1 du code des relations entre "
            "le public et l'administration).")


def _contact(project: Project, organization: Organization) -> str:
    return project.contact_email or organization.service_contact_email or ""


#: (column title, value) of each line of the inventory, in the guide's order.
COLUMNS = (
    ("Nom du traitement", lambda p, o, carried: p.title),
    ("Administration qui le met en œuvre", lambda p, o, carried: carried),
    ("Service ou direction", lambda p, o, carried: p.team),
    ("Objectif (finalité)", lambda p, o, carried: p.purpose or p.short_description),
    ("Ce que fait le traitement dans la décision", lambda p, o, carried: _decision(p)),
    ("Données utilisées", lambda p, o, carried: p.data_sources),
    ("Avancement", lambda p, o, carried: p.get_status_display()),
    ("Année de mise en service", lambda p, o, carried: p.start_year or ""),
    ("Solution et fournisseur", lambda p, o, carried: ", ".join(
        v for v in (p.solution_name, p.vendor.name if p.vendor_id else "") if v)),
    ("Comment contester une décision", lambda p, o, carried: _contest(p, o)),
    ("Contact", lambda p, o, carried: _contact(p, o)),
    ("Fiche complète", lambda p, o, carried: p.get_absolute_url()),
)


@dataclass
class InventoryLine:
    project: Project
    carried_by: str  # « Nantes », « Nantes Métropole (son intercommunalité) »…
    cells: list

    @property
    def fields(self) -> list[tuple[str, object]]:
        """(title, value) of the filled columns between the name and the link."""
        return [(title, value) for (title, _v), value in zip(COLUMNS[1:-1], self.cells[1:-1],
                                                             strict=True)
                if value not in ("", None)]


def inventory(organization: Organization) -> list[InventoryLine]:
    """The published AI systems of the collectivité, those it takes part in, and those of
    its groupings: the public inventory (governance initiatives are not algorithms)."""
    published = (project_selectors.published_projects().filter(kind=ProjectKind.AI_SYSTEM)
                 .select_related(*LIST_RELATED))
    owned = list(published.filter(owner=organization).order_by("title", "id"))
    partner = list(published.filter(project_selectors.accepted_partner(
                                    organization=organization))
                   .exclude(owner=organization).distinct().order_by("title", "id"))
    seen = {p.pk for p in owned + partner}
    lines = [(p, organization.name) for p in owned]
    lines += [(p, f"{p.owner.name}, avec {organization.name} comme partenaire")
              for p in partner]
    for grouping in groupings_of(organization):
        for p in (published.filter(Q(owner=grouping)
                                   | project_selectors.accepted_partner(organization=grouping))
                  .exclude(pk__in=seen).distinct().order_by("title", "id")):
            lines.append((p, f"{grouping.name} (son intercommunalité)"
                          if p.owner_id == grouping.pk else
                          f"{p.owner.name}, avec {grouping.name} (son intercommunalité)"))
            seen.add(p.pk)
    return [InventoryLine(p, carried, [value(p, organization, carried)
                                       for _title, value in COLUMNS])
            for p, carried in lines]


def inventory_rows(organization: Organization, site_url: str) -> list[list]:
    """Header then one row per line, links made absolute (for the files)."""
    rows = [[title for title, _value in COLUMNS]]
    for line in inventory(organization):
        cells = list(line.cells)
        cells[-1] = site_url + cells[-1]
        rows.append(cells)
    return rows


# ------------------------------------------------------------------ collectivités like mine

COMPARISON_LIMIT = 8


@dataclass
class Peer:
    organization: Organization
    projects: int
    domains: list[str]
    solutions: list[str]


@dataclass
class Comparison:
    description: str  # « communes de 1 000 à 3 499 habitants de la région Bretagne »
    singular: str  # « commune de 1 000 à 3 499 habitants de la région Bretagne »
    total: int  # comparable collectivités (itself excluded)
    with_projects: int
    peers: list[Peer]
    own: Peer


KIND_NAMES = {OrganizationKind.COMMUNE: ("commune", "communes"),
              OrganizationKind.EPCI: ("intercommunalité", "intercommunalités"),
              OrganizationKind.DEPARTEMENT: ("département", "départements"),
              OrganizationKind.REGION: ("région", "régions")}


def _peers_queryset(organization: Organization) -> tuple[QuerySet, list[str]] | None:
    kind_names = KIND_NAMES
    if organization.kind not in kind_names:
        return None
    peers = Organization.objects.filter(kind=organization.kind, is_obsolete=False).exclude(
        pk=organization.pk)
    words = []
    band = band_of(organization.population)
    if organization.kind in (OrganizationKind.COMMUNE, OrganizationKind.EPCI):
        if band is None:
            return None
        peers = peers.filter(band.q())
        words.append(band.phrase)
    if organization.kind != OrganizationKind.REGION:
        if organization.region_id is None:
            return None
        peers = peers.filter(region=organization.region_id)
        words.append(f"de la région {organization.region.name}")
    return peers, words


def comparison(organization: Organization) -> Comparison | None:
    """Collectivités of the same type and size band in the same région: what they do."""
    found = _peers_queryset(organization)
    if found is None:
        return None
    peers, words = found
    singular, plural = KIND_NAMES[organization.kind]
    ai = project_selectors.published_projects().filter(kind=ProjectKind.AI_SYSTEM)
    involved = ai.filter(Q(owner__in=peers) | Q(owner=organization)
                         | project_selectors.accepted_partner(organization__in=peers)
                         | project_selectors.accepted_partner(organization=organization)).distinct()
    by_org: dict[int, set[int]] = defaultdict(set)
    peer_ids = set(peers.values_list("pk", flat=True)) | {organization.pk}
    for pk, owner_id in involved.values_list("pk", "owner_id"):
        by_org[owner_id].add(pk)
    for pk, org_id in (involved.filter(project_selectors.accepted_partner())
                       .values_list("pk", "partnerships__organization_id")):
        by_org[org_id].add(pk)
    domains: dict[int, set[str]] = defaultdict(set)
    for pk, name in involved.values_list("pk", "domains__name"):
        if name:
            domains[pk].add(name)

    def peer(org: Organization) -> Peer:
        ids = by_org.get(org.pk, set())
        return Peer(org, len(ids), sorted({d for pk in ids for d in domains[pk]}),
                    [name for name, _n, _o in solution_usage(ai.filter(pk__in=ids))])

    active_ids = [pk for pk in by_org if pk in peer_ids and pk != organization.pk]
    active = [peer(org) for org in Organization.objects.filter(pk__in=active_ids)
              .select_related("departement")]
    active.sort(key=lambda p: (-p.projects, p.organization.name))
    return Comparison(" ".join([plural, *words]), " ".join([singular, *words]), peers.count(),
                      len(active), active[:COMPARISON_LIMIT], peer(organization))


def inventory_pdf(organization: Organization, rows: list[list]) -> bytes:
    """The inventory as a PDF: one section per processing, each field with its title."""
    from django.utils import timezone

    from recensia.compliance.documents import pdf_bytes
    from recensia.compliance.rules import format_date_fr

    today = timezone.localdate()
    header, lines = rows[0], rows[1:]
    blocks = [("title", f"Inventaire des principaux traitements algorithmiques — "
                        f"{organization.name}"),
              ("subtitle", "Article L312-1-3 du code des relations entre le public et "
                           "l'administration ; présentation inspirée de la fiche pratique "
                           "d'Etalab. Établi à partir des fiches publiées sur RecensIA le "
                           f"{format_date_fr(today)}.")]
    if organization.service_contact_email:
        blocks.append(("paragraph", "Contact : " + ", ".join(
            v for v in (organization.service_contact_label,
                        organization.service_contact_email) if v)))
    if not lines:
        blocks.append(("paragraph", "Aucun traitement algorithmique publié pour l'instant."))
    for cells in lines:
        blocks.append(("heading", str(cells[0])))
        for title, value in zip(header[1:], cells[1:], strict=True):
            if value not in ("", None):
                blocks.append(("paragraph", f"{title} : {value}"))
    return pdf_bytes(blocks, title=f"Inventaire des algorithmes — {organization.name}",
                     footer=f"{organization.name} — inventaire des algorithmes", created=today)
