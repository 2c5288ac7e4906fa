"""Reads: who uses a solution, its referents, open pooling offers, requests waiting for
an answer, and « des solutions pour ma collectivité »."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from recensia.accounts import permissions
from recensia.pooling.models import PoolingEvent, PoolingOffer, SolutionReferent, SolutionUse
from recensia.projects.models import (
    PartnerInitiative,
    PartnerStatus,
    Project,
    ProjectPartner,
    ProjectStatus,
    WorkflowState,
)
from recensia.search.index import POPULATION_BANDS, population_band
from recensia.solutions.models import Solution
from recensia.territories.models import Organization

BAND_KEYS = [key for key, *_ in POPULATION_BANDS]
BAND_LABELS = {key: label for key, label, *_ in POPULATION_BANDS}


def catalogue() -> QuerySet[Solution]:
    return Solution.objects.filter(is_archived=False).select_related("vendor")


def get_solution(slug: str) -> Solution | None:
    return (Solution.objects.select_related("vendor", "recognised_by")
            .prefetch_related("vendor__checks").filter(slug=slug).first())


# ---------------------------------------------------------------- users of a solution

@dataclass
class UserOrganization:
    """A collectivité that uses a solution, and how we know it."""

    organization: Organization
    projects: list[Project] = field(default_factory=list)
    declaration: SolutionUse | None = None

    @property
    def deployed(self) -> bool:
        return any(p.status == ProjectStatus.DEPLOYED for p in self.projects) or bool(
            self.declaration)


def users_by_solution(solution_ids=None) -> dict[int, dict[int, UserOrganization]]:
    """For each solution, the collectivités that use it: owners and accepted partners of
    its published projects, and collectivités that declared its use."""
    result: dict[int, dict[int, UserOrganization]] = defaultdict(dict)
    projects = (Project.objects.filter(state=WorkflowState.PUBLISHED, solution__isnull=False)
                .select_related("owner__departement", "owner__region", "owner__epci")
                .prefetch_related("partnerships__organization__departement")
                .order_by("id"))
    uses = (SolutionUse.objects.filter(withdrawn_at__isnull=True)
            .select_related("organization__departement", "organization__region",
                            "organization__epci", "project").order_by("id"))
    if solution_ids is not None:
        projects = projects.filter(solution_id__in=solution_ids)
        uses = uses.filter(solution_id__in=solution_ids)
    for project in projects:
        orgs = [project.owner] + [p.organization for p in project.partnerships.all()
                                  if p.is_public and p.role == "partner"]
        for org in orgs:
            entry = result[project.solution_id].setdefault(org.pk, UserOrganization(org))
            entry.projects.append(project)
    for use in uses:
        entry = result[use.solution_id].setdefault(use.organization_id,
                                                   UserOrganization(use.organization))
        entry.declaration = use
    return result


def user_counts(solution_ids=None) -> dict[int, int]:
    return {sid: len(users) for sid, users in users_by_solution(solution_ids).items()}


def users_of(solution: Solution) -> list[UserOrganization]:
    users = users_by_solution([solution.pk]).get(solution.pk, {})
    return sorted(users.values(), key=lambda u: (
        u.organization.departement.insee_code if u.organization.departement_id else "~",
        u.organization.name))


def users_by_departement(users: list[UserOrganization]) -> list[tuple[str, list]]:
    groups: dict[str, list[UserOrganization]] = defaultdict(list)
    for user in users:
        dep = user.organization.departement if user.organization.kind != "departement" \
            else user.organization
        groups[f"{dep.name} ({dep.insee_code})" if dep else "Sans département"].append(user)
    return sorted(groups.items())


def users_by_kind_and_size(users: list[UserOrganization]) -> list[tuple[str, int]]:
    """How many users per type and size band (« Communes de moins de 1 000 habitants »)."""
    counts: dict[str, int] = defaultdict(int)
    for user in users:
        org = user.organization
        band = population_band(org.population)
        label = org.get_kind_display()
        if band:
            label += f" — {BAND_LABELS[band].lower()}"
        counts[label] += 1
    return sorted(counts.items())


def referents_of(solution: Solution) -> list[SolutionReferent]:
    return list(SolutionReferent.objects.filter(solution=solution, withdrawn_at__isnull=True)
                .select_related("organization", "user").order_by("organization__name", "id"))


def can_see_contacts(user) -> bool:
    """Referents' contacts are for agents of collectivités (and moderators), not for
    everyone: they are people's work addresses."""
    return bool(permissions.active_organization_ids(user)) or permissions.is_moderator(user)


# ---------------------------------------------------------------- offers and requests

def open_offers() -> QuerySet[PoolingOffer]:
    return (PoolingOffer.objects.filter(closed_at__isnull=True,
                                        open_until__gte=timezone.localdate(),
                                        project__state=WorkflowState.PUBLISHED)
            .select_related("project__owner__departement", "project__owner__region",
                            "project__owner__epci", "project__solution")
            .order_by("open_until", "id"))


def offer_of(project: Project) -> PoolingOffer | None:
    return PoolingOffer.objects.filter(project=project).select_related("project").first()


def requests_to_answer(user) -> list[ProjectPartner]:
    """Requests and invitations waiting for this user's collectivités to answer."""
    org_ids = permissions.active_organization_ids(user)
    if not org_ids:
        return []
    return list(ProjectPartner.objects.filter(status=PartnerStatus.PENDING).filter(
        Q(initiative=PartnerInitiative.ASKED, project__owner_id__in=org_ids)
        | Q(initiative=PartnerInitiative.INVITED, organization_id__in=org_ids))
        .select_related("project__owner", "organization", "requested_by")
        .order_by("requested_at", "id"))


def requests_sent(user) -> list[ProjectPartner]:
    org_ids = permissions.active_organization_ids(user)
    return list(ProjectPartner.objects.filter(
        initiative=PartnerInitiative.ASKED, organization_id__in=org_ids)
        .exclude(status=PartnerStatus.WITHDRAWN)
        .select_related("project__owner", "organization").order_by("-requested_at", "-id"))


def history_of_project(project: Project) -> QuerySet[PoolingEvent]:
    return (PoolingEvent.objects.filter(project=project).select_related("author",
                                                                        "organization")
            .order_by("-created_at", "-id"))


# ---------------------------------------------------------------- for my collectivité

def _geo_rank(mine: Organization, other: Organization) -> int:
    """0 same EPCI (or the EPCI itself), 1 same département, 2 same région, 3 elsewhere."""
    my_epci = mine.epci_id if mine.kind == "commune" else (mine.pk if mine.kind == "epci"
                                                           else None)
    other_epci = other.epci_id if other.kind == "commune" else (
        other.pk if other.kind == "epci" else None)
    if my_epci and my_epci == other_epci:
        return 0
    if mine.departement_id and mine.departement_id in (other.departement_id, other.pk):
        return 1
    if mine.region_id and mine.region_id in (other.region_id, other.pk):
        return 2
    return 3


GEO_LABELS = ("dans votre intercommunalité", "dans votre département", "dans votre région",
              "ailleurs en France")


def band_distance(mine: Organization, other: Organization) -> int | None:
    a, b = population_band(mine.population), population_band(other.population)
    if a is None or b is None:
        return None
    return abs(BAND_KEYS.index(a) - BAND_KEYS.index(b))


@dataclass
class Suggestion:
    solution: Solution
    nearest: UserOrganization          # the closest user of a comparable size
    geo: str
    same_size: int                     # users of the same size band
    users: int
    referents: list[SolutionReferent]
    offers: list[PoolingOffer]

    @property
    def referent(self) -> SolutionReferent | None:
        """The nearest referent."""
        return self.referents[0] if self.referents else None


def solutions_for(organization: Organization, limit: int = 10) -> list[Suggestion]:
    """Solutions used by collectivités of her size band (or the next one), the nearest
    first: a 924-inhabitant commune is never shown a métropole's tool first because it is
    in the same département. Size comes first, then distance, then the number of users."""
    users = users_by_solution()
    ranked = []
    for solution_id, by_org in users.items():
        best = None
        for user in by_org.values():
            if user.organization.pk == organization.pk:
                continue
            distance = band_distance(organization, user.organization)
            if distance is None or distance > 1:
                continue
            key = (distance, _geo_rank(organization, user.organization), not user.deployed)
            if best is None or key < best[0]:
                best = (key, user)
        if best is not None:
            same = sum(1 for u in by_org.values()
                       if band_distance(organization, u.organization) == 0)
            ranked.append((best[0], -len(by_org), solution_id, best[1], same, len(by_org)))
    ranked.sort(key=lambda row: (row[0], row[1], row[2]))
    ranked = ranked[:limit]
    solutions = catalogue().in_bulk([row[2] for row in ranked])
    offers: dict[int, list[PoolingOffer]] = defaultdict(list)
    for offer in open_offers().filter(project__solution_id__in=list(solutions)):
        offers[offer.project.solution_id].append(offer)
    referents: dict[int, list[SolutionReferent]] = defaultdict(list)
    for ref in (SolutionReferent.objects.filter(solution_id__in=list(solutions),
                                                withdrawn_at__isnull=True)
                .select_related("organization__departement", "organization__epci",
                                "organization__region")):
        referents[ref.solution_id].append(ref)
    result = []
    for key, _count, solution_id, nearest, same, total in ranked:
        if solution_id not in solutions:
            continue
        refs = sorted(referents[solution_id],
                      key=lambda r: (_geo_rank(organization, r.organization), r.pk))
        result.append(Suggestion(solutions[solution_id], nearest, GEO_LABELS[key[1]], same,
                                 total, refs, offers[solution_id]))
    return result


def offers_near(organization: Organization) -> list[tuple[str, PoolingOffer]]:
    """Open pooling offers of her EPCI, département and région, the nearest first."""
    rows = []
    for offer in open_offers().exclude(project__owner=organization):
        rank = _geo_rank(organization, offer.project.owner)
        if rank < 3:
            rows.append((rank, offer.open_until, offer.pk, offer))
    rows.sort(key=lambda row: row[:3])
    return [(GEO_LABELS[rank], offer) for rank, _d, _pk, offer in rows]
