"""The one entry path for project data.

Whatever brings project data in — the web form, the API, a table row (CSV, XLSX), an
item of the JSON import or of the bulk loader — hands a mapping of field names to raw
values to ``read``. Each value is parsed by the parser of its kind (``fields.py``), the
rules that tie fields together are checked, and the result is the project data ready for
the services plus every problem found, each naming its field (and the item of a list,
and the row of a file, when there is one) in plain French.

Raw values may be what a person typed (« 3 500,50 », « Déployé », « 01/09/2023 »,
« 38455 ; region-11 »), what a spreadsheet cell holds (numbers, dates, booleans) or
what a JSON document holds (lists, objects, numbers). A field absent from the mapping
keeps its current value (``base``, the project being changed); on a new project it takes
the column's default.

``validate`` runs the same parsers and rules on a project the services are about to save,
so that nothing reaches the database without going through them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from babel.numbers import NumberFormatError, parse_decimal
from django.core.exceptions import ValidationError

from recensia.core.text import control_character, control_character_message
from recensia.projects import fields as F
from recensia.projects.models import Domain, Project, ProjectStatus, Technique, YesNoUnknown
from recensia.projects.references import References, as_text, fold, organization_code
from recensia.territories.models import Organization
from recensia.territories.selectors import SIREN_RE

REQUIRED = "Ce champ est obligatoire."
NUMBER_LOCALE = "fr_FR"
_CURRENCY = re.compile(r"^\s*€\s*|\s*(€|eur|euros?)\s*$", re.IGNORECASE)
_CODE_SPLIT = re.compile(r"[,;\s]+")
_INVALID = object()
# http(s), a lower-case host name with a dot, an optional port, then no space nor control
# character.
_PLAIN_URL = re.compile(r"https?://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
                        r"(?::\d{1,5})?(?:[/?][^\s#\x00-\x1f\x7f-\x9f]*)?"
                        r"(?:#[^\s\x00-\x1f\x7f-\x9f]+)?\Z")
UNKNOWN_ENTRY = {Domain: "domaine inconnu", Technique: "technique inconnue"}


@dataclass
class ProjectData:
    """Everything a user may set on a project, parsed. ``None`` means « keep as it is »."""

    fields: dict[str, Any]
    owner: Organization | None = None
    vendor_name: str | None = None
    vendor_siren: str = ""
    domains: list[Domain] | None = None
    techniques: list[Technique] | None = None
    partners: list[tuple[Organization, str]] | None = None
    indicators: list[dict[str, Any]] | None = None
    sources: list[dict[str, Any]] | None = None


@dataclass(frozen=True)
class Problem:
    """A value that cannot be taken: its field, and for a list (indicators, sources) the
    item and the part of the item; ``row`` is the line or position in a file."""

    field: str
    message: str
    item: int | None = None
    part: str | None = None
    row: int | None = None

    @property
    def label(self) -> str:
        spec = F.BY_NAME.get(self.field)
        return spec.title if spec else self.field

    @property
    def text(self) -> str:
        """The message, preceded by the item it concerns (« Indicateur n° 2, unité : … »)."""
        if self.item is None:
            return self.message
        spec = F.BY_NAME[self.field]
        where = f"{spec.item_title} n° {self.item}"
        if self.part:
            where += f", {F.part(self.field, self.part).verbose_label}"
        return f"{where} : {self.message}"

    def __str__(self) -> str:
        return f"{self.label} : {self.text}"


@dataclass
class Entry:
    data: ProjectData
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def as_validation_error(problems: Iterable[Problem],
                        names: Mapping[str, str] | None = None) -> ValidationError:
    """Problems as a Django ``ValidationError`` keyed by field (renamed through ``names``)."""
    errors: dict[str, list[str]] = {}
    for problem in problems:
        key = (names or {}).get(problem.field, problem.field)
        errors.setdefault(key, []).append(problem.text)
    return ValidationError(errors)


# ---------------------------------------------------------------- numbers

def parse_number(value: Any) -> Decimal | None:
    """A number written the French way or read from a file; None if it is not one.

    « 3 500,50 », « 3 500 € », « 3500.50 » and 3500.5 are all 3500.50 (never 350050): the
    comma is the decimal separator, spaces group the thousands.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        text = _CURRENCY.sub("", as_text(value))
        if not text:
            return None
        try:
            number = parse_decimal(text, locale=NUMBER_LOCALE)
        except (NumberFormatError, InvalidOperation):
            return None
    return number if number.is_finite() else None


# ---------------------------------------------------------------- current values

def current_value(project: Project | None, name: str) -> Any:
    """The value a project has now for a field of ``fields.py`` (its default on a new one)."""
    spec = F.BY_NAME[name]
    if project is None:
        return _default(spec)
    kind = spec.kind
    if spec.is_scalar:
        return getattr(project, name)
    if kind == F.OWNER:
        return project.owner if project.owner_id else None
    if project.pk is None:
        return _default(spec)
    if kind == F.TAXONOMY:
        return list(getattr(project, name).all())
    if kind == F.ORGANIZATIONS:
        return [p.organization for p in project.partnerships.all() if p.role == spec.role]
    if name in ("vendor_name", "vendor_siren"):
        vendor = project.vendor if project.vendor_id else None
        return getattr(vendor, spec.column) if vendor else ""
    if kind == F.ROWS:
        return [{p.name: getattr(row, p.name) for p in spec.parts}
                for row in getattr(project, name).all()]
    raise ValueError(name)


def _default(spec: F.Field) -> Any:
    if spec.kind in (F.TAXONOMY, F.ORGANIZATIONS, F.ROWS):
        return []
    if spec.kind == F.OWNER:
        return None
    model_field = spec.model_field
    if model_field.has_default():
        return model_field.get_default()
    return None if model_field.null else ""


# ---------------------------------------------------------------- parsing

class _Reader:
    """Parses the values of one source record, collecting its problems."""

    def __init__(self, base: Project | None, refs: References, row: int | None) -> None:
        self.base = base
        self.refs = refs
        self.row = row
        self.problems: list[Problem] = []
        self.refused: set[str] = set()

    def problem(self, name: str, message: str, *, item: int | None = None,
                part: str | None = None) -> None:
        self.problems.append(Problem(name, message, item, part, self.row))
        self.refused.add(name)

    def current(self, name: str) -> Any:
        return current_value(self.base, name)

    def parse(self, spec: F.Field, raw: Any, *, item: int | None = None,
              owner: str | None = None) -> Any:
        """The parsed value, or ``_INVALID`` (the problem is recorded)."""
        try:
            value = PARSERS[spec.kind](self, spec, raw)
        except _AlreadyReported:
            return _INVALID
        except ValidationError as exc:
            for message in exc.messages:
                self.problem(owner or spec.name, message, item=item,
                             part=spec.name if owner else None)
            return _INVALID
        return value


def _checked(spec: F.Field, value: Any) -> Any:
    """Runs the column's own validators (length, bounds, web address, e-mail) after
    refusing control characters (NUL…) in a text."""
    if value is None or value == "":
        return value
    if isinstance(value, str) and (found := control_character(value)):
        raise ValidationError("Ce champ " + control_character_message(found))
    if spec.only_length_limit and (spec.max_length is None or len(value) <= spec.max_length):
        return value  # what the validator would say, without its cost (bulk loads)
    if spec.model_field is not None:
        spec.model_field.run_validators(value)
    return value


def _text(reader: _Reader, spec: F.Field, raw: Any) -> str:
    text = as_text(raw)
    if reader.base is not None and spec.model is Project:
        # Spreadsheets and browsers turn line ends into CRLF or LF: that is not a change.
        before = reader.current(spec.name)
        if isinstance(before, str) and before.replace("\r\n", "\n") == text.replace("\r\n",
                                                                                     "\n"):
            return before
    return _checked(spec, text)


def _choice(reader: _Reader, spec: F.Field, raw: Any) -> str:
    choices = spec.choices
    if isinstance(raw, str) and any(raw == code for code, _label in choices):
        return raw
    if isinstance(raw, bool) and {c for c, _l in choices} >= {YesNoUnknown.YES, YesNoUnknown.NO}:
        return YesNoUnknown.YES if raw else YesNoUnknown.NO
    wanted = fold(as_text(raw))
    if not wanted:
        return _default(spec)
    for code, label in choices:
        if wanted in (fold(code), fold(label)):
            return code
    possible = ", ".join(f"{code} ({label})" for code, label in choices)
    raise ValidationError(f"valeur inconnue « {as_text(raw)} » (valeurs possibles : "
                          f"{possible}).")


def _year(reader: _Reader, spec: F.Field, raw: Any) -> int | None:
    if isinstance(raw, int | float) and not isinstance(raw, bool) \
            and float(raw).is_integer():
        return _checked(spec, int(raw))
    text = as_text(raw)
    if not text:
        return None
    if not text.isdigit():
        raise ValidationError(f"« {text} » n'est pas une année (par exemple 2022).")
    return _checked(spec, int(text))


def _date(reader: _Reader, spec: F.Field, raw: Any) -> dt.date | None:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = as_text(raw)
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(f"« {text} » n'est pas une date (attendu : AAAA-MM-JJ ou "
                          "JJ/MM/AAAA).")


def _decimal(reader: _Reader, spec: F.Field, raw: Any) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    number = parse_number(raw)
    if number is None:
        example = ("un montant en euros (par exemple 12500 ou 12 500,50)"
                   if spec.kind == F.AMOUNT else "un nombre (par exemple 1500 ou 1 500,5)")
        raise ValidationError(f"« {as_text(raw)} » n'est pas {example}.")
    places = Decimal(1).scaleb(-spec.model_field.decimal_places)
    try:
        exact = number.quantize(places)
    except InvalidOperation:  # too many digits: the validator says so
        exact = number
    return _checked(spec, exact if exact == number else number)


def _email(reader: _Reader, spec: F.Field, raw: Any) -> str:
    return _checked(spec, as_text(raw))


def _url(reader: _Reader, spec: F.Field, raw: Any) -> str:
    text = as_text(raw)
    if _PLAIN_URL.match(text) and len(text) <= spec.max_length:
        return text  # the usual shape, which Django's validator accepts, checked faster
    return _checked(spec, _with_scheme(text))


def _with_scheme(text: str) -> str:
    """« www.ville.fr/projet » is « https://www.ville.fr/projet »; anything with a scheme
    (ftp:, javascript:…) or starting with « / » stays as written, for the validator."""
    try:
        parts = urlsplit(text)
    except ValueError:
        return text
    if text and not parts.scheme and not parts.netloc and not text.startswith("/"):
        return f"https://{text}"
    return text


def _keywords(reader: _Reader, spec: F.Field, raw: Any) -> str:
    words = (as_text(word) for word in _items(raw, ";"))
    return _checked(spec, ", ".join(word for word in words if word))


def _items(raw: Any, separator: str | re.Pattern) -> list[Any]:
    """The items of a list value: a list (or query set), or a text cut at ``separator``."""
    if raw is None:
        return []
    if isinstance(raw, list):
        return raw
    if isinstance(raw, Iterable) and not isinstance(raw, str | bytes | Mapping):
        return list(raw)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return [raw]
    text = as_text(raw)
    parts = separator.split(text) if isinstance(separator, re.Pattern) else text.split(separator)
    return [part.strip() for part in parts if part.strip()]


def _taxonomy(reader: _Reader, spec: F.Field, raw: Any) -> list:
    found, wrong = [], []
    for item in _items(raw, ";"):
        obj = item if isinstance(item, spec.reference) else \
            reader.refs.list_entry(spec.reference, item)
        if obj is None:
            wrong.append(f"{UNKNOWN_ENTRY[spec.reference]} : « {as_text(item)} » (à créer "
                         "d'abord par la modération)")
        elif obj not in found:
            found.append(obj)
    if wrong:
        raise ValidationError(wrong)
    return found


def _owner(reader: _Reader, spec: F.Field, raw: Any) -> Organization | None:
    if raw is None or raw == "":
        return None
    org = reader.refs.organization(raw)
    if isinstance(org, str):
        raise ValidationError(org)
    return org


def _organizations(reader: _Reader, spec: F.Field, raw: Any) -> list[Organization]:
    found, wrong = [], []
    for item in _items(raw, _CODE_SPLIT):
        org = reader.refs.organization(item)
        if isinstance(org, str):
            wrong.append(org)
        else:
            found.append(org)
    if wrong:
        raise ValidationError(wrong)
    return found


def _siren(reader: _Reader, spec: F.Field, raw: Any) -> str:
    if raw is None or raw == "":
        return ""
    code = organization_code(raw)
    if not SIREN_RE.match(code):
        raise ValidationError(f"« {code} » n'est pas un SIREN (9 chiffres).")
    return code


def _rows(reader: _Reader, spec: F.Field, raw: Any) -> list[dict[str, Any]]:
    """Indicators or sources: each item a mapping of its parts; a plain string is the
    first part (a source's address), the others then come from the current item with the
    same first part."""
    first = spec.parts[0].name
    items = _items(raw, "\n")
    known = {}
    if reader.base is not None and not all(isinstance(i, dict | Mapping) for i in items):
        known = {row[first]: row for row in reader.current(spec.name)}
    rows, bad = [], False
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict | Mapping):
            item = {**known.get(as_text(item), {}), first: item}
        row: dict[str, Any] = {}
        for part in spec.parts:
            value = item.get(part.name)
            if part.required and as_text(value) == "":
                reader.problem(spec.name, REQUIRED, item=number, part=part.name)
                bad = True
                continue
            value = reader.parse(part, value, item=number, owner=spec.name)
            if value is _INVALID:
                bad = True
            row[part.name] = value
        rows.append(row)
    if bad:
        raise _AlreadyReported
    return rows


class _AlreadyReported(Exception):
    """The parser recorded its problems itself (one per item)."""


PARSERS: dict[str, Callable[[_Reader, F.Field, Any], Any]] = {
    F.TEXT: _text, F.LONG_TEXT: _text, F.CHOICE: _choice, F.YEAR: _year, F.DATE: _date,
    F.AMOUNT: _decimal, F.NUMBER: _decimal, F.EMAIL: _email, F.URL: _url,
    F.KEYWORDS: _keywords, F.TAXONOMY: _taxonomy, F.OWNER: _owner,
    F.ORGANIZATIONS: _organizations, F.SIREN: _siren, F.ROWS: _rows,
}


# ---------------------------------------------------------------- rules

def _rules(reader: _Reader, get: Callable[[str], Any], given: Iterable[str]) -> None:
    """What ties fields together. ``get`` gives the value the project will have."""
    given = set(given)
    for spec in F.REQUIRED_FIELDS:
        if spec.name not in reader.refused and not get(spec.name):
            reader.problem(spec.name, REQUIRED)
    if get("status") == ProjectStatus.STOPPED and not (get("status_reason") or "").strip() \
            and "status_reason" not in reader.refused:
        reader.problem("status_reason", "Indiquez pourquoi le projet a été arrêté ou "
                                        "abandonné : c'est utile aux autres collectivités.")
    start, end = get("start_date"), get("end_date")
    if start and end and end < start and "end_date" not in reader.refused:
        reader.problem("end_date", "La date de fin est antérieure à la date de début.")
    if given & {"owner", *(s.name for s in F.PARTNER_FIELDS)}:
        owner, seen = get("owner"), []
        for spec in F.PARTNER_FIELDS:
            for org in get(spec.name) or []:
                if owner is not None and _same(org, owner):
                    reader.problem(spec.name, f"{org.name} porte déjà le projet : elle ne peut "
                                              "pas aussi être partenaire.")
                if any(_same(org, other) for other in seen):
                    reader.problem(spec.name, f"{org.name} est indiquée deux fois.")
                seen.append(org)


def _same(a: Organization, b: Organization) -> bool:
    return a is b or (a.pk is not None and a.pk == b.pk)


# ---------------------------------------------------------------- the entry path

def read(values: Mapping[str, Any], *, base: Project | None = None,
         refs: References | None = None, row: int | None = None) -> Entry:
    """Parses and checks the values of one source record (see the module's docstring)."""
    reader = _Reader(base, refs or References(), row)
    parsed: dict[str, Any] = {}
    for name, raw in values.items():
        value = reader.parse(F.BY_NAME[name], raw)
        if value is not _INVALID:
            parsed[name] = value
    vendor = _vendor(reader, values, parsed)

    def get(name: str) -> Any:
        return parsed[name] if name in parsed else reader.current(name)

    _rules(reader, get, values)
    return Entry(_data(reader, values, parsed, vendor), reader.problems)


def _vendor(reader: _Reader, values: Mapping[str, Any],
            parsed: dict[str, Any]) -> tuple[str, str] | None:
    """(name, SIREN) when the source says something of the vendor. A SIREN not given is
    kept while the name stays the same."""
    if "vendor_name" not in values and "vendor_siren" not in values:
        return None
    name_before, siren_before = reader.current("vendor_name"), reader.current("vendor_siren")
    name = parsed.get("vendor_name", name_before if "vendor_name" not in values else "")
    if "vendor_siren" in values:
        siren = parsed.get("vendor_siren", "")
    else:
        siren = siren_before if name == name_before else ""
    if siren and not name and "vendor_name" not in reader.refused:
        reader.problem("vendor_name", "SIREN du fournisseur sans nom de fournisseur.")
    return name, siren


def _data(reader: _Reader, values: Mapping[str, Any], parsed: dict[str, Any],
          vendor: tuple[str, str] | None) -> ProjectData:
    data = ProjectData(fields={name: parsed[name] for name in F.SCALAR_FIELDS
                               if name in parsed})
    data.owner = parsed.get("owner")
    if vendor is not None:
        data.vendor_name, data.vendor_siren = vendor
    data.domains = parsed.get("domains")
    data.techniques = parsed.get("techniques")
    if any(spec.name in values for spec in F.PARTNER_FIELDS):
        data.partners = [(org, spec.role) for spec in F.PARTNER_FIELDS
                         for org in (parsed.get(spec.name) or [] if spec.name in values
                                     else reader.current(spec.name))]
    data.indicators = parsed.get("indicators")
    data.sources = parsed.get("sources")
    return data


def validate(project: Project, data: ProjectData) -> list[Problem]:
    """The same parsers and rules, on a project about to be saved with ``data`` applied
    (its columns set): normalises the values in place and returns the problems."""
    reader = _Reader(None, References(), None)
    for name in F.SCALAR_FIELDS:
        value = reader.parse(F.BY_NAME[name], getattr(project, name))
        if value is not _INVALID:
            setattr(project, name, value)
    for name in ("indicators", "sources"):
        rows = getattr(data, name)
        if rows is not None:
            value = reader.parse(F.BY_NAME[name], rows)
            if value is not _INVALID:
                setattr(data, name, value)
    partners = data.partners if data.partners is not None else (
        [(p.organization, p.role) for p in project.partnerships.all()] if project.pk else [])
    owner = data.owner or (project.owner if project.owner_id else None)

    def get(name: str) -> Any:
        spec = F.BY_NAME[name]
        if spec.kind == F.ORGANIZATIONS:
            return [org for org, role in partners if role == spec.role]
        if name == "owner":
            return owner
        if spec.is_scalar:
            return getattr(project, name)
        return True  # lists and vendor: nothing required of them

    _rules(reader, get, {"owner"} if data.partners is not None else set())
    return reader.problems
