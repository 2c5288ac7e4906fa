"""Import of a projects table (CSV or XLSX) in the product's own schema (``projets.json``).

The table has the columns of the export. Each row becomes an item of the
``recensia-projets`` JSON format and the whole file goes through
``importing.import_projects``: all or nothing, replayable (rows are matched on their
``source_id``). Every problem is reported with the line number shown by a spreadsheet
(the header is line 1) and the column name, in French; a dry run writes nothing.

- A project is identified by ``source_id``. The export writes the import's identifier, or
  the slug of a project created on the site: such a project is matched by its slug and
  keeps that identifier from then on, so exporting then importing changes nothing.
- Columns absent from the file keep the current values of an existing project (the
  detailed result indicators, which the table does not carry, are always kept).
- ``owner_code``, ``partner_codes`` and ``follower_codes`` hold codes: INSEE code of a
  commune, SIREN, ``departement-29``, ``region-11`` or ``organisme-<code>`` (the stable
  code of an other public body).
- A member may import only projects of their own collectivités; a moderator any.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import TextChoices

from recensia.accounts import permissions
from recensia.opendata.importing import (
    FORMAT_NAME,
    FORMAT_VERSION,
    ImportFailed,
    import_projects,
)
from recensia.opendata.table import INDICATOR_KEYS, column_titles, columns, unneutralise
from recensia.projects.models import (
    DecisionRole,
    PartnerRole,
    Project,
    ProjectKind,
    ProjectStatus,
    WorkflowState,
    YesNoUnknown,
)
from recensia.projects.services import EDITABLE_FIELDS, INDICATOR_FIELDS
from recensia.territories.models import Organization, OrganizationKind
from recensia.territories.selectors import get_organization_by_code

MAX_FILE_SIZE = 10 * 1024 * 1024
REQUIRED_COLUMNS = ("source_id", "title", "short_description", "owner_code")
# Recomputed by the platform: read from the file, never imported.
IGNORED_COLUMNS = frozenset({"slug", "url", "owner_name", "owner_kind", "owner_insee_code",
                             "owner_siren", "ai_act_tier", "published_at",
                             "updated_at"})
CHOICES: dict[str, type[TextChoices]] = {
    "kind": ProjectKind, "status": ProjectStatus, "decision_role": DecisionRole,
    "secnumcloud": YesNoUnknown, "open_source": YesNoUnknown, "personal_data": YesNoUnknown,
    "dpia_done": YesNoUnknown, "fria_done": YesNoUnknown,
}
DATE_COLUMNS = ("start_date", "end_date", "next_review_date")
AMOUNT_COLUMNS = ("investment_eur", "yearly_cost_eur")
LIST_COLUMNS = ("keywords", "domains", "techniques")
CODE_COLUMNS = {"partner_codes": PartnerRole.PARTNER, "follower_codes": PartnerRole.FOLLOWER}
# Where import_projects' problems go in the table.
FIELD_TO_COLUMN = {"owner": "owner_code", "partners": "partner_codes", "vendor": "vendor_name",
                   "projet": "", "__all__": ""}
SIREN_RE = re.compile(r"^\d{9}$")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
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
class TableReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[TableProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.problems:
            return f"{len(self.problems)} problème(s), rien n'a été importé."
        prefix = "Simulation : " if self.dry_run else ""
        return (f"{prefix}{self.created} projet(s) créé(s), {self.updated} mis à jour, "
                f"{self.unchanged} inchangé(s).")

    def __str__(self) -> str:
        lines = [f"Remarque : {note}" for note in self.notes]
        if self.problems:
            lines.append(f"{len(self.problems)} problème(s), rien n'a été importé :")
            lines += [f"- {problem}" for problem in self.problems]
        else:
            lines.append(self.summary())
        return "\n".join(lines)


# ---------------------------------------------------------------- reading files

@dataclass
class TableRow:
    line: int
    cells: dict[str, Any]

    def is_empty(self) -> bool:
        return all(_text(value) == "" for value in self.cells.values())


@dataclass
class Table:
    header: list[str]
    rows: list[TableRow]
    unknown_columns: list[str] = field(default_factory=list)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def _header_map(header: list[Any]) -> tuple[dict[int, str], list[str]]:
    """Position → column name. A column is recognised by its name or its French title."""
    known = {_fold(name): name for name in columns()}
    known.update({_fold(title): name for name, title in column_titles().items()})
    mapping, unknown = {}, []
    for position, cell in enumerate(header):
        label = _text(cell)
        if not label:
            continue
        name = known.get(_fold(label))
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
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        # The export neutralises cells that a spreadsheet would run as formulas.
        return _table([unneutralise(cell) for cell in record] for record in records)
    except csv.Error as exc:
        raise TableError(f"fichier CSV illisible ({exc}).") from exc


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


# ---------------------------------------------------------------- cells

def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _split(value: Any, pattern: re.Pattern | None = None) -> list[str]:
    text = _text(value)
    if not text:
        return []
    parts = pattern.split(text) if pattern else text.split(";")
    return [part.strip() for part in parts if part.strip()]


def _code(value: Any) -> str:
    """A code typed in a spreadsheet cell: numbers lose their leading zeros."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = str(int(value))
        return digits.zfill(5) if len(digits) <= 5 else digits.zfill(9)
    text = _text(value).replace(" ", "")
    if "-" in text:
        prefix, rest = text.split("-", 1)
        text = f"{_fold(prefix)}-{rest}"
    return text


def _choice(choices: type[TextChoices], value: Any) -> str | None:
    if isinstance(value, bool) and choices is YesNoUnknown:
        return YesNoUnknown.YES if value else YesNoUnknown.NO
    wanted = _fold(_text(value))
    for code, label in choices.choices:
        if wanted in (_fold(code), _fold(str(label))):
            return code
    return None


def _choices_text(choices: type[TextChoices]) -> str:
    return ", ".join(f"{code} ({label})" for code, label in choices.choices)


def _year(value: Any) -> int | None:
    if isinstance(value, int | float) and not isinstance(value, bool) \
            and float(value).is_integer():
        return int(value)
    text = _text(value)
    return int(text) if text.isdigit() else None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _amount(value: Any) -> Decimal | None:
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = _SPACES.sub("", _text(value)).replace("€", "")
    if "," in text:
        text = text.replace(",", "") if "." in text else text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _indicator(raw: dict[str, Any]) -> dict[str, Any]:
    """One indicator of the « indicators » cell, as the import format has it."""
    indicator: dict[str, Any] = {}
    for key in INDICATOR_KEYS:
        value = raw.get(key)
        text = "" if value is None else str(value).strip()
        indicator[key] = (text or None) if key in ("value_before", "value_after") else text
    return indicator


def _json_cell(value: Any, kind: type) -> list | None:
    """A Table Schema « array » cell: a JSON list of ``kind`` (empty cell: empty list);
    None if the cell is not that."""
    text = _text(value)
    if not text:
        return []
    try:
        items = json.loads(text)
    except ValueError:
        return None
    if not isinstance(items, list) or not all(isinstance(item, kind) for item in items):
        return None
    return items


def _same_text(before: Any, text: str) -> bool:
    """Spreadsheets may turn CRLF line ends into LF: that is not a change."""
    return isinstance(before, str) and before.replace("\r\n", "\n") == text.replace("\r\n", "\n")


# ---------------------------------------------------------------- organisations

def organization_ref(org: Organization) -> dict[str, Any]:
    """A reference that ``importing`` resolves to this very organisation."""
    if org.kind in (OrganizationKind.COMMUNE, OrganizationKind.DEPARTEMENT,
                    OrganizationKind.REGION) and org.insee_code:
        return {"kind": org.kind, "insee_code": org.insee_code}
    if org.siren:
        return {"kind": org.kind, "siren": org.siren}
    return {"kind": org.kind, "name": org.name}


class _Organizations:
    def __init__(self) -> None:
        self._cache: dict[str, Organization | str] = {}

    def get(self, code: str) -> Organization | str:
        if code not in self._cache:
            org = get_organization_by_code(code)
            if org is None:
                found: Organization | str = (
                    f"aucune collectivité n'a le code « {code} » (attendu : code INSEE d'une "
                    "commune, SIREN, « departement-29 », « region-11 » ou "
                    "« organisme-syndicat-des-eaux »).")
            elif org.is_obsolete:
                found = (f"{org.name} (code « {code} ») n'existe plus dans le référentiel "
                         "officiel : indiquez la collectivité qui lui a succédé.")
            else:
                found = org
            self._cache[code] = found
        return self._cache[code]


# ---------------------------------------------------------------- project → item

def project_item(project: Project) -> dict[str, Any]:
    """An existing project as an item of the ``recensia-projets`` format (the baseline
    that a row overrides column by column)."""
    item: dict[str, Any] = {name: getattr(project, name) for name in EDITABLE_FIELDS}
    item["keywords"] = project.keyword_list
    item["source_id"] = project.source_id or project.slug
    item["owner"] = organization_ref(project.owner)
    item["partners"] = [{**organization_ref(p.organization), "role": p.role}
                        for p in project.partnerships.all()]
    item["domains"] = [d.name for d in project.domains.all()]
    item["techniques"] = [t.name for t in project.techniques.all()]
    item["vendor"] = ({"name": project.vendor.name, "siren": project.vendor.siren}
                      if project.vendor_id else {"name": "", "siren": ""})
    item["indicators"] = [{name: getattr(i, name) for name in INDICATOR_FIELDS}
                          for i in project.indicators.all()]
    item["sources"] = [{"url": s.url, "title": s.title} for s in project.sources.all()]
    return item


def _existing(source_ids: list[str]) -> dict[str, Project]:
    """Projects matched by ``source_id``, else by slug for those created on the site."""
    found: dict[str, Project] = {}
    queryset = Project.objects.select_related("owner", "vendor").prefetch_related(
        "partnerships__organization", "domains", "techniques", "indicators", "sources")
    for start in range(0, len(source_ids), 500):
        chunk = source_ids[start:start + 500]
        for project in queryset.filter(source_id__in=chunk):
            found[project.source_id] = project
        missing = [sid for sid in chunk if sid not in found]
        for project in queryset.filter(source_id="", slug__in=missing):
            found[project.slug] = project
    return found


# ---------------------------------------------------------------- row → item

class _RowReader:
    def __init__(self, table: Table, allowed_org_ids: set[int] | None,
                 problems: list[TableProblem]):
        self.present = set(table.header) - IGNORED_COLUMNS
        self.allowed = allowed_org_ids
        self.problems = problems
        self.organizations = _Organizations()

    def item(self, row: TableRow, existing: Project | None) -> dict[str, Any]:
        sid = _text(row.cells.get("source_id"))
        base = project_item(existing) if existing else {}
        item = dict(base, source_id=sid)

        def problem(column: str, message: str) -> None:
            self.problems.append(TableProblem(row.line, column, message, sid))

        if not sid:
            problem("source_id", "identifiant d'origine manquant : choisissez un identifiant "
                                 "stable (par exemple « ville-ia-01 ») ; il permet de "
                                 "réimporter le fichier sans créer de doublon.")
        elif len(sid) > Project._meta.get_field("source_id").max_length:
            problem("source_id", "identifiant d'origine trop long (120 caractères au plus).")
        if existing is not None and self.allowed is not None \
                and existing.owner_id not in self.allowed:
            problem("source_id", f"cet identifiant désigne un projet de "
                                 f"{existing.owner.name} : vous ne pouvez pas le modifier.")
        cells = row.cells
        for name in EDITABLE_FIELDS:
            if name not in self.present or name in LIST_COLUMNS:
                continue
            value = cells.get(name)
            if name in CHOICES:
                if _text(value) == "":
                    item[name] = Project._meta.get_field(name).get_default()
                    continue
                code = _choice(CHOICES[name], value)
                if code is None:
                    problem(name, f"valeur inconnue « {_text(value)} » (valeurs possibles : "
                                  f"{_choices_text(CHOICES[name])}).")
                else:
                    item[name] = code
            elif name == "start_year":
                year = _year(value)
                if year is None and _text(value):
                    problem(name, f"« {_text(value)} » n'est pas une année (par exemple 2022).")
                else:
                    item[name] = year
            elif name in DATE_COLUMNS:
                date = _date(value)
                if date is None and _text(value):
                    problem(name, f"« {_text(value)} » n'est pas une date (attendu : "
                                  "AAAA-MM-JJ ou JJ/MM/AAAA).")
                else:
                    item[name] = date
            elif name in AMOUNT_COLUMNS:
                amount = _amount(value)
                if amount is None and _text(value):
                    problem(name, f"« {_text(value)} » n'est pas un montant en euros (par "
                                  "exemple 12500 ou 12 500,50).")
                elif amount is not None and base.get(name) == amount:
                    item[name] = base[name]  # 25000.5 is 25000.50: not a change
                else:
                    item[name] = amount
            else:
                text = _text(value)
                item[name] = base[name] if _same_text(base.get(name), text) else text
        for name in LIST_COLUMNS:
            if name in self.present:
                item[name] = _split(cells.get(name))
        self._owner(cells, item, problem)
        self._partners(cells, item, base, problem)
        self._vendor(cells, item, base, problem)
        self._sources(cells, item, base, problem)
        if "indicators" in self.present:
            indicators = _json_cell(cells.get("indicators"), dict)
            if indicators is None:
                problem("indicators", "liste JSON d'indicateurs attendue, par exemple "
                                      '[{"label": "Appels traités", "value_before": "30", '
                                      '"value_after": "98", "unit": "%"}].')
            else:
                item["indicators"] = [_indicator(raw) for raw in indicators]
        return item

    def _sources(self, cells, item, base, problem) -> None:
        """URLs from « sources », titles from « source_titles » (same order), else the
        current title of the same URL."""
        if "sources" not in self.present and "source_titles" not in self.present:
            return
        current = base.get("sources", [])
        urls = _split(cells.get("sources"), _SOURCE_SPLIT) if "sources" in self.present \
            else [s["url"] for s in current]
        known = {s["url"]: s.get("title", "") for s in current}
        titles = [known.get(url, "") for url in urls]
        if "source_titles" in self.present and _text(cells.get("source_titles")):
            given = _json_cell(cells.get("source_titles"), str)
            if given is None or len(given) != len(urls):
                problem("source_titles", f"liste JSON de {len(urls)} titre(s) attendue, dans "
                                         "l'ordre des sources, par exemple "
                                         '["Article du Monde", ""].')
            else:
                titles = given
        item["sources"] = [{"url": url, "title": title}
                           for url, title in zip(urls, titles, strict=True)]

    def _owner(self, cells, item, problem) -> None:
        if "owner_code" not in self.present:
            return
        code = _code(cells.get("owner_code"))
        if not code:
            problem("owner_code", "code de la collectivité porteuse manquant (code INSEE, "
                                  "SIREN, « departement-29 » ou « region-11 »).")
            item.pop("owner", None)
            return
        org = self.organizations.get(code)
        if isinstance(org, str):
            problem("owner_code", org)
            item.pop("owner", None)
            return
        if self.allowed is not None and org.pk not in self.allowed:
            problem("owner_code", f"vous n'êtes pas membre validé de {org.name} : vous ne "
                                  "pouvez pas importer de projet en son nom.")
        item["owner"] = organization_ref(org)

    def _partners(self, cells, item, base, problem) -> None:
        present = [name for name in CODE_COLUMNS if name in self.present]
        if not present:
            return
        kept_roles = {CODE_COLUMNS[name] for name in CODE_COLUMNS if name not in present}
        partners = [p for p in base.get("partners", []) if p["role"] in kept_roles]
        for name in present:
            value = cells.get(name)
            raw_codes = [value] if isinstance(value, int | float) else _split(value)
            for raw in raw_codes:
                org = self.organizations.get(_code(raw))
                if isinstance(org, str):
                    problem(name, org)
                else:
                    partners.append({**organization_ref(org), "role": CODE_COLUMNS[name]})
        item["partners"] = partners

    def _vendor(self, cells, item, base, problem) -> None:
        if "vendor_name" not in self.present and "vendor_siren" not in self.present:
            return
        before = base.get("vendor") or {"name": "", "siren": ""}
        name = _text(cells.get("vendor_name")) if "vendor_name" in self.present \
            else before["name"]
        if "vendor_siren" in self.present:
            siren = _code(cells.get("vendor_siren"))
            if siren and not SIREN_RE.match(siren):
                problem("vendor_siren", f"« {siren} » n'est pas un SIREN (9 chiffres).")
                siren = ""
        else:
            siren = before["siren"] if name == before["name"] else ""
        if siren and not name:
            problem("vendor_name", "SIREN du fournisseur sans nom de fournisseur.")
        item["vendor"] = {"name": name, "siren": siren}


# ---------------------------------------------------------------- import

def _check_header(table: Table, report: TableReport) -> None:
    for name in REQUIRED_COLUMNS:
        if name not in table.header:
            report.problems.append(TableProblem(
                HEADER_LINE, name, f"colonne obligatoire absente (« {name} », "
                                   f"{column_titles()[name]})."))
    for label in table.unknown_columns:
        report.notes.append(f"colonne « {label} » inconnue ou en double : elle est ignorée.")


def _placeholder_owner() -> dict[str, Any] | None:
    """An owner for rows whose owner is wrong, so that their other fields are checked too
    (only in a dry run whose result is already refused)."""
    org = Organization.objects.filter(is_obsolete=False).exclude(
        kind=OrganizationKind.OTHER, siren="").order_by("pk").first()
    return organization_ref(org) if org else None


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
    sids = [_text(row.cells.get("source_id")) for row in rows]
    existing = _existing([sid for sid in sids if sid])
    reader = _RowReader(table, allowed, report.problems)
    items = [reader.item(row, existing.get(sid)) for row, sid in zip(rows, sids, strict=True)]
    lines = [row.line for row in rows]
    if report.problems:
        placeholder = _placeholder_owner()
        for item in items:
            if "owner" not in item and placeholder:
                item["owner"] = placeholder
    own = {(p.line, p.column) for p in report.problems}
    payload = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "projects": items}
    with transaction.atomic():
        # Projects created on the site take the identifier the export gave them.
        for sid, project in existing.items():
            if not project.source_id:
                Project.objects.filter(pk=project.pk).update(source_id=sid)
        try:
            result = import_projects(payload, author=user, state=state, progress=progress,
                                     dry_run=dry_run or bool(report.problems))
        except ImportFailed as exc:
            transaction.set_rollback(True)
            for problem in exc.report.problems:
                line = lines[problem.position - 1] if problem.position else 0
                column = FIELD_TO_COLUMN.get(problem.field, problem.field)
                if (line, column) not in own:
                    report.problems.append(TableProblem(line, column, problem.message,
                                                        problem.source_id))
        else:
            if report.problems or dry_run:
                transaction.set_rollback(True)
            if not report.problems:
                report.created, report.updated, report.unchanged = (
                    result.created, result.updated, result.unchanged)
    order = {name: i for i, name in enumerate(columns())}
    report.problems.sort(key=lambda p: (p.line, order.get(p.column, -1)))
    return report
