"""The flat projects table (CSV, XLSX): its Table Schema and one row per project.

The columns are those of ``schema/projets.json`` (a Table Schema, the format of
schema.data.gouv.fr), in its order; a test checks that every export follows it. Cells with
several values (keywords, codes, domains, techniques, sources) separate them with " ; ".
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from recensia.projects.fields import INDICATOR_FIELDS
from recensia.projects.models import PartnerRole, Project

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "projets.json"
SEPARATOR = " ; "
# OWASP « CSV injection »: a spreadsheet runs a cell starting with one of these as a
# formula. Such a cell gets a leading apostrophe (shown as text), except a plain number
# (-12.5, -1 000,50, +33 1 23 45 67 89), which cannot call anything. The table import
# removes that apostrophe again, so an export re-imported changes nothing.
# (defusedcsv was not used: it rewrites « | » as « \| » inside such cells and lets a
# leading tab or carriage return through.)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d[\d .,\u00a0\u202f]*$")


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def columns() -> tuple[str, ...]:
    return tuple(field["name"] for field in schema()["fields"])


@cache
def column_titles() -> dict[str, str]:
    return {field["name"]: field["title"] for field in schema()["fields"]}


def schema_bytes() -> bytes:
    return SCHEMA_PATH.read_bytes()


def _joined(values) -> str:
    return SEPARATOR.join(v for v in values if v)


def _number(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    # 10000.00 → 10000, 9.50 → 9.5: the shortest exact writing.
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def _datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(dt.UTC).isoformat(timespec="seconds")


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def project_url(project: Project, base_url: str = "") -> str:
    return base_url.rstrip("/") + project.get_absolute_url()


def stable_id(project: Project) -> str:
    """The identifier written in ``source_id``: the import's, else the slug (which never
    changes once the project exists), so that a re-import matches the same project."""
    return project.source_id or project.slug


INDICATOR_KEYS = INDICATOR_FIELDS


def indicator_item(indicator) -> dict[str, str]:
    """An indicator as the table writes it: every key, numbers as exact text."""
    item = {}
    for key in INDICATOR_KEYS:
        value = getattr(indicator, key)
        item[key] = "" if value is None else (
            format(_number(value), "f") if isinstance(value, Decimal) else value)
    return item


def _json_list(values: list) -> str:
    """A Table Schema « array » cell: a JSON list, empty cell when there is nothing."""
    return json.dumps(values, ensure_ascii=False) if values else ""


def project_row(project: Project, base_url: str = "") -> dict[str, Any]:
    """One project as a row of the table: strings, integers and decimals only."""
    owner = project.owner
    partners = [p for p in project.partnerships.all() if p.is_public]
    sources = list(project.sources.all())
    row: dict[str, Any] = {
        "source_id": stable_id(project),
        "slug": project.slug,
        "url": project_url(project, base_url),
        "keywords": _joined(project.keyword_list),
        "owner_code": owner.url_code,
        "owner_name": owner.name,
        "owner_kind": owner.kind,
        "owner_insee_code": owner.insee_code,
        "owner_siren": owner.siren,
        "partner_codes": _joined(p.organization.url_code for p in partners
                                 if p.role == PartnerRole.PARTNER),
        "follower_codes": _joined(p.organization.url_code for p in partners
                                  if p.role == PartnerRole.FOLLOWER),
        "domains": _joined(d.name for d in project.domains.all()),
        "techniques": _joined(t.name for t in project.techniques.all()),
        "vendor_name": project.vendor.name if project.vendor_id else "",
        "vendor_siren": project.vendor.siren if project.vendor_id else "",
        "investment_eur": _number(project.investment_eur),
        "yearly_cost_eur": _number(project.yearly_cost_eur),
        "start_date": _date(project.start_date),
        "end_date": _date(project.end_date),
        "next_review_date": _date(project.next_review_date),
        "sources": _joined(s.url for s in sources),
        "source_titles": _json_list([s.title for s in sources]),
        "indicators": _json_list([indicator_item(i) for i in project.indicators.all()]),
        "published_at": _datetime(project.published_at),
        "updated_at": _datetime(project.updated_at),
    }
    for name in columns():
        if name not in row:
            row[name] = getattr(project, name)
    return {name: row[name] for name in columns()}


def cell_text(value: Any) -> str:
    """A cell as CSV text: empty for nothing, numbers without exponent, text that a
    spreadsheet would run as a formula neutralised."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return neutralise(str(value))


def neutralise(text: str) -> str:
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def unneutralise(text: str) -> str:
    """The text that ``neutralise`` was given."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_START) \
            and not _PLAIN_NUMBER.match(text[1:]):
        return text[1:]
    return text
