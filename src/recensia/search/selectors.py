"""Search and discovery reads: full text (backend) + facets, sorting, paging (index)."""

from __future__ import annotations

import heapq
import time
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Max

from recensia.projects.models import Project
from recensia.search.backends import get_backend
from recensia.search.index import (
    FACETS,
    FacetIndex,
    all_slots,
    population_band,
    slots_desc,
)
from recensia.search.models import SearchTerm, SynonymGroup
from recensia.search.query import ParsedQuery, Vocabulary, build_synonym_index, parse
from recensia.search.request import SearchRequest
from recensia.search.state import MATCH_CACHE_SIZE, STATE, get_index

PAGE_SIZE = 20
FACET_VALUES_KEPT = 12  # most frequent values shown per facet (plus the ticked ones)
ORDERED_FACETS = ("annee", "population")  # shown in their natural order, all values


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResults:
    query: str
    parsed: ParsedQuery
    total: int
    page: int
    pages: int
    sort: str
    projects: list[Project]
    facets: dict[str, list[FacetValue]]
    selected: dict[str, list[str]] = field(default_factory=dict)
    hidden_values: dict[str, bool] = field(default_factory=dict)  # less frequent values exist


SYNONYM_CHECK_SECONDS = 5.0


def synonym_index() -> dict:
    synonyms = STATE.synonyms
    now = time.monotonic()
    if synonyms["key"] is not None and now - synonyms["checked"] < SYNONYM_CHECK_SECONDS:
        return synonyms["index"]
    synonyms["checked"] = now
    key = tuple(SynonymGroup.objects.filter(is_active=True)
                .aggregate(n=Count("id"), m=Max("updated_at")).values())
    if synonyms["key"] != key:
        groups = [g.term_list for g in SynonymGroup.objects.filter(is_active=True)]
        synonyms["index"] = build_synonym_index(groups)
        synonyms["key"] = key
    return synonyms["index"]


def _lookup(candidates) -> dict[str, str]:
    candidates = list(candidates)
    found: dict[str, str] = {}
    for i in range(0, len(candidates), 900):
        found.update(SearchTerm.objects.filter(word__in=candidates[i:i + 900]).order_by()
                     .values_list("word", "stem"))
    return found


def _prefix_lookup(prefix: str, limit: int) -> dict[str, str]:
    return dict(SearchTerm.objects.filter(word__gte=prefix, word__lt=prefix + "\uffff")
                .order_by("word").values_list("word", "stem")[:limit])


def _stems_present(stems) -> set[str]:
    stems = list(set(stems))
    found: set[str] = set()
    for i in range(0, len(stems), 900):
        found.update(SearchTerm.objects.filter(stem__in=stems[i:i + 900]).order_by()
                     .values_list("stem", flat=True).distinct())
    return found


VOCABULARY = Vocabulary(_lookup, _prefix_lookup, _stems_present)


def parse_query(text: str, *, prefix_last: bool = False) -> ParsedQuery:
    return parse(text, synonyms=synonym_index(), vocabulary=VOCABULARY,
                 prefix_last=prefix_last)


def match_bitmaps(index: FacetIndex, parsed: ParsedQuery) -> tuple[int, int]:
    """(all matches, title matches) as bitmaps, cached per query and index state."""
    key = (connection.vendor, parsed.cache_key(), index.generation, index.size)
    cache = STATE.matches
    with STATE.matches_lock:
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
    all_ids, title_ids = get_backend().match(parsed)
    value = (index.bitmap_of_ids(all_ids) & index.published,
             index.bitmap_of_ids(title_ids) & index.published)
    with STATE.matches_lock:
        cache[key] = value
        if len(cache) > MATCH_CACHE_SIZE:
            cache.popitem(last=False)
    return value


def latest_published(limit: int = 6) -> list[Project]:
    """Most recently published projects (from the index: no sort over the whole table)."""
    index = get_index()
    slots = []
    for slot in slots_desc(index.published):
        slots.append(slot)
        if len(slots) >= limit:
            break
    return cards(index.ids(slots))


def index_generation() -> int:
    """State of the search index (changes whenever any project changes)."""
    return get_index().generation


def _ordered_slots(index: FacetIndex, result: int, title: int, sort: str, offset: int = 0,
                   limit: int | None = None) -> list[int]:
    """The slots of ``result`` in the order of the list (``limit=None``: all of them).
    Pertinence: title matches first; then, as for « date », the most recent first."""
    if sort == "population":
        population = index.population

        def key(slot: int) -> tuple[int, int]:
            return population[slot], slot

        if limit is None:
            return sorted(all_slots(result), key=key, reverse=True)[offset:]
        return heapq.nlargest(offset + limit, all_slots(result), key=key)[offset:]
    groups = [result & title, result & ~title] if sort == "pertinence" else [result]
    if limit is None:  # one pass per group: quicker than walking every bit
        return [slot for group in groups for slot in reversed(all_slots(group))][offset:]
    chosen: list[int] = []
    skipped = 0
    for group in groups:
        for slot in slots_desc(group):
            if skipped < offset:
                skipped += 1
                continue
            chosen.append(slot)
            if len(chosen) >= limit:
                return chosen
    return chosen


@dataclass
class _Match:
    parsed: ParsedQuery
    matched: int  # every published project the text matches (bitmap)
    title: int  # those matching in the title
    sort: str  # the sort applied: « pertinence » becomes « date » without text


def _match(index: FacetIndex, request: SearchRequest) -> _Match:
    parsed = parse_query(request.q) if request.q else ParsedQuery()
    if parsed.is_empty:
        return _Match(parsed, index.published, 0,
                      "date" if request.sort == "pertinence" else request.sort)
    matched, title = match_bitmaps(index, parsed)
    return _Match(parsed, matched, title, request.sort)


def _facet_masks(index: FacetIndex, request: SearchRequest) -> dict[str, int]:
    return {name: index.filter_bitmap(name, values) for name, values in request.filters.items()}


def search_projects(request: SearchRequest | None = None, *, page: int = 1,
                    page_size: int = PAGE_SIZE, **criteria) -> SearchResults:
    """One page of results and the facet counts. ``criteria`` (``q``, ``filters``, ``sort``)
    stand for ``SearchRequest(**criteria)``."""
    request = request or SearchRequest(**criteria)
    index = get_index()
    match = _match(index, request)
    facet_masks = _facet_masks(index, request)
    result = match.matched
    for mask in facet_masks.values():
        result &= mask
    facets: dict[str, list[FacetValue]] = {}
    hidden_values: dict[str, bool] = {}
    for name in FACETS:
        within = match.matched
        for other, mask in facet_masks.items():
            if other != name:
                within &= mask
        chosen = set(request.filters.get(name, []))
        labels = index.labels[name]
        if name in ORDERED_FACETS or len(index.maps[name]) <= FACET_VALUES_KEPT:
            kept, more = index.counts(name, within), False
        else:
            kept, more = index.top_counts(name, within, FACET_VALUES_KEPT)
        for value in chosen - kept.keys():
            kept[value] = (index.filter_bitmap(name, [value]) & within).bit_count()
        values = [FacetValue(v, labels.get(v, v), n, v in chosen) for v, n in kept.items()
                  if n or v in chosen]
        hidden_values[name] = more
        if name in ("annee",):
            values.sort(key=lambda fv: fv.value, reverse=True)
        elif name == "population":
            order = list(index.labels["population"])
            values.sort(key=lambda fv: order.index(fv.value) if fv.value in order else 99)
        else:
            values.sort(key=lambda fv: (-fv.count, fv.label))
        facets[name] = values
    total = result.bit_count()
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    slots = _ordered_slots(index, result, match.title, match.sort, (page - 1) * page_size,
                           page_size)
    projects = cards(index.ids(slots))
    return SearchResults(request.q, match.parsed, total, page, pages, match.sort, projects,
                         facets, dict(request.filters), hidden_values)


def matching_ids(request: SearchRequest) -> list[int]:
    """Ids of every published project the request finds, in the order of the list (the
    exports): the same search as ``search_projects``, without facets or pages."""
    index = get_index()
    match = _match(index, request)
    result = match.matched
    for mask in _facet_masks(index, request).values():
        result &= mask
    return index.ids(_ordered_slots(index, result, match.title, match.sort))


CARD_FIELDS = ("id", "slug", "title", "short_description", "status", "state", "kind",
               "start_year", "owner__name", "owner__kind", "owner__departement__insee_code")


def cards(ids: list[int]) -> list[Project]:
    """The projects shown as cards, in the given order, with only what a card shows."""
    by_id = (Project.objects.select_related("owner", "owner__departement").only(*CARD_FIELDS)
             .order_by().in_bulk(ids))
    return [by_id[i] for i in ids if i in by_id]


def _ranked(index: FacetIndex, candidates: list[int], exclude_slot: int | None,
            limit: int) -> list[int]:
    chosen: list[int] = []
    seen: set[int] = set() if exclude_slot is None else {exclude_slot}
    for bitmap in candidates:
        for slot in slots_desc(bitmap & index.published):
            if slot not in seen:
                seen.add(slot)
                chosen.append(slot)
                if len(chosen) >= limit:
                    return chosen
    return chosen


def similar_projects(project: Project, limit: int = 5) -> list[Project]:
    """Same domain and technique first, then same domain, then same technique; within a
    tier, the same collectivité size comes first, then the most recent."""
    index = get_index()
    slot = index.slot_of.get(project.pk)
    values = index.values_of(slot) if slot is not None else {}
    if not values:
        return []
    domains = index.filter_bitmap("domaine", values.get("domaine", ()))
    techniques = index.filter_bitmap("technique", values.get("technique", ()))
    band = index.filter_bitmap("population", values.get("population", ()))
    tiers = [domains & techniques & band, domains & techniques, domains & band, domains,
             techniques]
    slots = _ranked(index, tiers, slot, limit)
    return _projects_in_order(index.ids(slots))


def nearby_projects(organization, limit: int = 6) -> list[Project]:
    """« Près de chez vous et de votre taille »: same EPCI, then département, then région,
    then collectivités of the same population band."""
    index = get_index()
    epci_key = organization.epci_id if organization.kind == "commune" else organization.pk
    band = population_band(organization.population)
    own = index.filter_bitmap("owner", [str(organization.pk)])
    tiers = [
        index.filter_bitmap("epci", [str(epci_key)]) if epci_key else 0,
        index.filter_bitmap("departement", [organization.departement.insee_code])
        if organization.departement_id else 0,
        index.filter_bitmap("region", [organization.region.insee_code])
        if organization.region_id else 0,
        index.filter_bitmap("population", [band]) if band else 0,
    ]
    tiers = [t & ~own for t in tiers]
    return _projects_in_order(index.ids(_ranked(index, tiers, None, limit)))


def suggestions(request: SearchRequest | str, limit: int = 8) -> list[Project]:
    """Search as you type: the last word is a prefix; titles first."""
    if isinstance(request, str):
        request = SearchRequest(q=request)
    parsed = parse_query(request.q, prefix_last=True)
    if parsed.is_empty:
        return []
    index = get_index()
    matched, title = match_bitmaps(index, parsed)
    slots = _ordered_slots(index, matched, title, "pertinence", 0, limit)
    return _projects_in_order(index.ids(slots))


def _projects_in_order(ids: list[int]) -> list[Project]:
    return cards(ids)
