"""Reads for the open-data files: every published project matching a search, in order.

The search of ``/projets/`` returns one page; an export needs every matching project. The
same search is run once (``search_projects``: same text analysis, same facet parameters,
same sort), then the whole result is ordered in one pass over the in-memory index, and the
projects are read from the database in chunks, so that memory stays flat for any size.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Max, Min, QuerySet
from django.http import QueryDict

from recensia.projects.models import Project, WorkflowState
from recensia.search import selectors as search_selectors
from recensia.search.index import FACETS, all_slots
from recensia.search.state import get_index

CHUNK_SIZE = 500
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class ProjectQuery:
    """The state of a search of ``/projets/``: text, facet values, sort."""

    q: str = ""
    filters: dict[str, list[str]] | None = None
    sort: str = "pertinence"

    @classmethod
    def from_querydict(cls, params: QueryDict) -> ProjectQuery:
        return cls(q=params.get("q", "").strip()[:MAX_QUERY_LENGTH],
                   filters={name: params.getlist(name) for name in FACETS},
                   sort=params.get("tri", "pertinence"))


def matching_project_ids(query: ProjectQuery) -> list[int]:
    """Ids of every published project matching the query, in the order of ``/projets/``."""
    first = search_selectors.search_projects(q=query.q, filters=query.filters, sort=query.sort,
                                             page=1, page_size=1)
    if not first.total:
        return []
    index = get_index()
    if first.parsed.is_empty:
        matched, title = index.published, 0
    else:
        matched, title = search_selectors.match_bitmaps(index, first.parsed)
    result = matched
    for name, values in first.selected.items():
        result &= index.filter_bitmap(name, values)
    if first.sort == "population":
        population = index.population
        slots = sorted(all_slots(result), key=lambda s: (population[s], s), reverse=True)
    elif first.sort == "pertinence":
        slots = all_slots(result & title)[::-1] + all_slots(result & ~title)[::-1]
    else:
        slots = all_slots(result)[::-1]
    return index.ids(slots)


def _export_queryset(*, indicators: bool) -> QuerySet[Project]:
    related = ["domains", "techniques", "sources", "partnerships__organization"]
    if indicators:  # only the JSON carries them
        related.append("indicators")
    return (Project.objects.filter(state=WorkflowState.PUBLISHED)
            .select_related("owner", "vendor").prefetch_related(*related))


def projects_in_order(ids: list[int], *, indicators: bool = False,
                      chunk_size: int = CHUNK_SIZE) -> Iterator[Project]:
    """The published projects with these ids, in this order, read ``chunk_size`` at a time
    with everything an export row needs (``indicators``: the result indicators too)."""
    queryset = _export_queryset(indicators=indicators)
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start:start + chunk_size]
        by_id = queryset.in_bulk(chunk)
        for project_id in chunk:
            if project_id in by_id:
                yield by_id[project_id]


def all_published_ids() -> list[int]:
    """Every published project, newest first (the complete dump)."""
    return list(Project.objects.filter(state=WorkflowState.PUBLISHED)
                .order_by("-published_at", "-id").values_list("id", flat=True))


def published_count() -> int:
    return Project.objects.filter(state=WorkflowState.PUBLISHED).count()


def newest_published(limit: int = 50) -> list[Project]:
    return list(Project.objects.filter(state=WorkflowState.PUBLISHED)
                .select_related("owner", "owner__departement")
                .prefetch_related("domains")
                .order_by("-published_at", "-id")[:limit])


def dataset_dates() -> dict:
    """First publication and last change of the published projects (``None`` if none)."""
    return Project.objects.filter(state=WorkflowState.PUBLISHED).aggregate(
        issued=Min("published_at"), modified=Max("updated_at"))
