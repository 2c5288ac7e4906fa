"""In-memory facet index: one bitmap (a Python int) per facet value.

Each published project owns a *slot*; slots are given in order of publication, so the
highest slot is the most recent project. A set of projects is a bitmap; counting the
projects of a facet value within a result is ``(result & bitmap).bit_count()``, a few
microseconds for 100,000 projects. Each process keeps its own index (``state.STATE``)
and replays the ``SearchChange`` log (one indexed query per search) to stay current after
any change. This module is pure data structure: it reads no database.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from recensia.search.textindex import TextIndex

POPULATION_BANDS = [
    ("moins-de-1000", "Moins de 1 000 habitants", 0, 999),
    ("1000-3499", "De 1 000 à 3 499 habitants", 1000, 3499),
    ("3500-9999", "De 3 500 à 9 999 habitants", 3500, 9999),
    ("10000-29999", "De 10 000 à 29 999 habitants", 10000, 29999),
    ("30000-99999", "De 30 000 à 99 999 habitants", 30000, 99999),
    ("100000-et-plus", "100 000 habitants et plus", 100000, 10**12),
]

# URL parameter → label shown above the facet. Order = display order.
FACETS = {
    "domaine": "Domaine",
    "technique": "Technique d'IA",
    "avancement": "Avancement",
    "type": "Type de collectivité",
    "region": "Région",
    "departement": "Département",
    "population": "Taille de la collectivité",
    "solution": "Solution",
    "fournisseur": "Fournisseur",
    "annee": "Année de début",
    "pays": "Pays d'hébergement",
    "risque": "Niveau de risque (règlement IA)",
    "aipd": "Analyse d'impact (AIPD) réalisée",
}
# Internal maps used for discovery, not shown as facets. They have many values with few
# projects each, so they are kept as sets of slots and turned into bitmaps on demand.
INTERNAL = ("epci", "owner")
ALL_NAMES = (*FACETS, *INTERNAL)


def population_band(population: int | None) -> str | None:
    if population is None:
        return None
    for key, _label, low, high in POPULATION_BANDS:
        if low <= population <= high:
            return key
    return None


def bitmap_from_slots(slots: Iterable[int], size: int) -> int:
    buf = bytearray((size >> 3) + 1)
    for s in slots:
        buf[s >> 3] |= 1 << (s & 7)
    return int.from_bytes(buf, "little")


def slots_desc(bitmap: int) -> Iterator[int]:
    """Set bits from the highest (most recent) down."""
    while bitmap:
        top = bitmap.bit_length() - 1
        yield top
        bitmap ^= 1 << top


def all_slots(bitmap: int) -> list[int]:
    text = bin(bitmap)[:1:-1]  # reversed binary digits, bit 0 first
    return [i for i, c in enumerate(text) if c == "1"]


@dataclass
class Row:
    """What the index needs of one project."""

    project_id: int
    published: bool
    population: int | None
    values: dict[str, tuple[str, ...]]
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    text: tuple[str, ...] | None = None  # analysed text per field (documents.FIELDS)


class FacetIndex:
    def __init__(self) -> None:
        self.generation = 0
        self.slot_of: dict[int, int] = {}
        self.project_ids: list[int] = []
        self.population: list[int] = []
        self.published = 0
        self.maps: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        self.sparse: dict[str, dict[str, set[int]]] = {name: {} for name in INTERNAL}
        self._interned: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.labels: dict[str, dict[str, str]] = {name: {} for name in FACETS}
        self.labels["population"] = {key: label for key, label, _lo, _hi in POPULATION_BANDS}
        self.slot_values: list[tuple[tuple[str, ...], ...]] = []
        # Log ids skipped because their transaction had not committed yet: {id: first seen}.
        self.gaps: dict[int, float] = {}
        self.checked_backwards_at = 0.0
        self._orders: dict[str, tuple[int, list[tuple[str, int, int]]]] = {}
        self.text = TextIndex()
        self._published_mask: tuple[int, int, np.ndarray] | None = None

    @property
    def size(self) -> int:
        return len(self.project_ids)

    # ------------------------------------------------------------ building

    def build(self, rows: Iterable[Row], generation: int) -> None:
        lists: dict[str, dict[str, list[int]]] = {n: defaultdict(list) for n in self.maps}
        published: list[int] = []
        for row in rows:
            slot = len(self.project_ids)
            self.slot_of[row.project_id] = slot
            self.project_ids.append(row.project_id)
            self.population.append(row.population if row.population is not None else -1)
            self.slot_values.append(self._intern(row.values))
            self._merge_labels(row)
            if row.published:
                published.append(slot)
                if row.text is not None:
                    self.text.add(slot, row.text)
                for name, values in row.values.items():
                    target = self.sparse[name] if name in self.sparse else lists[name]
                    for value in values:
                        if name in self.sparse:
                            target.setdefault(value, set()).add(slot)
                        else:
                            target[value].append(slot)
        size = self.size
        self.published = bitmap_from_slots(published, size)
        for name, by_value in lists.items():
            self.maps[name] = {v: bitmap_from_slots(s, size) for v, s in by_value.items()}
        self.text.finish(size)
        self.generation = generation

    def _intern(self, values: dict[str, tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
        """A slot's values as one tuple in ALL_NAMES order, each part shared between the
        projects that have the same value (a few bytes per project instead of a dict)."""
        interned = self._interned
        return tuple(interned.setdefault(v, v) for v in
                     (values.get(name, ()) for name in ALL_NAMES))

    def values_of(self, slot: int) -> dict[str, tuple[str, ...]]:
        return dict(zip(ALL_NAMES, self.slot_values[slot], strict=False))

    def _merge_labels(self, row: Row) -> None:
        for name, labels in row.labels.items():
            known = self.labels[name]
            for value, label in labels.items():
                if value not in known:
                    known[value] = label

    def apply(self, rows: list[Row], removed_ids: Iterable[int], generation: int) -> None:
        """Replays changes: rows are the current state of changed projects."""
        for project_id in removed_ids:
            self._clear(project_id)
            if project_id in self.slot_of:
                self.text.update(self.slot_of[project_id], None)
        for row in rows:
            self._clear(row.project_id)
            slot = self.slot_of.get(row.project_id)
            if slot is None:
                slot = len(self.project_ids)
                self.slot_of[row.project_id] = slot
                self.project_ids.append(row.project_id)
                self.population.append(-1)
                self.slot_values.append(())
            self.population[slot] = row.population if row.population is not None else -1
            self.slot_values[slot] = self._intern(row.values)
            for name, labels in row.labels.items():
                self.labels[name].update(labels)  # a renamed value shows its new label
            self.text.update(slot, row.text if row.published else None)
            if row.published:
                bit = 1 << slot
                self.published |= bit
                for name, values in row.values.items():
                    for value in values:
                        if name in self.sparse:
                            self.sparse[name].setdefault(value, set()).add(slot)
                        else:
                            self.maps[name][value] = self.maps[name].get(value, 0) | bit
        self.generation = generation

    def _clear(self, project_id: int) -> None:
        slot = self.slot_of.get(project_id)
        if slot is None:
            return
        bit = 1 << slot
        if self.published & bit:
            self.published ^= bit
        for name, values in zip(ALL_NAMES, self.slot_values[slot], strict=False):
            for value in values:
                if name in self.sparse:
                    self.sparse[name].get(value, set()).discard(slot)
                    continue
                current = self.maps[name].get(value, 0)
                if current & bit:
                    self.maps[name][value] = current ^ bit
        self.slot_values[slot] = ()

    # ------------------------------------------------------------ queries

    def published_mask(self) -> np.ndarray:
        """The published projects as a numpy boolean array (kept per index state)."""
        from recensia.search.ranking import bits_to_mask

        key = (self.generation, self.size)
        if self._published_mask is None or self._published_mask[:2] != key:
            self._published_mask = (*key, bits_to_mask(self.published, self.size))
        return self._published_mask[2]

    def bitmap_of_ids(self, project_ids: Iterable[int]) -> int:
        slot_of = self.slot_of
        return bitmap_from_slots((slot_of[i] for i in project_ids if i in slot_of), self.size)

    def filter_bitmap(self, name: str, values: Iterable[str]) -> int:
        if name in self.sparse:
            slots: set[int] = set()
            for value in values:
                slots |= self.sparse[name].get(value, set())
            return bitmap_from_slots(slots, self.size)
        result = 0
        facet = self.maps[name]
        for value in values:
            result |= facet.get(value, 0)
        return result

    def counts(self, name: str, within: int) -> dict[str, int]:
        return {value: n for value, bitmap in self.maps[name].items()
                if (n := (bitmap & within).bit_count())}

    def top_counts(self, name: str, within: int, k: int) -> tuple[dict[str, int], bool]:
        """The k values with the most projects within a set, exactly, without counting
        every value: values are visited by decreasing overall count, and the visit stops
        when no remaining value can beat the k-th count. Returns (counts, more_exist)."""
        order = self._order(name)
        heap: list[tuple[int, str]] = []
        more = False
        for value, bitmap, overall in order:
            if len(heap) == k and overall <= heap[0][0]:
                more = True
                break
            n = (bitmap & within).bit_count()
            if not n:
                continue
            if len(heap) < k:
                heapq.heappush(heap, (n, value))
            elif n > heap[0][0]:
                heapq.heapreplace(heap, (n, value))
                more = True
            else:
                more = True
        return {value: n for n, value in heap}, more

    def _order(self, name: str) -> list[tuple[str, int, int]]:
        cached = self._orders.get(name)
        if cached is not None and cached[0] == self.generation:
            return cached[1]
        order = sorted(((v, b, (b & self.published).bit_count())
                        for v, b in self.maps[name].items()), key=lambda x: -x[2])
        self._orders[name] = (self.generation, order)
        return order

    def ids(self, slots: Iterable[int]) -> list[int]:
        return [self.project_ids[s] for s in slots]
