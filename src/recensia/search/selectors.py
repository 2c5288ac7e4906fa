"""Search and discovery reads: relevance (in-memory text index), facets, sorting, paging."""

from __future__ import annotations

import heapq
import time
from dataclasses import dataclass, field

import numpy as np
from django.db import connection
from django.db.models import Count, Max

from recensia.projects.models import Project
from recensia.search import dictionary
from recensia.search.backends import get_backend
from recensia.search.index import (
    FACETS,
    POPULATION_BANDS,
    FacetIndex,
    all_slots,
    population_band,
    slots_desc,
)
from recensia.search.models import SearchTerm, SynonymGroup
from recensia.search.query import ParsedQuery, SynonymIndex, build_synonym_index, parse
from recensia.search.ranking import Match, evaluate, ranked_slots
from recensia.search.request import SearchRequest
from recensia.search.state import MATCH_CACHE_SIZE, PHRASE_CACHE_SIZE, STATE, get_index

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
    partial: bool = False  # no project contains every word: those with the most are shown
    ignored: list[str] = field(default_factory=list)  # words the first result lacks
    absent: list[str] = field(default_factory=list)  # words nothing found, even by synonym
    synonyms_used: dict[str, list[str]] = field(default_factory=dict)  # typed → also found

    @property
    def corrections(self) -> dict[str, str]:
        return self.parsed.corrections

    @property
    def corrected_query(self) -> str:
        """The query as searched, corrections applied (« Recherche effectuée pour … »)."""
        return " ".join(self.parsed.corrections.get(g.typed, g.typed)
                        for g in self.parsed.groups)


SYNONYM_CHECK_SECONDS = 5.0


def synonym_index() -> SynonymIndex:
    synonyms = STATE.synonyms
    now = time.monotonic()
    if synonyms["key"] is not None and now - synonyms["checked"] < SYNONYM_CHECK_SECONDS:
        return synonyms["index"]
    synonyms["checked"] = now
    key = tuple(SynonymGroup.objects.filter(is_active=True)
                .aggregate(n=Count("id"), m=Max("updated_at")).values())
    if synonyms["key"] != key:
        groups = [g.parts for g in SynonymGroup.objects.filter(is_active=True).order_by("id")]
        synonyms["index"] = build_synonym_index(groups)
        synonyms["key"] = key
    return synonyms["index"]


class RegisterVocabulary:
    """What the register knows (``query.Vocabulary``): stems of the in-memory index,
    words of the ``SearchTerm`` table, French words and known names."""

    def __init__(self, index: FacetIndex):
        self.text = index.text

    def known_stems(self, stems) -> set[str]:
        return {s for s in stems if s in self.text}

    def frequency(self, stem: str) -> int:
        return self.text.frequency(stem)

    def is_word(self, word: str) -> bool:
        return dictionary.is_word(word)

    def seen_words(self, candidates) -> set[str]:
        candidates = list(candidates)
        found: set[str] = set()
        for i in range(0, len(candidates), 900):
            found.update(SearchTerm.objects.filter(word__in=candidates[i:i + 900]).order_by()
                         .values_list("word", flat=True))
        return found

    def prefix_stems(self, prefix: str, limit: int) -> dict[str, str]:
        return dict(SearchTerm.objects.filter(word__gte=prefix, word__lt=prefix + "\uffff")
                    .order_by("word").values_list("word", "stem")[:limit])


def parse_query(text: str, *, prefix_last: bool = False, literal: bool = False,
                index: FacetIndex | None = None) -> ParsedQuery:
    index = index or get_index()
    return parse(text, synonyms=synonym_index(), vocabulary=RegisterVocabulary(index),
                 prefix_last=prefix_last, literal=literal)


def _phrase_slots(index: FacetIndex):
    """Slots of the projects containing a phrase (database full-text index, cached)."""
    backend = get_backend()

    def lookup(phrase: tuple[str, ...]) -> np.ndarray:
        key = (connection.vendor, phrase, index.generation, index.size)
        cache = STATE.phrases
        with STATE.matches_lock:
            if key in cache:
                cache.move_to_end(key)
                return cache[key]
        slot_of = index.slot_of
        slots = np.array(sorted(slot_of[i] for i in backend.phrase_ids(phrase)
                                if i in slot_of), np.int32)
        with STATE.matches_lock:
            cache[key] = slots
            if len(cache) > PHRASE_CACHE_SIZE:
                cache.popitem(last=False)
        return slots

    return lookup


def match(index: FacetIndex, parsed: ParsedQuery) -> Match:
    """The projects a query finds, with their ranking keys (cached per index state)."""
    key = (connection.vendor, parsed.cache_key(), index.generation, index.size)
    cache = STATE.matches
    with STATE.matches_lock:
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
    found = evaluate(index.text, parsed, index.published_mask(), _phrase_slots(index))
    with STATE.matches_lock:
        cache[key] = found
        if len(cache) > MATCH_CACHE_SIZE:
            cache.popitem(last=False)
    return found


def latest_published(limit: int = 6) -> list[Project]:
    """Most recently published projects (from the index: no sort over the whole table)."""
    index = get_index()
    slots = []
    for slot in slots_desc(index.published):
        slots.append(slot)
        if len(slots) >= limit:
            break
    return cards(index.ids(slots))


def warm_up() -> int:
    """Builds what the first search of a process would otherwise build (the index, the
    synonyms, the French word list and the names of collectivités). Called once by the web
    server's main process before it starts its workers (``config/gunicorn.py``): they start
    with it already in memory instead of each building it on its first request. Returns the
    number of projects in the index."""
    index = get_index()
    synonym_index()
    dictionary.french_words()
    dictionary.known_names()
    return index.size


def index_generation() -> int:
    """State of the search index (changes whenever any project changes)."""
    return get_index().generation


def _ordered_slots(index: FacetIndex, result: int, found: Match | None, sort: str,
                   offset: int = 0, limit: int | None = None) -> list[int]:
    """The slots of ``result`` in the order of the list (``limit=None``: all of them).
    Pertinence: by relevance (``ranking.py``); « date »: the most recent first."""
    if sort == "population":
        population = index.population

        def key(slot: int) -> tuple[int, int]:
            return population[slot], slot

        if limit is None:
            return sorted(all_slots(result), key=key, reverse=True)[offset:]
        return heapq.nlargest(offset + limit, all_slots(result), key=key)[offset:]
    keys = found.keys if (sort == "pertinence" and found is not None) else None
    return ranked_slots(keys, result, index.size, offset, limit)


@dataclass
class _Match:
    parsed: ParsedQuery
    matched: int  # every published project the text matches (bitmap)
    found: Match | None  # relevance of the text query (None without text)
    sort: str  # the sort applied: « pertinence » becomes « date » without text


def _match(index: FacetIndex, request: SearchRequest) -> _Match:
    parsed = (parse_query(request.q, literal=request.literal, index=index) if request.q
              else ParsedQuery())
    if parsed.is_empty:
        return _Match(parsed, index.published, None,
                      "date" if request.sort == "pertinence" else request.sort)
    found = match(index, parsed)
    return _Match(parsed, found.bitmap, found, request.sort)


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
    slots = _ordered_slots(index, result, match.found, match.sort, (page - 1) * page_size,
                           page_size)
    projects = cards(index.ids(slots))
    results = SearchResults(request.q, match.parsed, total, page, pages, match.sort, projects,
                            facets, dict(request.filters), hidden_values)
    if match.found is not None:
        _explain(results, index, match.found, result)
    return results


def _explain(results: SearchResults, index: FacetIndex, found: Match, result: int) -> None:
    """What the page says about the query: words left out, synonyms used."""
    groups = results.parsed.groups
    results.partial = found.partial
    results.absent = [g.typed for g, ok in zip(groups, found.found, strict=True) if not ok]
    if found.partial and result:
        best = _ordered_slots(index, result, found, "pertinence", 0, 1)
        present = found.groups_of(best[0]) if best else []
        results.ignored = [g.typed for g, ok in zip(groups, present, strict=False) if not ok]
    for group, used in zip(groups, found.used, strict=True):
        also = [a.label for a in used if a.kind in ("synonym", "narrower")]
        if also:
            results.synonyms_used[group.typed] = also


def matching_ids(request: SearchRequest) -> list[int]:
    """Ids of every published project the request finds, in the order of the list (the
    exports): the same search as ``search_projects``, without facets or pages."""
    index = get_index()
    match = _match(index, request)
    result = match.matched
    for mask in _facet_masks(index, request).values():
        result &= mask
    return index.ids(_ordered_slots(index, result, match.found, match.sort))


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
    """Projects close in content, vendor, solution, technique, domain and size, best first;
    each carries ``similar_reasons``, the reasons shown on the page (``similar.py``)."""
    from recensia.search.documents import COLUMNS, FIELDS
    from recensia.search.models import SearchDocument
    from recensia.search.similar import suggest

    index = get_index()
    slot = index.slot_of.get(project.pk)
    if slot is None or not index.values_of(slot):
        return []
    row = SearchDocument.objects.filter(project_id=project.pk).values_list(*COLUMNS).first()
    fields = dict(zip(FIELDS, row or (), strict=False))
    suggestions = suggest(index, slot, fields, limit, synonyms=synonym_index())
    projects = _projects_in_order(index.ids([s.slot for s in suggestions]))
    reasons = {index.project_ids[s.slot]: s.reasons for s in suggestions}
    for similar in projects:
        similar.similar_reasons = reasons.get(similar.pk, [])
    return projects


def nearby_projects(organization, limit: int = 6) -> list[Project]:
    """« Près de chez vous et de votre taille »: collectivités of the same population band
    (then the next band) in the same EPCI, then département, then région, then anywhere.
    Size always counts: a 924-inhabitant commune is not shown its département's métropole."""
    index = get_index()
    epci_key = organization.epci_id if organization.kind == "commune" else organization.pk
    band = population_band(organization.population)
    own = index.filter_bitmap("owner", [str(organization.pk)])
    keys = [key for key, *_ in POPULATION_BANDS]
    same = index.filter_bitmap("population", [band]) if band else 0
    near = index.filter_bitmap("population", [
        keys[i] for i in (keys.index(band) - 1, keys.index(band) + 1)
        if 0 <= i < len(keys)]) if band else 0
    places = [
        index.filter_bitmap("epci", [str(epci_key)]) if epci_key else 0,
        index.filter_bitmap("departement", [organization.departement.insee_code])
        if organization.departement_id else 0,
        index.filter_bitmap("region", [organization.region.insee_code])
        if organization.region_id else 0,
    ]
    tiers = [place & size for place in places for size in (same, near)] + [same]
    tiers = [t & ~own for t in tiers]
    return _projects_in_order(index.ids(_ranked(index, tiers, None, limit)))


def suggestions(request: SearchRequest | str, limit: int = 8) -> list[Project]:
    """Search as you type: the last word is a prefix; best matches first."""
    if isinstance(request, str):
        request = SearchRequest(q=request)
    index = get_index()
    parsed = parse_query(request.q, prefix_last=True, index=index)
    if parsed.is_empty:
        return []
    found = match(index, parsed)
    slots = _ordered_slots(index, found.bitmap, found, "pertinence", 0, limit)
    return _projects_in_order(index.ids(slots))


def _projects_in_order(ids: list[int]) -> list[Project]:
    return cards(ids)
