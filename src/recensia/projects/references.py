"""What a source designates by name or code: collectivités and reference-list entries.

Used by the entry path (``entry.py``): a collectivité is designated by a code (INSEE of a
commune, SIREN, ``departement-29``, ``region-11``, ``organisme-12``, as in the addresses
of the site and the table import) or, in the JSON format, by a reference object
(``{"kind": "commune", "insee_code": "78490"}``); a domain or a technique by its name or
its identifier.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from django.utils.text import slugify

from recensia.projects.models import Domain, Technique
from recensia.territories.models import Organization, OrganizationKind, OtherBodyType
from recensia.territories.selectors import (
    COMMUNE_CODE_RE,
    OTHER_BODY_CODE_RE,
    PREFIXED_CODE_RE,
    SIREN_RE,
)

CODES_EXPECTED = ("code INSEE d'une commune, SIREN, « departement-29 », « region-11 » ou "
                  "« organisme-syndicat-des-eaux »")


def as_text(value: Any) -> str:
    """A raw value as text: spreadsheet numbers without « .0 », dates in ISO."""
    if type(value) is str:
        return value.strip()
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


def fold(text: str) -> str:
    """Lower case without accents, to compare what people type with codes and labels."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def organization_code(value: Any) -> str:
    """A code typed in a cell: numbers lose their leading zeros, which are put back."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = str(int(value))
        return digits.zfill(5) if len(digits) <= 5 else digits.zfill(9)
    text = as_text(value).replace(" ", "")
    if "-" in text:
        prefix, rest = text.split("-", 1)
        text = f"{fold(prefix)}-{rest}"
    return text


# ---------------------------------------------------------------- references

class References:
    """The collectivités and list entries a source designates, each looked up once.

    ``preload=True`` reads every collectivité at once (the bulk loader: no query per
    project). A collectivité is designated by a code (INSEE of a commune, SIREN,
    ``departement-29``, ``region-11``, ``organisme-<code>``) or, in the JSON format, by a
    reference object (``{"kind": "commune", "insee_code": "78490"}``). A public body of
    kind « other » unknown by its name is prepared, and saved by ``create_new_bodies``
    once everything has been checked.
    """

    # What a loader needs of a collectivité, in the model's order (for ``from_db``).
    _COLUMNS = tuple(f.attname for f in Organization._meta.concrete_fields if f.attname in {
        "id", "kind", "insee_code", "siren", "name", "code", "is_obsolete", "region_id"})

    def __init__(self, *, preload: bool = False) -> None:
        self._found: dict[tuple, Organization | None] = {}
        self._lists: dict[type, dict[str, Any]] = {}
        self._new_bodies: dict[str, tuple[Organization, str]] = {}
        # Preloaded: every key → the columns of its collectivité, made into an object
        # only when a source names it.
        self._rows: dict[tuple, tuple] | None = None
        if preload:
            self._rows = {}
            rows = Organization.objects.order_by("is_obsolete", "pk").values_list(
                *self._COLUMNS)
            at = [self._COLUMNS.index(c)
                  for c in ("id", "kind", "insee_code", "siren", "name", "code")]
            for row in rows.iterator(chunk_size=10_000):
                pk, kind, insee, siren, name, code = (row[i] for i in at)
                keys = [("pk", pk)]
                if insee:
                    keys.append(("insee", kind, insee))
                if siren:
                    keys.append(("siren", siren))
                if kind == OrganizationKind.OTHER:
                    keys.append(("other", name))
                    if code:
                        keys.append(("other_code", code))
                for key in keys:
                    self._rows.setdefault(key, row)

    def _find(self, key: tuple) -> Organization | None:
        if key not in self._found:
            if self._rows is not None:
                row = self._rows.get(key)
                self._found[key] = Organization.from_db("default", self._COLUMNS, row) \
                    if row else None
                return self._found[key]
            lookups = {"pk": ("pk",), "siren": ("siren",), "insee": ("kind", "insee_code"),
                       "other": ("name",), "other_code": ("code",)}[key[0]]
            filters = dict(zip(lookups, key[1:], strict=True))
            if key[0] in ("other", "other_code"):
                filters["kind"] = OrganizationKind.OTHER
            self._found[key] = (Organization.objects.filter(**filters)
                                .order_by("is_obsolete", "pk").first())
        return self._found[key]

    def organization(self, value: Any) -> Organization | str:
        """The collectivité, or a message in French saying why there is none."""
        if isinstance(value, Organization):
            return value
        if isinstance(value, dict):
            return self._by_reference(value)
        code = organization_code(value)
        key = self._code_key(code)
        org = self._find(key) if key else None
        if org is None and key and key[0] == "other_code" and key[1].isdigit():
            org = self._find(("pk", int(key[1])))  # the older « organisme-<number> »
        if org is None:
            return f"aucune collectivité n'a le code « {code} » (attendu : {CODES_EXPECTED})."
        if org.is_obsolete:
            return (f"{org.name} (code « {code} ») n'existe plus dans le référentiel officiel : "
                    "indiquez la collectivité qui lui a succédé.")
        return org

    @staticmethod
    def _code_key(code: str) -> tuple | None:
        if SIREN_RE.match(code):
            return ("siren", code)
        if COMMUNE_CODE_RE.match(code.upper()):
            return ("insee", OrganizationKind.COMMUNE, code.upper())
        if match := OTHER_BODY_CODE_RE.match(code):
            return ("other_code", match.group(1))
        if match := PREFIXED_CODE_RE.match(code):
            prefix, value = match.groups()
            return ("insee", prefix, value.upper())
        return None

    def _by_reference(self, ref: dict[str, Any]) -> Organization | str:
        kind = ref.get("kind")
        insee, siren = str(ref.get("insee_code") or ""), str(ref.get("siren") or "")
        if kind in (OrganizationKind.COMMUNE, OrganizationKind.DEPARTEMENT,
                    OrganizationKind.REGION) and insee:
            org = self._find(("insee", kind, insee))
            if org is None or org.is_obsolete:
                return f"aucune collectivité de type {kind} avec le code INSEE {insee}"
            return org
        if siren:
            org = self._find(("siren", siren))
            if org is None or org.is_obsolete:
                return f"aucune collectivité avec le SIREN {siren}"
            return org
        if kind == OrganizationKind.OTHER and ref.get("name"):
            name = str(ref["name"])
            org = self._find(("other", name))
            if org is not None and not org.is_obsolete:
                return org
            if name in self._new_bodies:
                return self._new_bodies[name][0]
            other_type = ref.get("other_type", "autre")
            if other_type not in OtherBodyType.values:
                return f"nature d'organisme inconnue : {other_type}"
            body = Organization(kind=OrganizationKind.OTHER, name=name, other_type=other_type)
            self._new_bodies[name] = (body, str(ref.get("departement") or ""))
            return body
        return "référence de collectivité incomplète (code INSEE, SIREN ou nom attendu)"

    def create_new_bodies(self) -> None:
        """Saves the public bodies first met in this source (syndicats, opérateurs…)."""
        for name, (body, departement) in self._new_bodies.items():
            dep = self._find(("insee", OrganizationKind.DEPARTEMENT, departement)) \
                if departement else None
            body.departement_id = dep.pk if dep else None
            body.region_id = dep.region_id if dep else None
            body.save()
            self._found[("other", name)] = body
        self._new_bodies = {}

    def list_entry(self, model: type[Domain] | type[Technique], name: Any):
        """A domain or technique by its name (any case) or its identifier."""
        table = self._lists.get(model)
        if table is None:
            table = {}
            for obj in model.objects.all():
                table[obj.name.lower()] = table[obj.slug] = obj
            self._lists[model] = table
        text = as_text(name)
        return table.get(text.lower()) or table.get(slugify(text))
