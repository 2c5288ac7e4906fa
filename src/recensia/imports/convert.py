"""One row of a file, through its confirmed mapping, as the values of the entry path.

The result is what ``projects.entry.read`` takes (field names of ``fields.py`` → raw
values): nothing here parses dates, amounts or codes, the entry path does. What is added
here is what the mapping says: the confirmed meaning of each distinct value, the start
year read in a status, the partners named with the owner, the columns kept in the
description or the keywords, and the public body the row waits for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from recensia.imports.mapping import (
    SOURCE_ID,
    TO_DESCRIPTION,
    TO_KEYWORDS,
    Mapping,
    cell_key,
    joined,
    list_items,
)
from recensia.projects import fields as F
from recensia.projects.models import ProjectStatus
from recensia.projects.references import as_text

SHORT_MAX = F.field("short_description").max_length
DETAIL_MAX = F.field("status_detail").max_length
_URL_SPLIT = re.compile(r"\s+;\s*|\s*;\s+|\s+(?=https?://)|\n")


@dataclass
class RowValues:
    values: dict[str, Any]
    waiting_for: dict[str, Any] | None = None   # the owner value of a requested body
    notes: list[str] = field(default_factory=list)
    cells: dict[str, str] = field(default_factory=dict)  # field → cell as typed


def _mapped(mapping: Mapping, target: str, key: str) -> dict[str, Any] | None:
    found = mapping.values.get(target, {}).get(key)
    return found if isinstance(found, dict) else None


def _single_cell(mapping: Mapping, cells: dict[str, Any], target: str) -> Any:
    """The raw cell when one column feeds the field (keeps numbers and dates as read)."""
    columns = mapping.columns_for(target)
    if len(columns) == 1:
        return cells.get(columns[0])
    return joined(mapping, cells, target)


def _organization(mapping: Mapping, target: str, key: str, resolve_body) -> tuple[Any, list,
                                                                                  dict | None]:
    """(owner value, partner codes, the body the row waits for)."""
    chosen = _mapped(mapping, target, key)
    if chosen is None:
        return key, [], None
    if "body" in chosen:
        value = resolve_body(chosen["body"])
        if value is None:
            return None, list(chosen.get("partners", [])), chosen["body"]
        return value, list(chosen.get("partners", [])), None
    return chosen.get("value") or key, list(chosen.get("partners", [])), None


def convert_row(mapping: Mapping, cells: dict[str, Any], *, default_owner: str,
                resolve_body) -> RowValues:
    """``resolve_body(body)`` gives the owner value for a public body of the mapping (a code,
    or a reference the entry path creates), or None when it waits for a moderator."""
    values: dict[str, Any] = {}
    out = RowValues(values)
    keywords_extra: list[str] = []
    description_extra: list[str] = []
    partners: list[str] = []
    for target in mapping.targets():
        text = joined(mapping, cells, target)
        out.cells[target] = text
        spec = F.BY_NAME[target]
        if target == "owner":
            owner, more, waiting = _organization(mapping, target, text, resolve_body)
            partners += more
            if waiting is not None:
                out.waiting_for = waiting
            else:
                values["owner"] = owner
        elif spec.kind == F.ORGANIZATIONS:
            value, more, _waiting = _organization(mapping, target, text, lambda b: None)
            codes = [value] if isinstance(value, str) and value else []
            values[target] = codes + more
        elif spec.kind == F.CHOICE:
            chosen = _mapped(mapping, target, text)
            values[target] = chosen["value"] if chosen else text
            if target == "status" and chosen:
                if chosen.get("start_year") and not cell_key(
                        joined(mapping, cells, "start_year")):
                    values["start_year"] = chosen["start_year"]
                label = dict(spec.choices).get(chosen["value"], "")
                if text and text.casefold() != label.casefold() and \
                        "status_detail" not in mapping.targets():
                    values["status_detail"] = text[:DETAIL_MAX]
                    if chosen["value"] == ProjectStatus.STOPPED and \
                            "status_reason" not in mapping.targets():
                        values["status_reason"] = text  # what the cell says of the end
        elif spec.kind == F.TAXONOMY:
            slugs: list[str] = []
            for item in list_items(text):
                chosen = _mapped(mapping, target, item)
                if chosen is None:
                    slugs.append(item)  # the entry path says it is unknown, and lists them
                else:
                    if chosen.get("kind") and "kind" not in mapping.targets():
                        # « (charte) … »: the value says what the row is.
                        values["kind"] = chosen["kind"]
                    if chosen.get("value"):
                        slugs += [s for s in chosen["value"] if s not in slugs]
                    elif not chosen.get("kind"):
                        keywords_extra.append(item)
            values[target] = slugs
        elif target == "vendor_name" and _mapped(mapping, target, text) is not None:
            # A confirmed name for the cell as typed (« Engie / Vertuoz » → « Vertuoz »;
            # « non précisé » → none).
            values[target] = _mapped(mapping, target, text).get("value") or ""
            if values[target] != text:  # the cell as written stays readable
                description_extra.append(f"{spec.title} (tel qu'écrit) : {text}")
        elif target == "sources":
            values[target] = [u for u in _URL_SPLIT.split(text) if u.strip()]
        elif target == "start_year" and "start_year" in values:
            continue
        else:
            values[target] = _single_cell(mapping, cells, target)
    for column in cells:  # in the file's order
        target = mapping.columns.get(column)
        value = as_text(cells.get(column))
        if not value:
            continue
        if target == TO_DESCRIPTION:
            description_extra.append(f"{column} : {value}")
        elif target == TO_KEYWORDS:
            keywords_extra += list_items(value)
    if partners:
        merged: list[Any] = []  # codes, or public bodies (dicts) the entry path creates
        for partner in [*(values.get("partner_codes") or []), *partners]:
            if partner not in merged:
                merged.append(partner)
        values["partner_codes"] = merged
    if description_extra:
        before = as_text(values.get("description"))
        values["description"] = "\n\n".join([before, *description_extra] if before
                                             else description_extra)
    if keywords_extra:
        before = as_text(values.get("keywords"))
        values["keywords"] = " ; ".join([before, *keywords_extra] if before else keywords_extra)
    if "owner" not in values and out.waiting_for is None:
        values["owner"] = default_owner
    if not as_text(values.get("short_description")):
        values["short_description"] = _short(values)
    values.pop(SOURCE_ID, None)
    return out


def _short(values: dict[str, Any]) -> str:
    """A short description taken from the description (its first sentences), else the
    title: the field is required, and inventories rarely have it."""
    text = " ".join(as_text(values.get("description")).split())
    if not text:
        return as_text(values.get("title"))
    if len(text) <= SHORT_MAX:
        return text
    cut = text[:SHORT_MAX - 1]
    end = cut.rfind(". ")
    return cut[:end + 1] if end > 80 else cut.rsplit(" ", 1)[0] + "…"
