"""A mapping: what each column of a file means, and what each distinct value means.

It is plain data (JSON), saved per collectivité by the assistant and kept in files that a
command replays (``recensia import_mapped FICHIER --correspondances MAPPING.json``)::

    {
      "format": "recensia-correspondances", "version": 1,
      "columns": {"Titre": "title", "Statut": "status", "Collectivité": "owner",
                  "Code": "owner", "Remarques": "+description", "Interne": "-"},
      "values": {
        "status": {"en service depuis 2023": {"value": "deployed", "start_year": 2023}},
        "domains": {"eau potable": {"value": ["eau-et-assainissement"]}},
        "owner": {"Quimper et Quimper Bretagne Occidentale": {
                    "value": "29232", "partners": ["200068120"]},
                  "SDIS 29": {"body": {"name": "SDIS du Finistère", "other_type": "sdis",
                                       "departement": "29"}}}
      }
    }

Column targets are the field names of ``projects/fields.py`` (the one list of fields),
``source_id`` (the row's stable identifier), ``+description`` / ``+keywords`` (a column
the platform has no field for, kept in the description or the keywords with its title) or
``-`` (left out, by the user's explicit choice, and listed in the report). Several columns
with the same target are joined (owner: the name, the code and the département together
make the value matched).

A file without an identifier column may number its rows instead (``"row_ids":
{"prefix": "cas-reels-", "first": 1, "digits": 2}``: the first data row is
``cas-reels-01``): only for a file kept as data whose rows never move, like the
demonstration's.

Values are keyed by the cell as typed (spaces trimmed). A replayed file may also confirm
the vendor's name per distinct cell (``"vendor_name": {"Engie / Vertuoz": {"value":
"Vertuoz"}}``, an empty value when the cell names none). A list column (domains,
techniques) is split on « ; » and each item is mapped once; a technique may also say what
the row is (``"kind": "governance"`` for « (charte) … », « (stratégie) … »). An owner value
names a code the entry path reads (INSEE code of a commune, SIREN, ``departement-29``,
``region-11``, ``organisme-<code>``), with partners, or a public body to create (``body``:
created directly by a command an administrator runs; requested from a moderator on the
site).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from recensia.projects import fields as F
from recensia.projects.references import as_text, fold

FORMAT_NAME = "recensia-correspondances"
FORMAT_VERSION = 1
SOURCE_ID = "source_id"
TO_DESCRIPTION = "+description"
TO_KEYWORDS = "+keywords"
LEFT_OUT = "-"
EXTRA_TARGETS = (TO_DESCRIPTION, TO_KEYWORDS, LEFT_OUT)
# Fields a column may feed (not the rows of indicators, which need several columns).
MAPPABLE_FIELDS = tuple(f for f in F.FIELDS if f.name != "indicators")
# Fields whose distinct values are matched one by one to a list.
VALUE_FIELDS = ("kind", "status", "decision_role", "secnumcloud", "open_source",
                "personal_data", "dpia_done", "fria_done", "domains", "techniques", "owner",
                "partner_codes", "follower_codes")
LIST_SPLIT = re.compile(r"\s*;\s*")
OWNER_JOIN = " | "


class MappingError(ValueError):
    """The mapping file is not usable; the message, in French, says why."""


@dataclass
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    row_ids: dict[str, Any] = field(default_factory=dict)

    # ------------------------------------------------------------ (de)serialisation
    def as_data(self) -> dict[str, Any]:
        data = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "columns": self.columns,
                "values": self.values}
        if self.row_ids:
            data["row_ids"] = self.row_ids
        return data

    def dumps(self) -> str:
        return json.dumps(self.as_data(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"

    @classmethod
    def from_data(cls, data: Any) -> Mapping:
        if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
            raise MappingError(f"ce fichier n'est pas au format « {FORMAT_NAME} ».")
        if data.get("version") != FORMAT_VERSION:
            raise MappingError(f"version {data.get('version')} non prise en charge (attendue : "
                               f"{FORMAT_VERSION}).")
        columns, values = data.get("columns"), data.get("values", {})
        if not isinstance(columns, dict) or not isinstance(values, dict):
            raise MappingError("« columns » et « values » doivent être des objets.")
        valid = {f.name for f in MAPPABLE_FIELDS} | {SOURCE_ID, *EXTRA_TARGETS}
        for column, target in columns.items():
            if target not in valid:
                raise MappingError(f"colonne « {column} » : destination inconnue "
                                   f"« {target} ».")
        row_ids = data.get("row_ids") or {}
        if row_ids and not (isinstance(row_ids, dict) and isinstance(row_ids.get("prefix"), str)
                            and isinstance(row_ids.get("first", 1), int)
                            and isinstance(row_ids.get("digits", 1), int)):
            raise MappingError("« row_ids » doit donner un préfixe (« prefix ») et, en "
                               "nombres entiers, le premier numéro (« first ») et le nombre "
                               "de chiffres (« digits »).")
        return cls({str(k): str(v) for k, v in columns.items()},
                   {str(k): dict(v) for k, v in values.items()}, dict(row_ids))

    # ------------------------------------------------------------ columns
    def columns_for(self, target: str) -> list[str]:
        return [column for column, t in self.columns.items() if t == target]

    def targets(self) -> list[str]:
        """The fields the file feeds, in the order of ``fields.py``."""
        used = set(self.columns.values())
        return [f.name for f in MAPPABLE_FIELDS if f.name in used]

def allowed_values(name: str) -> list[str]:
    """The labels a list field accepts (choices, or the entries of its reference list)."""
    spec = F.BY_NAME.get(name)
    if spec is None:
        return []
    if spec.kind == F.CHOICE:
        return [str(label) for _code, label in spec.choices]
    if spec.kind == F.TAXONOMY:
        return list(spec.reference.objects.order_by("position", "name")
                    .values_list("name", flat=True))
    return []


def cell_key(value: Any) -> str:
    """A cell as the key of the value mapping: its text, spaces trimmed and single."""
    return " ".join(as_text(value).split())


def row_cells(header: list[str], row: list[Any]) -> dict[str, Any]:
    return {name: (row[i] if i < len(row) else None) for i, name in enumerate(header)
            if name}


def joined(mapping: Mapping, cells: dict[str, Any], target: str) -> str:
    """The text of every column mapped to ``target`` in this row (owner: joined by « | »,
    lists by « ; », texts by a blank line)."""
    # In the file's order (``cells`` follows the header; a mapping stored in PostgreSQL's
    # jsonb does not keep the order of its keys).
    columns = [column for column in cells if mapping.columns.get(column) == target]
    parts = [cell_key(cells.get(column)) for column in columns]
    if target in ("owner", "partner_codes", "follower_codes"):
        return OWNER_JOIN.join(p for p in parts if p)
    parts = [p for p in parts if p]
    spec = F.BY_NAME.get(target)
    if spec is not None and spec.kind in (F.TAXONOMY, F.KEYWORDS):
        return " ; ".join(parts)
    if spec is not None and spec.kind == F.LONG_TEXT:
        return "\n\n".join(as_text(cells.get(c)) for c in columns if as_text(cells.get(c)))
    return " ".join(parts)


def list_items(text: str) -> list[str]:
    return [item for item in LIST_SPLIT.split(text) if item]


def distinct_values(mapping: Mapping, header: list[str], rows: list[list[Any]]
                    ) -> dict[str, dict[str, int]]:
    """For each value field the file feeds: each distinct value and its number of rows."""
    found: dict[str, dict[str, int]] = {}
    targets = [t for t in mapping.targets() if t in VALUE_FIELDS]
    for row in rows:
        cells = row_cells(header, row)
        for target in targets:
            text = joined(mapping, cells, target)
            if not text.strip(" |"):
                continue
            spec = F.BY_NAME[target]
            keys = list_items(text) if spec.kind == F.TAXONOMY else [text]
            counts = found.setdefault(target, {})
            for key in keys:
                counts[key] = counts.get(key, 0) + 1
    return found


def row_source_id(mapping: Mapping, cells: dict[str, Any], prefix: str, index: int = 0) -> str:
    """The row's identifier: the column mapped to ``source_id``, else the row's number when
    the mapping numbers them (``index``: 0 for the first data row), else one derived from
    the owner and the title (stable when rows move, so a second import updates, never
    duplicates)."""
    given = joined(mapping, cells, SOURCE_ID)
    if given:
        return given[:120]
    if mapping.row_ids:
        number = mapping.row_ids.get("first", 1) + index
        return f"{mapping.row_ids['prefix']}{number:0{mapping.row_ids.get('digits', 1)}d}"[:120]
    basis = fold(joined(mapping, cells, "owner")) + "\n" + fold(joined(mapping, cells, "title"))
    digest = hashlib.blake2b(basis.encode(), digest_size=6).hexdigest()
    return f"{prefix}-{digest}"[:120]
