"""Read-only queries on collectivités."""

from __future__ import annotations

import re
import unicodedata

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When

from recensia.core.text import clip_search
from recensia.territories.models import Organization, OrganizationKind

COMMUNE_CODE_RE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
SIREN_RE = re.compile(r"^\d{9}$")
PREFIXED_CODE_RE = re.compile(r"^(departement|region)-([0-9A-Za-z]{1,20})$")
OTHER_BODY_CODE_RE = re.compile(r"^organisme-([0-9a-z][0-9a-z-]{0,79})$")
# A query made of a (partial) code: digits, possibly with the Corsican A/B.
CODE_QUERY_RE = re.compile(r"^(?:\d{2,9}|2[AB]\d{0,3})$")


def get_organization_by_code(code: str) -> Organization | None:
    """The organization designated by a URL code (see ``Organization.url_code``).

    Accepted: a commune INSEE code ('78490', '2A247'), a SIREN of any kind ('217804905'),
    'departement-29', 'region-11' and 'organisme-<code>' (an other public body's stable
    code; the older 'organisme-<number>' addresses still work). Obsolete entries are
    returned too.
    """
    code = (code or "").strip()
    queryset = Organization.objects.select_related("departement", "region", "epci")
    filters: dict[str, object]
    if SIREN_RE.match(code):
        filters = {"siren": code}
    elif COMMUNE_CODE_RE.match(code.upper()):
        filters = {"kind": OrganizationKind.COMMUNE, "insee_code": code.upper()}
    elif match := OTHER_BODY_CODE_RE.match(code):
        value = match.group(1)
        found = queryset.filter(kind=OrganizationKind.OTHER, code=value).first()
        if found is not None or not value.isdigit():
            return found
        filters = {"pk": int(value)}
    elif match := PREFIXED_CODE_RE.match(code):
        prefix, value = match.groups()
        filters = {"kind": prefix, "insee_code": value.upper()}
    else:
        return None
    return queryset.filter(**filters).first()


# Accent-insensitive matching that works on SQLite and PostgreSQL without extensions:
# each letter of the query becomes a regex class with its accented variants.
_VARIANTS = {
    "a": "aàâäáãå", "c": "cç", "e": "eéèêë", "i": "iîïíì", "n": "nñ", "o": "oôöóòõ",
    "u": "uùûüú", "y": "yÿ",
}
_LIGATURES = {"oe": "œ", "ae": "æ"}
# Hyphens, apostrophes and spaces are interchangeable in names.
_SEPARATOR = "[-' ’]+"


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _letter_pattern(char: str) -> str:
    variants = _VARIANTS.get(char, char)
    both_cases = "".join(dict.fromkeys(variants + variants.upper()))
    return f"[{both_cases}]" if len(both_cases) > 1 else re.escape(char)


def _word_pattern(word: str) -> str:
    word = _strip_accents(word.lower().replace("œ", "oe").replace("æ", "ae"))
    parts: list[str] = []
    index = 0
    while index < len(word):
        pair = word[index:index + 2]
        if pair in _LIGATURES:
            ligature = _LIGATURES[pair]
            parts.append(f"(?:{_letter_pattern(pair[0])}{_letter_pattern(pair[1])}"
                         f"|{ligature}|{ligature.upper()})")
            index += 2
        else:
            parts.append(_letter_pattern(word[index]))
            index += 1
    return "".join(parts)


def _words(query: str) -> list[str]:
    return [word for word in re.split(r"[\W_]+", query) if word]


def search_organizations(
    query: str, *, limit: int = 20, include_obsolete: bool = False
) -> list[Organization]:
    """Organizations whose name (accent- and case-insensitive, every word of the query) or
    code matches ``query``.

    Exact names come first, then names starting with the query, then the others; within each
    group, by population (largest first, so big communes before small ones).
    """
    query = clip_search(query)
    if not query or limit <= 0:
        return []
    queryset: QuerySet[Organization] = Organization.objects.select_related("departement")
    if not include_obsolete:
        queryset = queryset.filter(is_obsolete=False)

    compact = query.replace(" ", "").upper()
    exact = get_organization_by_code(query)
    if exact is None and CODE_QUERY_RE.match(compact):
        condition = Q(insee_code__startswith=compact) | Q(siren__startswith=compact)
        rank = Case(
            When(Q(insee_code=compact) | Q(siren=compact), then=Value(0)),
            default=Value(2), output_field=IntegerField(),
        )
    elif exact is not None:
        condition = Q(pk=exact.pk)
        rank = Value(0, output_field=IntegerField())
    else:
        words = _words(query)
        if not words:
            return []
        condition = Q()
        for word in words:
            condition &= Q(name__iregex=_word_pattern(word))
        full = _SEPARATOR.join(_word_pattern(word) for word in words)
        rank = Case(
            When(name__iregex=f"^{full}$", then=Value(0)),
            When(name__iregex=f"^{full}", then=Value(1)),
            default=Value(2), output_field=IntegerField(),
        )
    results = (
        queryset.filter(condition)
        .annotate(search_rank=rank)
        .order_by("search_rank", F("population").desc(nulls_last=True), "name", "pk")
    )
    return list(results[:limit])


def organization_stats() -> dict[str, int]:
    """Number of non-obsolete organizations per kind (every kind present, 0 if none)."""
    counts = dict(
        Organization.objects.filter(is_obsolete=False)
        .values("kind")
        .annotate(total=Count("pk"))
        .order_by()
        .values_list("kind", "total")
    )
    return {kind: counts.get(kind, 0) for kind in OrganizationKind.values}
