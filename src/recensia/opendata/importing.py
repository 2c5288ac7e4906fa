"""Import of projects in the product's own JSON format (``recensia-projets`` v1).

All or nothing: every project goes through the entry path (``projects/entry.py``) first
and every problem is reported with the project's position and field, in French; then,
only if there is none, the whole file is written in one transaction. Importing the same
file twice changes nothing: projects are matched on their stable ``source_id``.

The writing step (``save``) is shared with the table import (``tabular.py``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from recensia.core.text import control_character_message, strings_with_control_characters
from recensia.projects import entry, services
from recensia.projects.entry import ProjectData
from recensia.projects.fields import SCALAR_FIELDS
from recensia.projects.models import PartnerRole, Project, WorkflowState
from recensia.projects.references import References

FORMAT_NAME = "recensia-projets"
FORMAT_VERSION = 1
# Names of the JSON format that differ from the names of the project fields.
ITEM_NAMES = {"partner_codes": "partners", "follower_codes": "partners",
              "vendor_name": "vendor", "vendor_siren": "vendor"}
SOURCE_ID_MAX = Project._meta.get_field("source_id").max_length

Progress = Callable[[int, int], None]


@dataclass
class ImportProblem:
    position: int
    source_id: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"projet n° {self.position}"
        if self.source_id:
            where += f" ({self.source_id})"
        return f"{where}, champ « {self.field} » : {self.message}"


@dataclass
class ImportReport:
    """What an import did (or would do): counts, or every problem and nothing written."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    proposed: int = 0  # changes of published projects, waiting for the moderation
    problems: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.problems:
            return f"{len(self.problems)} problème(s), rien n'a été importé."
        prefix = "Simulation : " if self.dry_run else ""
        waiting = (f", {self.proposed} envoyé(s) à la modération (projets publiés : la version "
                   "en ligne ne change qu'après validation)" if self.proposed else "")
        return (f"{prefix}{self.created} projet(s) créé(s), {self.updated} mis à jour"
                f"{waiting}, {self.unchanged} inchangé(s).")

    def __str__(self) -> str:
        lines = [f"Remarque : {note}" for note in self.notes]
        if self.problems:
            lines.append(f"{len(self.problems)} problème(s), rien n'a été importé :")
            lines += [f"- {problem}" for problem in self.problems]
        else:
            lines.append(self.summary())
        return "\n".join(lines)


class ImportFailed(Exception):
    def __init__(self, report: ImportReport):
        self.report = report
        super().__init__(str(report))


def read_file(path: Path) -> dict[str, Any]:
    try:
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFailed(ImportReport(problems=[ImportProblem(
            0, "", "fichier", f"lecture impossible ({exc})")])) from exc
    return payload


# ---------------------------------------------------------------- checking

@dataclass
class Pending:
    """A checked project, ready to be written (``existing``: the project it updates)."""

    position: int
    source_id: str
    data: ProjectData
    existing: Project | None = None


def source_id_problem(source_id: str, seen: set[str]) -> str | None:
    """What is wrong with the identifier of a row (``seen``: those met before it)."""
    if not source_id:
        return "identifiant d'origine manquant : il rend l'import rejouable."
    if len(source_id) > SOURCE_ID_MAX:
        return f"identifiant d'origine trop long ({SOURCE_ID_MAX} caractères au plus)."
    if source_id in seen:
        return "identifiant présent deux fois dans le fichier"
    return None


def item_values(item: dict[str, Any], problem: Callable[[str, str], None]) -> dict[str, Any]:
    """A ``recensia-projets`` item as the values of the entry path."""
    values: dict[str, Any] = {name: item[name] for name in SCALAR_FIELDS
                              if item.get(name) is not None}
    values["owner"] = item.get("owner")
    for name in ("domains", "techniques", "indicators", "sources"):
        values[name] = item.get(name) or []
    by_role: dict[str, list] = {PartnerRole.PARTNER: [], PartnerRole.FOLLOWER: []}
    for ref in item.get("partners") or []:
        role = ref.get("role", PartnerRole.PARTNER) if isinstance(ref, dict) else None
        if role not in by_role:
            problem("partners", f"rôle inconnu : {role}")
        else:
            by_role[role].append(ref)
    values["partner_codes"] = by_role[PartnerRole.PARTNER]
    values["follower_codes"] = by_role[PartnerRole.FOLLOWER]
    vendor = item.get("vendor") or {}
    values["vendor_name"] = vendor.get("name") or ""
    values["vendor_siren"] = vendor.get("siren") or ""
    return values


def read_items(items: list[Any], refs: References,
               existing: dict[str, Project] | None = None
               ) -> tuple[list[Pending], list[ImportProblem]]:
    """Every item through the entry path: what to write, and every problem."""
    pending, problems, seen = [], [], set()
    for position, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(ImportProblem(position, "", "projet", "projet illisible"))
            continue
        sid = str(item.get("source_id") or "")

        def problem(name: str, message: str, position=position, sid=sid) -> None:
            problems.append(ImportProblem(position, sid, ITEM_NAMES.get(name, name), message))

        if message := source_id_problem(sid, seen):
            problem("source_id", message)
        seen.add(sid)
        refused = control_character_problems(item, position, sid)
        if refused:  # a control character anywhere: the item is not read further
            problems.extend(refused)
            continue
        project = (existing or {}).get(sid)
        result = entry.read(item_values(item, problem), base=project, refs=refs, row=position)
        for found in result.problems:
            problem(found.field, found.text)
        pending.append(Pending(position, sid, result.data, project))
    return pending, problems


def control_character_problems(item: Any, position: int, sid: str) -> list[ImportProblem]:
    """A problem for each field of an item that holds a control character (NUL…), even
    where no field of the entry path reads it (keys, references)."""
    return [ImportProblem(position, sid, path.split(".", 1)[0], control_character_message(code))
            for path, code in strings_with_control_characters(item)]


def existing_projects(source_ids: Iterable[str], *, by_slug: bool = False) -> dict[str, Project]:
    """Projects matched by ``source_id`` (with ``by_slug``, else by the slug of a project
    created on the site, which the exports give as its identifier)."""
    found: dict[str, Project] = {}
    queryset = Project.objects.select_related("owner", "vendor").prefetch_related(
        "partnerships__organization", "domains", "techniques", "indicators", "sources")
    source_ids = [sid for sid in source_ids if sid]
    for start in range(0, len(source_ids), 500):
        chunk = source_ids[start:start + 500]
        for project in queryset.filter(source_id__in=chunk):
            found[project.source_id] = project
        missing = [sid for sid in chunk if sid not in found]
        if by_slug and missing:
            for project in queryset.filter(source_id="", slug__in=missing):
                found[project.slug] = project
    return found


# ---------------------------------------------------------------- writing

def save(pending: list[Pending], report: ImportReport, *, author, state: str,
         refs: References, on_problem: Callable[[Pending, str, str], None],
         progress: Progress | None = None) -> None:
    """Creates or updates each checked project through the services, counting in
    ``report``. A problem the services still find goes to ``on_problem``; the caller runs
    this in a transaction and rolls it back if there is any."""
    refs.create_new_bodies()
    total = len(pending)
    for done, item in enumerate(pending, start=1):
        try:
            with transaction.atomic():
                if item.existing is None:
                    services.create_project(author=author, data=item.data, state=state,
                                            source_id=item.source_id, check_permissions=False)
                    report.created += 1
                else:
                    version = item.existing.version
                    updated = services.update_project(
                        project=item.existing, author=author, data=item.data,
                        expected_version=None, action="Mise à jour par import",
                        check_permissions=False)
                    if updated.proposed_change is not None:
                        report.proposed += 1
                    elif updated.version == version:
                        report.unchanged += 1
                    else:
                        report.updated += 1
        except services.EditConflict as exc:
            on_problem(item, "projet", f"{exc} Champs concernés : "
                       f"{', '.join(exc.changed_fields)}. Modifiez ces champs sur la fiche.")
        except ValidationError as exc:
            by_field = exc.message_dict if hasattr(exc, "error_dict") else {"projet": exc.messages}
            for name, messages in by_field.items():
                for message in messages:
                    on_problem(item, name, message)
        if progress:
            progress(done, total)


# ---------------------------------------------------------------- import

def _check_envelope(payload: Any) -> list[ImportProblem]:
    if not isinstance(payload, dict) or payload.get("format") != FORMAT_NAME:
        return [ImportProblem(0, "", "format",
                              f"le fichier n'est pas au format « {FORMAT_NAME} »")]
    if payload.get("version") != FORMAT_VERSION:
        return [ImportProblem(0, "", "version",
                              f"version {payload.get('version')} non prise en charge "
                              f"(attendue : {FORMAT_VERSION})")]
    if not isinstance(payload.get("projects"), list):
        return [ImportProblem(0, "", "projects", "la liste des projets est absente")]
    return []


def import_projects(payload: dict[str, Any], *, author=None, dry_run: bool = False,
                    state: str = WorkflowState.PUBLISHED,
                    progress: Progress | None = None) -> ImportReport:
    """Check everything, then write everything or nothing. Raises ImportFailed."""
    report = ImportReport(dry_run=dry_run, problems=_check_envelope(payload))
    if report.problems:
        raise ImportFailed(report)
    items = payload["projects"]
    refs = References()
    existing = existing_projects(str(item.get("source_id") or "") for item in items
                                 if isinstance(item, dict))
    pending, report.problems = read_items(items, refs, existing)
    if report.problems:
        raise ImportFailed(report)

    def on_problem(item: Pending, name: str, message: str) -> None:
        report.problems.append(ImportProblem(item.position, item.source_id,
                                             ITEM_NAMES.get(name, name), message))

    with transaction.atomic():
        save(pending, report, author=author, state=state, refs=refs, on_problem=on_problem,
             progress=progress)
        if report.problems or dry_run:
            transaction.set_rollback(True)
    if report.problems:
        raise ImportFailed(report)
    return report
