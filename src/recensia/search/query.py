"""From what the user typed to a backend-neutral query (pure Python, no Django).

A query is a list of groups, one per word (or per phrase of the thesaurus); a group is an
OR of weighted alternatives, each a phrase (a sequence of stems): the word itself, its
synonyms, the narrower terms of a broader word (one-way expansions), a correction, or the
words the last one starts with (search as you type). Ranking (``ranking.py``) prefers the
projects that contain every group, then those that contain the most.

A word that no project contains is corrected to a word of the register one typo away,
only when it is neither a French dictionary word nor a known name: « soir » stays
« soir » (and is ignored if no project has it), « inondasion » becomes « inondation ».
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from recensia.search.analysis import edits1, stem, words, words_as_typed

Phrase = tuple[str, ...]
MAX_WORDS = 32  # longer queries are cut (ranking keys assume at most this many groups)
MIN_CORRECTED_LENGTH = 4
WEIGHTS = {"typed": 1.0, "correction": 1.0, "synonym": 0.9, "narrower": 0.8, "prefix": 0.8}


@dataclass(frozen=True, order=True)
class Alternative:
    phrase: Phrase
    kind: str = "typed"  # typed, synonym, narrower, correction, prefix
    label: str = ""  # the term as written, for messages

    @property
    def weight(self) -> float:
        return WEIGHTS[self.kind]


@dataclass(frozen=True)
class Group:
    alternatives: tuple[Alternative, ...]
    typed: str  # what the user typed for this group, for messages


@dataclass
class ParsedQuery:
    groups: list[Group] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)  # typed → searched instead
    unknown: list[str] = field(default_factory=list)  # typed words no project contains
    literal: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def cache_key(self) -> tuple:
        return tuple(tuple((a.phrase, a.kind) for a in g.alternatives) for g in self.groups)


class Vocabulary(Protocol):
    """What the register knows, supplied by the caller (index and database)."""

    def known_stems(self, stems: Iterable[str]) -> set[str]: ...

    def frequency(self, stem: str) -> int: ...

    def is_word(self, word: str) -> bool:
        """A French dictionary word or a known name (never corrected)."""

    def seen_words(self, candidates: Iterable[str]) -> set[str]: ...

    def prefix_stems(self, prefix: str, limit: int) -> dict[str, str]: ...


def phrase_of(term: str) -> Phrase:
    return tuple(stem(w) for w in words(term))


SynonymIndex = dict[Phrase, tuple[Alternative, ...]]


def build_synonym_index(groups: Iterable[tuple[Iterable[str], Iterable[str]]]) -> SynonymIndex:
    """Each phrase (as stems) → the alternatives it also finds.

    A group is (equivalent terms, narrower terms): equivalent terms find one another and
    every narrower term; a narrower term finds only itself (one-way expansion)."""
    index: dict[Phrase, dict[Phrase, Alternative]] = {}
    for equivalents, narrower in groups:
        same: dict[Phrase, str] = {}
        below: dict[Phrase, str] = {}
        for terms, target in ((equivalents, same), (narrower, below)):
            for term in terms:  # the first term written names its phrase
                if phrase := phrase_of(term):
                    target.setdefault(phrase, term)
        for phrase in same:
            found = index.setdefault(phrase, {})
            for other, label in same.items():
                if other != phrase:
                    found.setdefault(other, Alternative(other, "synonym", label))
            for other, label in below.items():
                if other != phrase and found.get(other, Alternative(other, "narrower")).kind \
                        == "narrower":
                    found[other] = Alternative(other, "narrower", label)
    return {k: tuple(sorted(v.values())) for k, v in index.items()}


def correction(word: str, vocabulary: Vocabulary) -> str | None:
    """The word of the register one typo away that most projects contain (``None`` if
    there is none)."""
    candidates = {c: stem(c) for c in edits1(word)}
    present = vocabulary.known_stems(set(candidates.values()))
    if not present:
        return None
    usable = [c for c, s in candidates.items() if s in present]
    seen = vocabulary.seen_words(usable)
    return min(usable, key=lambda c: (c not in seen, -vocabulary.frequency(candidates[c]), c))


def parse(text: str, *, synonyms: SynonymIndex, vocabulary: Vocabulary | None = None,
          prefix_last: bool = False, literal: bool = False) -> ParsedQuery:
    pairs = words_as_typed(text)[:MAX_WORDS]
    typed = [folded for folded, _shown in pairs]
    shown = [as_typed for _folded, as_typed in pairs]
    result = ParsedQuery(literal=literal)
    if not typed:
        return result
    stems = [stem(w) for w in typed]
    known = vocabulary.known_stems(stems) if vocabulary else set(stems)
    max_len = max((len(p) for p in synonyms), default=1)
    i = 0
    while i < len(typed):
        # Longest phrase of the thesaurus starting here.
        size = next((n for n in range(min(max_len, len(typed) - i), 1, -1)
                     if tuple(stems[i:i + n]) in synonyms), 0)
        if size:
            phrase = tuple(stems[i:i + size])
            label = " ".join(shown[i:i + size])
            alternatives = {Alternative(phrase, "typed", label), *synonyms[phrase]}
            _append(result, Group(_unique(alternatives), label))
            i += size
            continue
        word, word_stem, as_typed = typed[i], stems[i], shown[i]
        is_last = i == len(typed) - 1
        alternatives = {Alternative((word_stem,), "typed", as_typed)}
        if prefix_last and is_last and vocabulary:
            alternatives |= {Alternative((s,), "prefix", w)
                             for w, s in vocabulary.prefix_stems(word, 50).items()
                             if s != word_stem}
        elif vocabulary and word_stem not in known and not word.isdigit():
            fixed = None
            if not literal and len(word) >= MIN_CORRECTED_LENGTH \
                    and not vocabulary.is_word(word):
                fixed = correction(word, vocabulary)
            if fixed:
                alternatives = {Alternative((stem(fixed),), "correction", fixed)}
                result.corrections[as_typed] = fixed
            else:
                result.unknown.append(as_typed)
        for alternative in list(alternatives):
            alternatives |= set(synonyms.get(alternative.phrase, ()))
        _append(result, Group(_unique(alternatives), as_typed))
        i += 1
    return result


def _append(result: ParsedQuery, group: Group) -> None:
    """Adds a group, unless an earlier word already stands for the same alternatives
    (« combien coûte » : both words are in the same synonym group)."""
    phrases = {a.phrase for a in group.alternatives}
    if any({a.phrase for a in g.alternatives} == phrases for g in result.groups):
        return
    result.groups.append(group)


def _unique(alternatives: Iterable[Alternative]) -> tuple[Alternative, ...]:
    """One alternative per phrase, the strongest kind kept."""
    best: dict[Phrase, Alternative] = {}
    for alt in alternatives:
        if alt.phrase not in best or alt.weight > best[alt.phrase].weight:
            best[alt.phrase] = alt
    return tuple(sorted(best.values()))
