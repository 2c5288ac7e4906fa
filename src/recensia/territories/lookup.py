"""Finding a collectivité from what a person types (read-only).

Accepted, with or without labels, spaces or dots: a name (« Saint-Sulpice »,
« st sulpice », « Saint-Sulpice (81) » to keep the communes of one département), a postal
code (« 17250 », « CP 17250 »: the communes it serves), an INSEE code (« INSEE 18033 »,
« 2A004 »), a SIREN (« SIREN 243 100 633 ») or a SIRET (its first 9 digits are the SIREN),
a département code (« 81 »).

A bare 5-digit number is read as a postal code when one commune at least is served by it,
and never then as an INSEE code: 17250 is the postal code of 13 communes of
Charente-Maritime and the INSEE code of Mosnac, which 17250 does not serve. To look up an
INSEE code that is also a postal code, write « INSEE 17250 ».

Names are matched on a normalised form (no accents, no case, « st » = « saint »): exact
names first, then names that start with the query, then names holding every word of the
query; each group by population, largest first. Names with a typo (« Saint-Sulpise ») are
found by fuzzy matching (rapidfuzz, edit distance) when no name holds every word. The names
are kept in memory per process (about 36,000 rows) and rebuilt when the table changes.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from rapidfuzz import fuzz, process

from recensia.territories.models import Organization, OrganizationKind

MAX_QUERY_LENGTH = 120
FUZZY_CUTOFF = 86
# Words that do not tell one name from another.
STOP_WORDS = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "sur", "sous",
                        "a", "aux", "au"})
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}

_LABEL_RE = re.compile(
    r"^(?P<label>code\s+insee|insee|siren|siret|code\s+postal|cp)(?![a-z])\s*(?:n[°o]\.?\s*)?[:=]?\s*"
    r"(?P<rest>.*)$", re.IGNORECASE)
_NUMBER_RE = re.compile(r"^[\d\s.\u00a0\u202f]+$")
_CORSICA_RE = re.compile(r"^2[AB]\d{3}$", re.IGNORECASE)
_DEPARTEMENT_CODE = r"(?:\d{2,3}|2[AaBb])"
_NAME_WITH_DEPARTEMENT_RE = re.compile(
    rf"^(?P<name>.*?\D)\s*(?:\((?P<paren>{_DEPARTEMENT_CODE})\)|\s(?P<bare>{_DEPARTEMENT_CODE}))\s*$")


@dataclass
class Lookup:
    """The collectivités that match a query, and how the query was read (in French)."""

    query: str
    results: list[Organization] = field(default_factory=list)
    interpretation: str = ""

    def __bool__(self) -> bool:
        return bool(self.results)


def _number(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{_number(count)} {singular if count == 1 else plural}"


def normalize(text: str) -> str:
    """Lower case, no accents, words separated by one space, « st » → « saint »."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    text = "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))
    words = [ABBREVIATIONS.get(word, word) for word in re.split(r"[^a-z0-9]+", text) if word]
    return " ".join(words)


def _digits(text: str) -> str:
    return re.sub(r"[\s.\u00a0\u202f-]", "", text)


# ---------------------------------------------------------------- codes

def _base_queryset():
    return Organization.objects.select_related("departement", "region", "epci").filter(
        is_obsolete=False)


def _by_postal_code(code: str) -> list[Organization]:
    candidates = _base_queryset().filter(kind=OrganizationKind.COMMUNE,
                                         postal_codes__contains=code)
    found = [org for org in candidates if code in org.postal_codes.split()]
    return sorted(found, key=lambda org: (-(org.population or 0), org.name, org.pk))


def _by_insee(code: str) -> Organization | None:
    code = code.upper()
    if len(code) in (2, 3):
        return _base_queryset().filter(kind=OrganizationKind.DEPARTEMENT, insee_code=code).first()
    return _base_queryset().filter(kind=OrganizationKind.COMMUNE, insee_code=code).first()


def _by_siren(siren: str) -> Organization | None:
    return _base_queryset().filter(siren=siren).first()


def _one(lookup: Lookup, org: Organization | None, found: str, missing: str) -> Lookup:
    if org is None:
        lookup.interpretation = missing
    else:
        lookup.results = [org]
        lookup.interpretation = f"{found} : {org.name}."
    return lookup


def _siren_lookup(lookup: Lookup, digits: str) -> Lookup:
    if len(digits) == 14:
        siren = digits[:9]
        return _one(lookup, _by_siren(siren),
                    f"SIRET {digits} : établissement de l'organisme de SIREN {siren}",
                    f"Aucune collectivité n'a le SIREN {siren} (les 9 premiers chiffres du "
                    f"SIRET {digits}).")
    if len(digits) == 9:
        return _one(lookup, _by_siren(digits), f"SIREN {digits}",
                    f"Aucune collectivité n'a le SIREN {digits}.")
    return _fail(lookup, "Un SIREN compte 9 chiffres, un SIRET 14.")


def _postal_lookup(lookup: Lookup, code: str) -> Lookup:
    lookup.results = _by_postal_code(code)
    count = len(lookup.results)
    lookup.interpretation = (
        f"{code} est un code postal : {_plural(count, 'commune desservie', 'communes desservies')}."
        if count else f"Aucune commune n'est desservie par le code postal {code}.")
    return lookup


def _insee_lookup(lookup: Lookup, code: str) -> Lookup:
    if not (re.fullmatch(r"\d{5}", code) or _CORSICA_RE.match(code)
            or re.fullmatch(_DEPARTEMENT_CODE, code)):
        return _fail(lookup, "Un code INSEE de commune compte 5 caractères (par exemple 18033 "
                             "ou 2A004), celui d'un département 2 ou 3 (par exemple 81).")
    return _one(lookup, _by_insee(code), f"Code INSEE {code.upper()}",
                f"Aucune collectivité n'a le code INSEE {code.upper()}.")


def _fail(lookup: Lookup, message: str) -> Lookup:
    lookup.interpretation = message
    return lookup


def _code_lookup(lookup: Lookup, label: str, value: str) -> Lookup:
    digits = _digits(value)
    if label in ("siren", "siret"):
        return _siren_lookup(lookup, digits)
    if label in ("cp", "code postal"):
        if not re.fullmatch(r"\d{5}", digits):
            return _fail(lookup, "Un code postal compte 5 chiffres, par exemple 17250.")
        return _postal_lookup(lookup, digits)
    if label in ("insee", "code insee"):
        return _insee_lookup(lookup, digits)
    # A bare number.
    if len(digits) in (9, 14):
        return _siren_lookup(lookup, digits)
    if len(digits) == 5 and digits.isdigit():
        if _by_postal_code(digits):
            return _postal_lookup(lookup, digits)
        return _insee_lookup(lookup, digits)
    if _CORSICA_RE.match(digits) or len(digits) in (2, 3):
        return _insee_lookup(lookup, digits)
    return _fail(lookup, "Tapez le code complet : code postal ou code INSEE (5 caractères), "
                         "SIREN (9 chiffres) ou SIRET (14 chiffres).")


# ---------------------------------------------------------------- names

@dataclass(frozen=True)
class _Entry:
    pk: int
    padded: str  # " " + normalised name + " ", to test word prefixes with a substring search
    population: int
    departement: str


class _NameIndex:
    def __init__(self) -> None:
        self.signature: tuple | None = None
        self.entries: list[_Entry] = []
        self.names: list[str] = []
        self.lock = threading.Lock()

    def current(self) -> _NameIndex:
        signature = tuple(Organization.objects.aggregate(
            count=Count("pk"), obsolete=Count("pk", filter=Q(is_obsolete=True)),
            last=Max("updated_at"), top=Max("pk")).values())
        if signature != self.signature:
            with self.lock:
                if signature != self.signature:
                    self._build(signature)
        return self

    def _build(self, signature: tuple) -> None:
        rows = Organization.objects.filter(is_obsolete=False).values_list(
            "pk", "name", "population", "departement__insee_code", "kind", "insee_code"
        ).order_by("pk")
        entries = []
        for pk, name, population, dep, kind, insee in rows:
            if kind == OrganizationKind.DEPARTEMENT:
                dep = insee
            entries.append(_Entry(pk, f" {normalize(name)} ", population or 0, dep or ""))
        self.entries = entries
        self.names = [entry.padded.strip() for entry in entries]
        self.signature = signature


_INDEX = _NameIndex()


def _name_lookup(lookup: Lookup, text: str, *, limit: int) -> Lookup:
    departement = ""
    if match := _NAME_WITH_DEPARTEMENT_RE.match(text):
        text = match["name"]
        departement = (match["paren"] or match["bare"]).upper()
    query = normalize(text)
    if not query:
        return _fail(lookup, "Tapez le nom, le code postal ou le code de la collectivité.")
    words = [w for w in query.split() if w not in STOP_WORDS] or query.split()
    index = _INDEX.current()
    exact, prefix = f" {query} ", f" {query}"
    tiers: list[list[_Entry]] = [[], [], []]
    for entry in index.entries:
        if departement and entry.departement != departement:
            continue
        if entry.padded == exact:
            tiers[0].append(entry)
        elif entry.padded.startswith(prefix):
            tiers[1].append(entry)
        elif all(f" {word}" in entry.padded for word in words):
            tiers[2].append(entry)
    ranked: list[_Entry] = []
    for tier in tiers:
        ranked += sorted(tier, key=lambda e: (-e.population, e.padded, e.pk))
    if not ranked and len(query) >= 4:
        # Nothing holds every word: a typo? Closest whole names (edit distance).
        fuzzy = process.extract(query, index.names, scorer=fuzz.ratio,
                                score_cutoff=FUZZY_CUTOFF, limit=limit * 4)
        ranked = [index.entries[position] for _name, _score, position in fuzzy
                  if not departement or index.entries[position].departement == departement]
    total = len(ranked)
    by_pk = _base_queryset().in_bulk([entry.pk for entry in ranked[:limit]])
    lookup.results = [by_pk[entry.pk] for entry in ranked[:limit] if entry.pk in by_pk]
    where = f" dans le département {departement}" if departement else ""
    if not total:
        lookup.interpretation = (
            f"Aucune collectivité ne correspond à « {text.strip()} »{where}. Vérifiez "
            "l'orthographe, ou tapez le code postal de la commune.")
    else:
        shown = f" ; les {limit} premières sont affichées" if total > limit else ""
        lookup.interpretation = (
            f"{_plural(total, 'collectivité correspond', 'collectivités correspondent')} à "
            f"« {text.strip()} »{where}{shown}.")
    return lookup


# ---------------------------------------------------------------- entry point

def lookup_organizations(query: str, *, limit: int = 20) -> Lookup:
    """The collectivités matching ``query`` (see the module docstring), at most ``limit``."""
    query = " ".join((query or "").split())[:MAX_QUERY_LENGTH]
    lookup = Lookup(query=query)
    if not query:
        return lookup
    if match := _LABEL_RE.match(query):
        label = " ".join(match["label"].lower().split())
        if match["rest"]:
            return _code_lookup(lookup, label, match["rest"])
    if _NUMBER_RE.match(query) or _CORSICA_RE.match(query):
        return _code_lookup(lookup, "", query)
    return _name_lookup(lookup, query, limit=limit)
