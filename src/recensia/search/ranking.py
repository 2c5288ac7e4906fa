"""Relevance: which projects a query finds and in which order (numpy, no database).

For each group of the query (a word with its synonyms, or a phrase), a project's group
score is the best of its alternatives: ``weight × idf × impact`` (BM25F, ``textindex.py``);
its score is the sum over the groups. A group also has an *information* weight, the idf of
the projects it finds: « cantine » weighs much more than « IA », which almost every
project contains. A project's *coverage* is the share of that information it
contains.

- The projects that contain every group come first, by score.
- With two groups or more, the projects that cover at least ``NEAR_COVERAGE`` of the
  information follow (a common word missing does not hide a good project).
- When no project contains every group, the result is every project that contains at least
  one, ranked by score × coverage (« voici ceux qui en contiennent le plus »).

Ties go to the most recently published project.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from recensia.search.query import Alternative, ParsedQuery
from recensia.search.textindex import TextIndex

FULL_BONUS = 1000.0  # ranking key: FULL_BONUS for every group found, + score × coverage
NEAR_COVERAGE = 0.5
NEAR_MIN_GROUPS = 2


def bits_to_mask(bitmap: int, size: int) -> np.ndarray:
    """A Python int bitmap (bit i = slot i) as a numpy boolean array of ``size``."""
    raw = bitmap.to_bytes((size + 7) // 8 or 1, "little")
    bits = np.unpackbits(np.frombuffer(raw, np.uint8), bitorder="little")
    return bits[:size].astype(bool)


def mask_to_bits(mask: np.ndarray) -> int:
    return int.from_bytes(np.packbits(mask, bitorder="little").tobytes(), "little")


@dataclass
class Match:
    bitmap: int  # the projects found (published only)
    keys: np.ndarray  # ranking key per slot
    partial: bool  # no project contains every group
    found: list[bool]  # per group: at least one project contains it
    used: list[list[Alternative]] = field(default_factory=list)  # per group, alternatives found
    hits: list[np.ndarray] = field(default_factory=list)  # per group, packed bits

    def groups_of(self, slot: int) -> list[bool]:
        """Which groups the project of this slot contains."""
        return [bool(h[slot >> 3] >> (slot & 7) & 1) if (slot >> 3) < len(h) else False
                for h in self.hits]


PhraseSlots = Callable[[tuple[str, ...]], np.ndarray]


def evaluate(text: TextIndex, parsed: ParsedQuery, published: np.ndarray,
             phrase_slots: PhraseSlots) -> Match:
    size = len(published)
    total = np.zeros(size, np.float32)
    count = np.zeros(size, np.int16)
    covered = np.zeros(size, np.float32)
    information = 0.0
    found, used, hits = [], [], []
    for group in parsed.groups:
        best = np.zeros(size, np.float32)
        group_used = []
        for alternative in group.alternatives:
            slots, impacts = _postings(text, alternative.phrase, size, phrase_slots)
            if len(slots):
                keep = published[slots]
                slots, impacts = slots[keep], impacts[keep]
            if not len(slots):
                continue
            group_used.append(alternative)
            weighted = impacts * np.float32(alternative.weight * text.idf(len(slots)))
            best[slots] = np.maximum(best[slots], weighted)
        hit = best > 0
        weight = text.idf(int(np.count_nonzero(hit))) if group_used else 0.0
        total += best
        count += hit
        covered += hit * np.float32(weight)
        information += weight
        found.append(bool(group_used))
        used.append(group_used)
        hits.append(np.packbits(hit, bitorder="little"))
    groups = len(parsed.groups)
    full = count == groups
    coverage = covered / np.float32(information) if information else covered
    if full.any():
        partial = False
        result = full
        if groups >= NEAR_MIN_GROUPS:
            result = full | (coverage >= NEAR_COVERAGE)
    else:
        result = count > 0
        partial = bool(result.any())
    keys = full * np.float32(FULL_BONUS) + np.minimum(total * coverage,
                                                       np.float32(FULL_BONUS - 1))
    return Match(mask_to_bits(result), keys, partial, found, used, hits)


def _postings(text: TextIndex, phrase: tuple[str, ...], size: int,
              phrase_slots: PhraseSlots) -> tuple[np.ndarray, np.ndarray]:
    if len(phrase) == 1:
        return text.postings(phrase[0])
    # A phrase: the database finds where its words follow one another; its impact in a
    # project is that of its weakest word.
    slots = phrase_slots(phrase)
    if not len(slots):
        return slots, np.zeros(0, np.float32)
    impacts = np.full(len(slots), np.inf, np.float32)
    for term in phrase:
        impacts = np.minimum(impacts, text.dense(term, size)[slots])
    keep = impacts > 0
    return slots[keep], impacts[keep]


def ranked_slots(keys: np.ndarray | None, result: int, size: int, offset: int,
                 limit: int | None) -> list[int]:
    """Slots of ``result`` by decreasing key, then most recent; ``limit=None``: all."""
    candidates = np.flatnonzero(bits_to_mask(result, size)).astype(np.int64)
    if keys is None:
        ordered = candidates[::-1]
        return ordered[offset:None if limit is None else offset + limit].tolist()
    values = keys[candidates]
    if limit is not None:
        need = offset + limit
        if len(candidates) > 4 * need:
            threshold = np.partition(values, len(values) - need)[len(values) - need]
            chosen = values >= threshold
            candidates, values = candidates[chosen], values[chosen]
    order = np.lexsort((-candidates, -values))
    ordered = candidates[order]
    return ordered[offset:None if limit is None else offset + limit].tolist()
