"""In-memory inverted index of the published projects, with BM25F term impacts (numpy).

Each web process keeps one, next to the facet bitmaps (``index.FacetIndex``), with the
same slots. For every stem it holds the slots of the projects that contain it and the
*impact* of the stem in each: BM25F's saturated term frequency, where a word counts more
in the title than in the description (``FIELD_WEIGHTS``) and less in a long field than in
a short one (``FIELD_B``)::

    tf~ = Σ_field weight · tf / (1 − b + b · length / average length)
    impact = tf~ / (k1 + tf~)

A query then costs a few vectorised operations per word (``ranking.py``): the same on
SQLite and PostgreSQL, since both feed the same analysed text. Postings are stored in one
compressed-row layout (all slots in one array, all impacts in another, an offset per stem);
projects changed after the build go to a small overlay, merged back when it grows.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np

from recensia.search.documents import FIELDS

K1 = 1.2
FIELD_WEIGHTS = {"title": 3.0, "summary": 2.0, "keywords": 2.0, "names": 1.5, "body": 1.0,
                 "results": 1.0}
FIELD_B = {"title": 0.5, "summary": 0.5, "keywords": 0.3, "names": 0.3, "body": 0.75,
           "results": 0.5}
_W = np.array([FIELD_WEIGHTS[f] for f in FIELDS], np.float32)
_B = np.array([FIELD_B[f] for f in FIELDS], np.float32)
_TF_BITS = 5
_TF_MAX = (1 << _TF_BITS) - 1
_CHUNK = 1 << 20  # postings per vectorised impact computation
_TOKENS_PER_CHUNK = 1 << 16  # tokens buffered during the build (each a small string)
_EMPTY_SLOTS = np.zeros(0, np.int32)
_EMPTY_IMPACTS = np.zeros(0, np.float32)


def _packed_terms(fields: Sequence[str]) -> tuple[dict[str, int], list[int]]:
    """Term → term frequency of each field packed in one integer; field lengths."""
    packed: dict[str, int] = {}
    lengths = []
    for position, text in enumerate(fields):
        tokens = text.split()
        lengths.append(len(tokens))
        shift = position * _TF_BITS
        for term, n in Counter(tokens).items():
            packed[term] = packed.get(term, 0) | (min(n, _TF_MAX) << shift)
    return packed, lengths


class TextIndex:
    def __init__(self) -> None:
        self.term_ids: dict[str, int] = {}
        self.offsets = np.zeros(1, np.int64)
        self.slots = _EMPTY_SLOTS
        self.impacts = _EMPTY_IMPACTS
        self.average = np.ones(len(FIELDS), np.float32)
        self.lengths = np.zeros((0, len(FIELDS)), np.uint16)
        self.indexed = np.zeros(0, bool)  # the slot has searchable text
        self.in_base = np.zeros(0, bool)  # the slot's postings are in the arrays
        self.stale = np.zeros(0, bool)  # … but outdated: ignored
        self.any_stale = False
        self.documents = 0
        self.overlay: dict[str, dict[int, float]] = {}
        self.overlay_terms: dict[int, list[str]] = {}
        # Build state (``add`` then ``finish``): tokens of a chunk of projects, turned into
        # postings with numpy when the chunk is full.
        self._ids: defaultdict[str, int] = defaultdict()
        self._ids.default_factory = self._ids.__len__
        self._tokens: list[str] = []
        self._counts = array("i")  # tokens per (project, field)
        self._chunk_slots = array("i")
        self._parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._lengths_parts: list[tuple[np.ndarray, np.ndarray]] = []
        self._built_slots = array("i")

    # ------------------------------------------------------------ building

    def add(self, slot: int, fields: Sequence[str]) -> None:
        """Adds one published project during the initial build (increasing slots)."""
        for text in fields:
            tokens = text.split()
            self._tokens += tokens
            self._counts.append(len(tokens))
        self._chunk_slots.append(slot)
        if len(self._tokens) >= _TOKENS_PER_CHUNK:
            self._flush()

    def _flush(self) -> None:
        """Postings of the buffered projects: (term id, slot, packed term frequencies)."""
        if not self._chunk_slots:
            return
        nfields = len(FIELDS)
        slots = np.frombuffer(self._chunk_slots, np.int32)
        counts = np.frombuffer(self._counts, np.int32)
        self._built_slots.extend(self._chunk_slots)
        self._lengths_parts.append((slots.copy(), counts.reshape(-1, nfields).copy()))
        tids = np.fromiter(map(self._ids.__getitem__, self._tokens), np.int64,
                           count=len(self._tokens))
        token_slots = np.repeat(np.repeat(slots.astype(np.int64), nfields), counts)
        token_fields = np.repeat(np.tile(np.arange(nfields, dtype=np.int64), len(slots)),
                                 counts)
        # One key per (term, slot, field), counted; then one code per (term, slot).
        keys, tf = np.unique((tids << 40) | (token_slots << 3) | token_fields,
                             return_counts=True)
        shift = (keys & 7) * _TF_BITS
        codes = np.minimum(tf, _TF_MAX).astype(np.uint64) << shift.astype(np.uint64)
        pairs = keys >> 3
        starts = np.flatnonzero(np.r_[True, pairs[1:] != pairs[:-1]])
        packed = np.add.reduceat(codes, starts).astype(np.uint32)
        pairs = pairs[starts]
        self._parts.append(((pairs >> 37).astype(np.int32),
                            (pairs & ((1 << 37) - 1)).astype(np.int32), packed))
        self._tokens, self._counts, self._chunk_slots = [], array("i"), array("i")

    def finish(self, size: int) -> None:
        self._flush()
        self._ensure(size)
        for slots, counts in self._lengths_parts:
            self.lengths[slots] = np.minimum(counts, 65535)
        built = np.frombuffer(self._built_slots, np.int32) if self._built_slots else _EMPTY_SLOTS
        if len(built):
            self.average = np.maximum(
                self.lengths[built].astype(np.float32).mean(axis=0), 1.0).astype(np.float32)
        self.indexed[built] = True
        self.in_base[built] = True
        self.documents = len(built)
        parts, self._parts, self._lengths_parts = self._parts, [], []
        term_ids = dict(self._ids)
        self._ids.clear()
        self._built_slots = array("i")
        if parts:
            tids = np.concatenate([p[0] for p in parts])
            slots = np.concatenate([p[1] for p in parts])
            codes = np.concatenate([p[2] for p in parts])
            del parts
            order = np.argsort(tids, kind="stable")  # chunks are in slot order
            tids, slots, codes = tids[order], slots[order], codes[order]
            del order
        else:
            tids, slots, codes = _EMPTY_SLOTS, _EMPTY_SLOTS, np.zeros(0, np.uint32)
        offsets = np.zeros(len(term_ids) + 1, np.int64)
        np.cumsum(np.bincount(tids, minlength=len(term_ids)), out=offsets[1:])
        impacts = np.empty(len(slots), np.float32)
        for start in range(0, len(slots), _CHUNK):
            end = min(len(slots), start + _CHUNK)
            impacts[start:end] = self._impacts(slots[start:end], codes[start:end])
        self.term_ids, self.offsets, self.slots, self.impacts = (term_ids, offsets, slots,
                                                                 impacts)

    def _impacts(self, slots: np.ndarray, codes: np.ndarray) -> np.ndarray:
        norms = 1 - _B + _B * self.lengths[slots].astype(np.float32) / self.average
        pseudo = np.zeros(len(slots), np.float32)
        for position in range(len(FIELDS)):
            tf = ((codes >> (position * _TF_BITS)) & _TF_MAX).astype(np.float32)
            pseudo += _W[position] * tf / norms[:, position]
        return pseudo / (K1 + pseudo)

    def _ensure(self, size: int) -> None:
        grow = size - len(self.indexed)
        if grow <= 0:
            return
        self.indexed = np.concatenate([self.indexed, np.zeros(grow, bool)])
        self.in_base = np.concatenate([self.in_base, np.zeros(grow, bool)])
        self.stale = np.concatenate([self.stale, np.zeros(grow, bool)])
        self.lengths = np.concatenate([self.lengths,
                                       np.zeros((grow, len(FIELDS)), np.uint16)])

    # ------------------------------------------------------------ changes

    def update(self, slot: int, fields: Sequence[str] | None) -> None:
        """The slot's project changed: its new text, or ``None`` if it is no longer
        searchable (unpublished, archived)."""
        self._ensure(slot + 1)
        if self.in_base[slot] and not self.stale[slot]:
            self.stale[slot] = True
            self.any_stale = True
        for term in self.overlay_terms.pop(slot, ()):
            postings = self.overlay[term]
            postings.pop(slot, None)
            if not postings:
                del self.overlay[term]
        if self.indexed[slot]:
            self.indexed[slot] = False
            self.documents -= 1
        if fields is None:
            return
        packed, lengths = _packed_terms(fields)
        self.lengths[slot] = [min(n, 65535) for n in lengths]
        terms = list(packed)
        if terms:
            codes = np.fromiter(packed.values(), np.uint32, count=len(terms))
            impacts = self._impacts(np.full(len(terms), slot, np.int32), codes)
            for term, impact in zip(terms, impacts.tolist(), strict=True):
                self.overlay.setdefault(term, {})[slot] = impact
        self.overlay_terms[slot] = terms
        self.indexed[slot] = True
        self.documents += 1
        if len(self.overlay_terms) > max(2000, self.documents // 20):
            self.compact()

    def compact(self) -> None:
        """Merges the overlay into the arrays (after many changes)."""
        lists: dict[str, tuple[array, array]] = {}
        for term in self.term_ids:
            slots, impacts = self.postings(term)
            lists[term] = (array("i", slots.tobytes()), array("f", impacts.tobytes()))
        for term in self.overlay:
            if term not in lists:
                slots, impacts = self.postings(term)
                lists[term] = (array("i", slots.tobytes()), array("f", impacts.tobytes()))
        term_ids = {}
        counts = np.fromiter((len(p[0]) for p in lists.values()), np.int64, count=len(lists))
        offsets = np.zeros(len(lists) + 1, np.int64)
        np.cumsum(counts, out=offsets[1:])
        slots = np.empty(int(offsets[-1]), np.int32)
        impacts = np.empty(int(offsets[-1]), np.float32)
        for tid, (term, pair) in enumerate(lists.items()):
            start, end = offsets[tid], offsets[tid + 1]
            slots[start:end] = np.frombuffer(pair[0], np.int32)
            impacts[start:end] = np.frombuffer(pair[1], np.float32)
            term_ids[term] = tid
        self.term_ids, self.offsets, self.slots, self.impacts = term_ids, offsets, slots, impacts
        self.in_base = self.indexed.copy()
        self.stale[:] = False
        self.any_stale = False
        self.overlay, self.overlay_terms = {}, {}

    # ------------------------------------------------------------ queries

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(slots, impacts) of the projects whose text contains the stem."""
        tid = self.term_ids.get(term)
        if tid is None:
            slots, impacts = _EMPTY_SLOTS, _EMPTY_IMPACTS
        else:
            start, end = self.offsets[tid], self.offsets[tid + 1]
            slots, impacts = self.slots[start:end], self.impacts[start:end]
            if self.any_stale and len(slots):
                keep = ~self.stale[slots]
                slots, impacts = slots[keep], impacts[keep]
        extra = self.overlay.get(term)
        if extra:
            slots = np.concatenate([slots, np.fromiter(extra.keys(), np.int32, len(extra))])
            impacts = np.concatenate([impacts,
                                      np.fromiter(extra.values(), np.float32, len(extra))])
        return slots, impacts

    def frequency(self, term: str) -> int:
        """Number of projects containing the stem."""
        tid = self.term_ids.get(term)
        base = 0 if tid is None else int(self.offsets[tid + 1] - self.offsets[tid])
        if self.any_stale and base:
            base = len(self.postings(term)[0]) - len(self.overlay.get(term, ()))
        return base + len(self.overlay.get(term, ()))

    def __contains__(self, term: str) -> bool:
        return self.frequency(term) > 0

    def idf(self, frequency: int) -> float:
        n = max(self.documents, frequency)
        return math.log(1 + (n - frequency + 0.5) / (frequency + 0.5))

    def dense(self, term: str, size: int) -> np.ndarray:
        """Impacts of the stem for every slot (0 where absent)."""
        values = np.zeros(size, np.float32)
        slots, impacts = self.postings(term)
        values[slots] = impacts
        return values
