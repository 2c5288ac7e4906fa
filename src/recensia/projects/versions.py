"""Versions of a project: what a revision stores, how two compare, and the optimistic lock.

A snapshot holds the whole project (its columns, its lists and related rows), so that a
version can be shown, compared with the next one and restored. The bulk loader builds
the same snapshot from its own data through ``build_snapshot``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from recensia.projects.entry import ProjectData
from recensia.projects.fields import INDICATOR_FIELDS, RELATED_KEYS, SCALAR_FIELDS, SOURCE_FIELDS
from recensia.projects.models import Domain, Project, ProjectRevision, Technique
from recensia.projects.signals import project_changed
from recensia.territories.models import Organization


class EditConflict(Exception):
    """Someone else saved the project after the user opened the form."""

    def __init__(self, project: Project, changed_fields: list[str], authors: list[str]):
        self.project = project
        self.changed_fields = changed_fields
        self.authors = authors
        super().__init__(
            "Ce projet a été modifié par une autre personne pendant que vous le modifiiez."
        )


def plain(value: Any) -> Any:
    """A value as JSON keeps it: decimals as their shortest exact text, dates in ISO."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def build_snapshot(project: Project, *, vendor: tuple[str, str] | None,
                   domain_slugs: Iterable[str], technique_slugs: Iterable[str],
                   partners: Iterable[tuple[int, str]], indicators: Iterable[dict[str, Any]],
                   sources: Iterable[dict[str, Any]], solution: str = "") -> dict[str, Any]:
    """The snapshot of ``project`` (its columns) with these related values; ``solution``
    is the address (slug) of the catalogue solution it uses."""
    snap: dict[str, Any] = {name: plain(getattr(project, name)) for name in SCALAR_FIELDS}
    snap["owner"] = project.owner_id
    snap["vendor"] = {"name": vendor[0], "siren": vendor[1]} if vendor else None
    snap["domains"] = sorted(domain_slugs)
    snap["techniques"] = sorted(technique_slugs)
    snap["partners"] = sorted(([org_id, role] for org_id, role in partners),
                              key=lambda pair: pair[0])
    snap["indicators"] = [{name: plain(row[name]) for name in INDICATOR_FIELDS}
                          for row in indicators]
    snap["sources"] = [{name: row[name] for name in SOURCE_FIELDS} for row in sources]
    snap["solution"] = solution
    return snap


def take_snapshot(project: Project) -> dict[str, Any]:
    vendor = project.vendor if project.vendor_id else None
    return build_snapshot(
        project, vendor=(vendor.name, vendor.siren) if vendor else None,
        domain_slugs=project.domains.values_list("slug", flat=True),
        technique_slugs=project.techniques.values_list("slug", flat=True),
        partners=((p.organization_id, p.role) for p in project.partnerships.all()),
        indicators=project.indicators.order_by("position", "id").values(*INDICATOR_FIELDS),
        sources=project.sources.order_by("position", "id").values(*SOURCE_FIELDS),
        solution=project.solution.slug if project.solution_id else "",
    )


def diff_snapshots(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    if before is None:
        return []
    return [key for key in (*SCALAR_FIELDS, *RELATED_KEYS) if before.get(key) != after.get(key)]


def is_user(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def record_revision(project: Project, *, author, action: str,
                    before: dict[str, Any] | None) -> ProjectRevision:
    after = take_snapshot(project)
    project_changed.send(sender=Project, project=project)
    return ProjectRevision.objects.create(
        project=project, number=project.version, author=author if is_user(author) else None,
        action=action, changed_fields=diff_snapshots(before, after), snapshot=after,
    )


def check_version(project: Project, expected_version: int | None) -> None:
    """Raises ``EditConflict`` when the project changed since ``expected_version``."""
    if expected_version is None or project.version == expected_version:
        return
    revisions = list(project.revisions.filter(number__gt=expected_version)
                     .select_related("author"))
    changed: list[str] = []
    authors: list[str] = []
    for rev in revisions:
        for name in rev.changed_fields:
            if name not in changed:
                changed.append(name)
        who = str(rev.author) if rev.author else "l'import automatique"
        if who not in authors:
            authors.append(who)
    raise EditConflict(project, changed, authors)


def data_from_snapshot(snap: dict[str, Any]) -> ProjectData:
    """What to give ``update_project`` to bring a project back to a snapshot."""
    fields = {}
    for name in SCALAR_FIELDS:
        model_field = Project._meta.get_field(name)
        value = snap.get(name)
        fields[name] = model_field.to_python(value) if value is not None else None
        if fields[name] is None and not model_field.null:
            fields[name] = model_field.get_default()
    vendor = snap.get("vendor") or {}
    return ProjectData(
        fields=fields,
        owner=Organization.objects.get(pk=snap["owner"]),
        vendor_name=vendor.get("name", ""),
        vendor_siren=vendor.get("siren", ""),
        domains=list(Domain.objects.filter(slug__in=snap.get("domains", []))),
        techniques=list(Technique.objects.filter(slug__in=snap.get("techniques", []))),
        partners=[(org, role) for org_id, role in snap.get("partners", [])
                  for org in Organization.objects.filter(pk=org_id)],
        indicators=snap.get("indicators", []),
        sources=snap.get("sources", []),
    )
