"""Reads the register for the facet index (rows) and the change log."""

from __future__ import annotations

import time
from collections import defaultdict

from django.db.models import Max

from recensia.projects.models import (
    AiActTier,
    Project,
    ProjectStatus,
    WorkflowState,
    YesNoUnknown,
)
from recensia.search.analysis import fold
from recensia.search.index import FacetIndex, Row, population_band
from recensia.search.models import SearchChange
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


def load_rows(project_ids: list[int] | None = None) -> list[Row]:
    qs = Project.objects.all()
    if project_ids is None:
        qs = qs.filter(state=WorkflowState.PUBLISHED)
    else:
        qs = qs.filter(pk__in=project_ids)
    fields = (
        "id", "state", "status", "start_year", "solution_name", "hosting_country",
        "vendor_id", "vendor__name", "owner_id", "owner__kind", "owner__insee_code",
        "owner__population", "owner__epci_id", "owner__departement__insee_code",
        "owner__departement__name", "owner__region__insee_code", "owner__region__name",
        "owner__name", "ai_act_tier", "dpia_done",
    )
    projects = list(qs.order_by("published_at", "id").values_list(*fields))
    ids = [p[0] for p in projects]
    domains: dict[int, list[tuple[str, str]]] = defaultdict(list)
    techniques: dict[int, list[tuple[str, str]]] = defaultdict(list)
    through_d = Project.domains.through
    through_t = Project.techniques.through
    for chunk_start in range(0, len(ids), 20_000):
        chunk = ids[chunk_start:chunk_start + 20_000] if project_ids is not None else None
        dq = through_d.objects.all()
        tq = through_t.objects.all()
        if chunk is not None:
            dq, tq = dq.filter(project_id__in=chunk), tq.filter(project_id__in=chunk)
        for pid, slug, name in dq.values_list("project_id", "domain__slug", "domain__name"):
            domains[pid].append((slug, name))
        for pid, slug, name in tq.values_list("project_id", "technique__slug",
                                              "technique__name"):
            techniques[pid].append((slug, name))
        if chunk is None:
            break
    rows = []
    for (pid, state, status, year, solution, country, vendor_id, vendor_name, owner_id,
         owner_kind, owner_insee, population, epci_id, dep_code, dep_name, reg_code,
         reg_name, owner_name, tier, dpia) in projects:
        if owner_kind == OrganizationKind.DEPARTEMENT:
            dep_code, dep_name = owner_insee, owner_name
        if owner_kind == OrganizationKind.REGION:
            reg_code, reg_name = owner_insee, owner_name
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
        rows.append(Row(pid, state == WorkflowState.PUBLISHED, population, values, labels))
    return rows
