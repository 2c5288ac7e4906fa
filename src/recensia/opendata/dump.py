"""Import of a published dump (``projets.json`` of ``recensia export_dump`` or of
``/donnees/projets.json``) into another instance, for instance a new one with only the
reference data loaded.

A thin layer over the existing import (``importing.import_projects``, all or nothing):
each item of the API format becomes an item of the ``recensia-projets`` format; the other
public bodies and the list entries (domains, techniques) that the instance lacks are
created first, as the dump describes them; then every project takes the address (slug)
and the publication date it has on the original site. Replayable: projects are matched on
their ``source_id`` (the original import identifier, else the original address).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.dateparse import parse_datetime

from recensia.opendata.importing import (
    FORMAT_NAME,
    FORMAT_VERSION,
    ImportFailed,
    ImportProblem,
    ImportReport,
    import_projects,
)
from recensia.projects import services as project_services
from recensia.projects.fields import SCALAR_FIELDS
from recensia.projects.models import Project, WorkflowState
from recensia.projects.taxonomy import load_reference_lists
from recensia.territories.models import OrganizationKind
from recensia.territories.services import ensure_other_body

OTHER_PREFIX = "organisme-"


def read_dump(path: Path) -> dict[str, Any]:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ImportFailed(ImportReport(problems=[ImportProblem(
            0, "", "fichier", f"lecture impossible ({exc})")])) from exc


def _items(payload: Any) -> list[dict[str, Any]]:
    if not isinstance(payload, dict) or not isinstance(payload.get("items"), list) \
            or not all(isinstance(item, dict) for item in payload["items"]):
        raise ImportFailed(ImportReport(problems=[ImportProblem(
            0, "", "format", "le fichier n'est pas un export projets.json "
                             '({"count": N, "items": [...]})')]))
    return payload["items"]


def _organization(ref: dict[str, Any]) -> dict[str, Any]:
    """An organisation of the API format as ``importing`` designates it."""
    kind = ref.get("kind")
    if kind in (OrganizationKind.COMMUNE, OrganizationKind.DEPARTEMENT,
                OrganizationKind.REGION):
        return {"kind": kind, "insee_code": ref.get("insee_code", "")}
    if ref.get("siren"):
        return {"kind": kind, "siren": ref["siren"]}
    return {"kind": kind, "name": ref.get("name", "")}


def _other_bodies(items: list[dict[str, Any]]) -> None:
    for item in items:
        refs = [item.get("owner") or {}] + [p.get("organization") or {}
                                            for p in item.get("partners") or []]
        for ref in refs:
            if ref.get("kind") == OrganizationKind.OTHER and ref.get("name"):
                code = str(ref.get("code") or "")
                ensure_other_body(
                    code=code[len(OTHER_PREFIX):] if code.startswith(OTHER_PREFIX) else "",
                    name=ref["name"], other_type=ref.get("other_type", ""),
                    siren=ref.get("siren", ""))


def _lists(items: list[dict[str, Any]]) -> None:
    """Domains and techniques that moderators added on the original site."""
    names = {key: sorted({name for item in items for name in item.get(key) or []})
             for key in ("domains", "techniques")}
    load_reference_lists(
        {key: [{"name": name} for name in values] for key, values in names.items()})


def import_item(item: dict[str, Any]) -> dict[str, Any]:
    """One project of the API format as an item of the ``recensia-projets`` format."""
    converted: dict[str, Any] = {name: item[name] for name in SCALAR_FIELDS
                                 if name in item}
    converted.update({
        "source_id": item.get("source_id") or item.get("slug"),
        "owner": _organization(item.get("owner") or {}),
        "partners": [{**_organization(p.get("organization") or {}), "role": p.get("role")}
                     for p in item.get("partners") or []],
        "domains": item.get("domains") or [],
        "techniques": item.get("techniques") or [],
        "vendor": {"name": item.get("vendor") or "", "siren": item.get("vendor_siren") or ""},
        "indicators": item.get("indicators") or [],
        "sources": item.get("sources") or [],
    })
    return converted


def import_dump(payload: Any, *, dry_run: bool = False) -> ImportReport:
    """Imports every project of the dump, published, at its original address. All or
    nothing; raises ``ImportFailed`` with every problem."""
    items = _items(payload)
    with transaction.atomic():
        _lists(items)
        _other_bodies(items)
        report = import_projects(
            {"format": FORMAT_NAME, "version": FORMAT_VERSION,
             "projects": [import_item(item) for item in items]},
            state=WorkflowState.PUBLISHED)
        by_source = dict(Project.objects.filter(
            source_id__in=[str(item.get("source_id") or item.get("slug")) for item in items])
            .values_list("source_id", "pk"))
        identities: dict[int, tuple[str, dt.datetime | None]] = {}
        for item in items:
            pk = by_source[str(item.get("source_id") or item.get("slug"))]
            identities[pk] = (str(item.get("slug")), parse_datetime(
                str(item.get("published_at") or "")))
        taken = project_services.adopt_published_identity(identities)
        if taken:
            transaction.set_rollback(True)
            report.problems = [ImportProblem(0, "", "slug", f"l'adresse « {slug} » est déjà "
                                                            "celle d'un autre projet")
                               for slug in taken]
            raise ImportFailed(report)
        if dry_run:
            report.dry_run = True
            transaction.set_rollback(True)
    return report
