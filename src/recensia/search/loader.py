"""Reads the register for the facet index (rows) and the change log."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Max

from recensia.projects.models import (
    AiActTier,
    Project,
    ProjectStatus,
    WorkflowState,
    YesNoUnknown,
)
from recensia.search.analysis import fold
from recensia.search.documents import COLUMNS
from recensia.search.index import FacetIndex, Row, population_band
from recensia.search.models import SearchChange, SearchDocument
from recensia.territories.models import OrganizationKind

GAP_SECONDS = 60.0
BACKWARDS_CHECK_SECONDS = 30.0  # how often to check that the log did not go backwards
STATUS_LABELS = dict(ProjectStatus.choices)
KIND_LABELS = dict(OrganizationKind.choices)
TIER_LABELS = dict(AiActTier.choices)
YES_NO_LABELS = dict(YesNoUnknown.choices)


def current_generation() -> int:
    return SearchChange.objects.aggregate(m=Max("id"))["m"] or 0


def changes_since(index: FacetIndex) -> tuple[list[int] | None, int]:
    """Project ids changed since the index's generation (and in remembered gaps).

    Returns (None, g) when the log went backwards, which calls for a rebuild.
    """
    generation = index.generation
    rows = list(SearchChange.objects.filter(id__gt=generation).order_by("id")
                .values_list("id", "project_id"))
    if index.gaps:
        rows += list(SearchChange.objects.filter(id__in=list(index.gaps))
                     .values_list("id", "project_id"))
    if not rows:
        now = time.monotonic()
        if generation and now - index.checked_backwards_at > BACKWARDS_CHECK_SECONDS:
            index.checked_backwards_at = now
            if current_generation() < generation:
                return None, 0
        return [], generation
    now = time.monotonic()
    seen_ids = {r[0] for r in rows}
    for change_id in seen_ids:
        index.gaps.pop(change_id, None)
    new_generation = max(generation, max(seen_ids))
    expected = set(range(generation + 1, new_generation + 1))
    for missing in expected - seen_ids:
        index.gaps.setdefault(missing, now)
    index.gaps = {k: t for k, t in index.gaps.items() if now - t < GAP_SECONDS}
    return sorted({r[1] for r in rows}), new_generation


CHUNK = 5000


def load_rows(project_ids: list[int] | None = None) -> list[Row]:
    return list(iter_rows(project_ids))


def iter_rows(project_ids: list[int] | None = None) -> Iterator[Row]:
    """Rows of published projects (or of the given ones), by chunks, in publication order:
    memory stays flat however large the register."""
    qs = Project.objects.all()
    if project_ids is None:
        qs = qs.filter(state=WorkflowState.PUBLISHED)
    else:
        qs = qs.filter(pk__in=project_ids)
    ordered = list(qs.order_by("published_at", "id").values_list("id", flat=True))
    for start in range(0, len(ordered), CHUNK):
        yield from _rows_for(ordered[start:start + CHUNK])


def _rows_for(ids: list[int]) -> list[Row]:
    fields = (
        "id", "state", "status", "start_year", "solution__name", "solution_name",
        "hosting_country",
        "vendor_id", "vendor__name", "owner_id", "owner__kind", "owner__insee_code",
        "owner__population", "owner__epci_id", "owner__departement__insee_code",
        "owner__departement__name", "owner__region__insee_code", "owner__region__name",
        "owner__name", "ai_act_tier", "dpia_done",
    )
    by_id = {p[0]: p for p in Project.objects.filter(pk__in=ids).order_by()
             .values_list(*fields)}
    projects = [by_id[i] for i in ids if i in by_id]
    domains: dict[int, list[tuple[str, str]]] = defaultdict(list)
    techniques: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for pid, slug, name in Project.domains.through.objects.filter(project_id__in=ids).order_by(
            ).values_list("project_id", "domain__slug", "domain__name"):
        domains[pid].append((slug, name))
    for pid, slug, name in Project.techniques.through.objects.filter(
            project_id__in=ids).order_by().values_list("project_id", "technique__slug",
                                                       "technique__name"):
        techniques[pid].append((slug, name))
    texts = {values[0]: values[1:] for values in SearchDocument.objects.filter(
        project_id__in=ids).order_by().values_list("project_id", *COLUMNS)}
    rows = []
    for (pid, state, status, year, catalogued, solution, country, vendor_id, vendor_name, owner_id,
         owner_kind, owner_insee, population, epci_id, dep_code, dep_name, reg_code,
         reg_name, owner_name, tier, dpia) in projects:
        if owner_kind == OrganizationKind.DEPARTEMENT:
            dep_code, dep_name = owner_insee, owner_name
        if owner_kind == OrganizationKind.REGION:
            reg_code, reg_name = owner_insee, owner_name
        solution = catalogued or solution  # the catalogue's name, else the name as written
        band = population_band(population)
        values: dict[str, tuple[str, ...]] = {
            "domaine": tuple(s for s, _ in domains.get(pid, ())),
            "technique": tuple(s for s, _ in techniques.get(pid, ())),
            "avancement": (status,),
            "type": (owner_kind,),
            "region": (reg_code,) if reg_code else (),
            "departement": (dep_code,) if dep_code else (),
            "population": (band,) if band else (),
            "solution": (fold(solution),) if solution else (),
            "fournisseur": (str(vendor_id),) if vendor_id else (),
            "annee": (str(year),) if year else (),
            "pays": (fold(country),) if country else (),
            "epci": (str(epci_id if owner_kind == OrganizationKind.COMMUNE else owner_id),)
            if (epci_id or owner_kind == OrganizationKind.EPCI) else (),
            "owner": (str(owner_id),),
            "risque": (tier,) if tier else ("non-evalue",),
            "aipd": (dpia,),
        }
        labels = {
            "domaine": dict(domains.get(pid, ())),
            "technique": dict(techniques.get(pid, ())),
            "avancement": {status: STATUS_LABELS.get(status, status)},
            "type": {owner_kind: KIND_LABELS.get(owner_kind, owner_kind)},
        }
        labels["risque"] = {tier or "non-evalue": TIER_LABELS.get(tier, "Non évalué")}
        labels["aipd"] = {dpia: YES_NO_LABELS.get(dpia, dpia)}
        if reg_code:
            labels["region"] = {reg_code: reg_name}
        if dep_code:
            labels["departement"] = {dep_code: f"{dep_name} ({dep_code})"}
        if solution:
            labels["solution"] = {fold(solution): solution}
        if vendor_id:
            labels["fournisseur"] = {str(vendor_id): vendor_name}
        if year:
            labels["annee"] = {str(year): str(year)}
        if country:
            labels["pays"] = {fold(country): country}
        rows.append(Row(pid, state == WorkflowState.PUBLISHED, population, values, labels,
                        texts.get(pid)))
    return rows
