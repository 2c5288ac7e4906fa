"""Reads for the open-data files: every published project matching a search, in order.

The search of ``/projets/`` returns one page; an export needs every matching project. The
search runs once (``search.selectors.matching_ids``: the same ``SearchRequest`` and order as
the list), then the projects are read from the database in chunks, so that memory stays
flat for any size.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, Max, Min, QuerySet

from recensia.projects.models import Project, WorkflowState

CHUNK_SIZE = 500


def _export_queryset() -> QuerySet[Project]:
    related = ["domains", "techniques", "sources", "indicators", "partnerships__organization"]
    return (Project.objects.filter(state=WorkflowState.PUBLISHED)
            .select_related("owner", "vendor").prefetch_related(*related))


def projects_in_order(ids: list[int], *, chunk_size: int = CHUNK_SIZE) -> Iterator[Project]:
    """The published projects with these ids, in this order, read ``chunk_size`` at a time
    with everything an export row needs, result indicators included."""
    queryset = _export_queryset()
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


def register_version() -> tuple:
    """Changes whenever the published register may read differently: a project published,
    changed or withdrawn, or a collectivité renamed."""
    from recensia.territories.models import Organization

    projects = Project.objects.filter(state=WorkflowState.PUBLISHED).aggregate(
        count=Count("id"), top=Max("id"), changed=Max("updated_at"))
    organizations = Organization.objects.aggregate(changed=Max("updated_at"))
    return (projects["count"], projects["top"], str(projects["changed"]),
            str(organizations["changed"]))
