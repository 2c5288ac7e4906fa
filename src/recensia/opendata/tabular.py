"""Import of a projects table (CSV or XLSX) in the product's own schema (``projets.json``).

The table has the columns of the export. Each row goes through the entry path
(``projects/entry.py``) like the web form and the API, then the whole file is written by
the importer's ``save``: all or nothing, replayable (rows are matched on their
``source_id``). Every problem is reported with the line number shown by a spreadsheet
(the header is line 1) and the column name, in French; a dry run writes nothing.

- A project is identified by ``source_id``. The export writes the import's identifier, or
  the slug of a project created on the site: such a project is matched by its slug and
  keeps that identifier from then on, so exporting then importing changes nothing.
- Columns absent from the file keep the current values of an existing project.
- ``owner_code``, ``partner_codes`` and ``follower_codes`` hold codes: INSEE code of a
  commune, SIREN, ``departement-29``, ``region-11`` or ``organisme-<code>`` (the stable
  code of an other public body).
- ``indicators`` and ``source_titles`` are Table Schema « array » cells (JSON lists): the
  result indicators, and the titles of the ``sources`` in the same order.
- A member may import only projects of their own collectivités; a moderator any.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from recensia.accounts import permissions
from recensia.opendata.importing import (
    ImportReport,
    Pending,
    existing_projects,
    save,
    source_id_problem,
)
from recensia.opendata.table import INDICATOR_KEYS, column_titles, columns, unneutralise
from recensia.projects import entry
from recensia.projects.models import Project, WorkflowState
from recensia.projects.references import References, as_text, fold

MAX_FILE_SIZE = 10 * 1024 * 1024
REQUIRED_COLUMNS = ("source_id", "title", "short_description", "owner_code")
# Recomputed by the platform: read from the file, never imported.
IGNORED_COLUMNS = frozenset({"slug", "url", "owner_name", "owner_kind", "owner_insee_code",
                             "owner_siren", "ai_act_tier", "published_at",
                             "updated_at"})
# Columns whose name is not the name of the project field (projects/fields.py).
COLUMN_TO_FIELD = {"owner_code": "owner"}
FIELD_TO_COLUMN = {name: column for column, name in COLUMN_TO_FIELD.items()}
_SOURCE_SPLIT = re.compile(r"\s+;\s*|;\s*(?=[a-zA-Z][a-zA-Z0-9+.-]*://)")
HEADER_LINE = 1

Progress = Callable[[int, int], None]


class TableError(Exception):
    """The file cannot be read as a table; the message is shown as is."""


# ---------------------------------------------------------------- reports

@dataclass
class TableProblem:
    line: int
    column: str
    message: str
    source_id: str = ""

    def __str__(self) -> str:
        where = f"ligne {self.line}" if self.line else "fichier"
        if self.column:
            where += f", colonne « {self.column} »"
        return f"{where} : {self.message}"


@dataclass
class TableReport(ImportReport):
    rows: int = 0


# ---------------------------------------------------------------- reading files

@dataclass
class TableRow:
    line: int
    cells: dict[str, Any]

    def is_empty(self) -> bool:
        return all(as_text(value) == "" for value in self.cells.values())


@dataclass
class Table:
    header: list[str]
    rows: list[TableRow]
    unknown_columns: list[str] = field(default_factory=list)


def _header_map(header: list[Any]) -> tuple[dict[int, str], list[str]]:
    """Position → column name. A column is recognised by its name or its French title."""
    known = {fold(name): name for name in columns()}
    known.update({fold(title): name for name, title in column_titles().items()})
    mapping, unknown = {}, []
    for position, cell in enumerate(header):
        label = as_text(cell)
        if not label:
            continue
        name = known.get(fold(label))
        if name is None or name in mapping.values():
            unknown.append(label)
        else:
            mapping[position] = name
    return mapping, unknown


def _table(records, first_line: int = 1) -> Table:
    iterator = iter(records)
    header = next(iterator, None)
    if header is None:
        raise TableError("le fichier est vide.")
    mapping, unknown = _header_map(list(header))
    rows = []
    for line, record in enumerate(iterator, start=first_line + 1):
        cells = {name: (record[pos] if pos < len(record) else None)
                 for pos, name in mapping.items()}
        rows.append(TableRow(line, cells))
    return Table([mapping[p] for p in sorted(mapping)], rows, unknown)


def read_csv(content: bytes) -> Table:
    """UTF-8 (with or without BOM) or Windows-1252 (Excel's « CSV » in French); comma,
    semicolon or tab separator. Line numbers are those of a spreadsheet (one per row)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    try:
        return _table(csv_records(text))
    except csv.Error as exc:
        raise TableError(f"fichier CSV illisible ({exc}).") from exc


def csv_records(text: str):
    """The rows of a CSV text, its separator (comma, semicolon or tab) found on the first
    line; the apostrophe the export puts before a cell that a spreadsheet would run as a
    formula is removed. Raises ``csv.Error`` while iterating on a broken file."""
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return ([unneutralise(cell) for cell in record] for record in records)


def read_xlsx(content: bytes) -> Table:
    """The sheet « Projets », else the first one; formulas give their computed value."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on a damaged file
        raise TableError("fichier XLSX illisible : enregistrez-le de nouveau depuis votre "
                         "tableur au format Excel (.xlsx).") from exc
    try:
        sheet = workbook["Projets"] if "Projets" in workbook.sheetnames else workbook.worksheets[0]
        return _table(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def read_table(filename: str, content: bytes) -> Table:
    name = filename.lower()
    if name.endswith(".xlsx"):
        return read_xlsx(content)
    if name.endswith((".csv", ".txt")):
        return read_csv(content)
    raise TableError("format non pris en charge : envoyez un fichier CSV (.csv) ou Excel "
                     "(.xlsx).")


# ---------------------------------------------------------------- import

def _check_header(table: Table, report: TableReport) -> None:
    for name in REQUIRED_COLUMNS:
        if name not in table.header:
            report.problems.append(TableProblem(
                HEADER_LINE, name, f"colonne obligatoire absente (« {name} », "
                                   f"{column_titles()[name]})."))
    for label in table.unknown_columns:
        report.notes.append(f"colonne « {label} » inconnue ou en double : elle est ignorée.")


def _json_cell(value: Any, kind: type) -> list | None:
    """A Table Schema « array » cell: a JSON list of ``kind`` (empty cell: empty list);
    None if the cell is not that."""
    text = as_text(value)
    if not text:
        return []
    try:
        items = json.loads(text)
    except ValueError:
        return None
    if not isinstance(items, list) or not all(isinstance(item, kind) for item in items):
        return None
    return items


def _values(row: TableRow, present: list[str], project: Project | None,
            problem: Callable[[str, str], None]) -> dict[str, Any]:
    """The cells of a row as the values of the entry path."""
    cells = row.cells
    values = {COLUMN_TO_FIELD.get(name, name): cells.get(name) for name in present
              if name != "source_titles"}
    if "indicators" in values:
        indicators = _json_cell(values.pop("indicators"), dict)
        if indicators is None:
            problem("indicators", "liste JSON d'indicateurs attendue, par exemple "
                                  '[{"label": "Appels traités", "value_before": "30", '
                                  '"value_after": "98", "unit": "%"}].')
        else:
            values["indicators"] = [{key: raw.get(key) for key in INDICATOR_KEYS}
                                    for raw in indicators]
    if "sources" in present or "source_titles" in present:
        # A plain address keeps the title it has now (entry.py); « source_titles » gives
        # them all, in the order of the addresses.
        urls = [url.strip() for url in _SOURCE_SPLIT.split(as_text(cells.get("sources")))
                if url.strip()] if "sources" in present else \
            [s.url for s in project.sources.all()] if project else []
        values["sources"] = urls
        if "source_titles" in present and as_text(cells.get("source_titles")):
            titles = _json_cell(cells.get("source_titles"), str)
            if titles is None or len(titles) != len(urls):
                problem("source_titles", f"liste JSON de {len(urls)} titre(s) attendue, dans "
                                         "l'ordre des sources, par exemple "
                                         '["Article du Monde", ""].')
                values.pop("sources")
            else:
                values["sources"] = [{"url": url, "title": title}
                                     for url, title in zip(urls, titles, strict=True)]
    return values


def import_table(table: Table, *, user=None, dry_run: bool = False,
                 progress: Progress | None = None, state: str | None = None) -> TableReport:
    """Checks every row, then imports all of them or none. ``user`` is the person
    importing (None: a command run by an administrator, any collectivité). New projects
    are published when a moderator or an administrator imports, drafts for a member."""
    allowed = None if user is None or permissions.is_moderator(user) \
        else permissions.active_organization_ids(user)
    if state is None:
        state = WorkflowState.PUBLISHED if allowed is None else WorkflowState.DRAFT
    report = TableReport(dry_run=dry_run)
    _check_header(table, report)
    if report.problems:
        return report
    rows = [row for row in table.rows if not row.is_empty()]
    report.rows = len(rows)
    if not rows:
        report.problems.append(TableProblem(0, "", "le fichier ne contient aucun projet."))
        return report
    sids = [as_text(row.cells.get("source_id")) for row in rows]
    existing = existing_projects(sids, by_slug=True)
    present = [name for name in table.header
               if name not in IGNORED_COLUMNS and name != "source_id"]
    refs = References()
    pending, seen = [], set()
    for row, sid in zip(rows, sids, strict=True):

        def problem(column: str, message: str, line=row.line, sid=sid) -> None:
            report.problems.append(TableProblem(line, column, message, sid))

        if message := source_id_problem(sid, seen):
            problem("source_id", message)
        seen.add(sid)
        project = existing.get(sid)
        if project is not None and allowed is not None and project.owner_id not in allowed:
            problem("source_id", f"cet identifiant désigne un projet de "
                                 f"{project.owner.name} : vous ne pouvez pas le modifier.")
        result = entry.read(_values(row, present, project, problem), base=project, refs=refs,
                            row=row.line)
        for found in result.problems:
            problem(FIELD_TO_COLUMN.get(found.field, found.field), found.text)
        owner = result.data.owner
        if owner is not None and allowed is not None and owner.pk not in allowed:
            problem("owner_code", f"vous n'êtes pas membre validé de {owner.name} : vous ne "
                                  "pouvez pas importer de projet en son nom.")
        pending.append(Pending(row.line, sid, result.data, project))
    if not report.problems:
        _save(pending, existing, report, user=user, state=state, refs=refs, progress=progress)
    order = {name: i for i, name in enumerate(columns())}
    report.problems.sort(key=lambda p: (p.line, order.get(p.column, -1)))
    return report


def _save(pending: list[Pending], existing: dict[str, Project], report: TableReport, *,
          user, state: str, refs: References, progress: Progress | None) -> None:
    def on_problem(item: Pending, name: str, message: str) -> None:
        report.problems.append(TableProblem(item.position, FIELD_TO_COLUMN.get(name, name),
                                            message, item.source_id))

    with transaction.atomic():
        # Projects created on the site take the identifier the export gave them.
        for sid, project in existing.items():
            if not project.source_id:
                Project.objects.filter(pk=project.pk).update(source_id=sid)
        save(pending, report, author=user, state=state, refs=refs, on_problem=on_problem,
             progress=progress)
        if report.problems or report.dry_run:
            transaction.set_rollback(True)
    if report.problems:
        report.created = report.updated = report.unchanged = 0
