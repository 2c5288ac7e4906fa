"""From what the user typed to a backend-neutral query (pure Python, no Django).

A query is an AND of groups; a group is an OR of alternatives; an alternative is a phrase
(a sequence of stems). Synonyms add alternatives to a group; a word unknown to the
vocabulary is replaced by known words one typo away; the last word may be a prefix
(search as you type).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from recensia.search.analysis import edits1, stem, words

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Group:
    alternatives: tuple[Phrase, ...]
    typed: str  # what the user typed for this group, for messages


@dataclass
class ParsedQuery:
    groups: list[Group] = field(default_factory=list)
    corrections: dict[str, list[str]] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def cache_key(self) -> tuple:
        return tuple(g.alternatives for g in self.groups)


class Vocabulary:
    """What the index knows: folded word → stem. Supplied by the caller (database)."""

    def __init__(self, lookup: Callable[[Iterable[str]], dict[str, str]],
                 prefix_lookup: Callable[[str, int], dict[str, str]],
                 stems_present: Callable[[Iterable[str]], set[str]]):
        self.lookup = lookup
        self.prefix_lookup = prefix_lookup
        self.stems_present = stems_present


def build_synonym_index(groups: Iterable[Iterable[str]]) -> dict[Phrase, tuple[Phrase, ...]]:
    """Each phrase (as stems) → all the phrases of its synonym group."""
    index: dict[Phrase, set[Phrase]] = {}
    for group in groups:
        phrases = {tuple(stem(w) for w in words(term)) for term in group}
        phrases.discard(())
        for phrase in phrases:
            index.setdefault(phrase, set()).update(phrases)
    return {k: tuple(sorted(v)) for k, v in index.items()}


def parse(text: str, *, synonyms: dict[Phrase, tuple[Phrase, ...]],
          vocabulary: Vocabulary | None = None, prefix_last: bool = False,
          min_typo_length: int = 4) -> ParsedQuery:
    typed = words(text)
    result = ParsedQuery()
    if not typed:
        return result
    stems = [stem(w) for w in typed]
    known_stems = vocabulary.stems_present(stems) if vocabulary else set()
    max_len = max((len(p) for p in synonyms), default=1)
    i = 0
    while i < len(typed):
        # Longest synonym phrase starting here.
        matched = None
        for size in range(min(max_len, len(typed) - i), 1, -1):
            phrase = tuple(stems[i:i + size])
            if phrase in synonyms:
                matched = (phrase, size)
                break
        if matched:
            phrase, size = matched
            result.groups.append(Group(synonyms[phrase], " ".join(typed[i:i + size])))
            i += size
            continue
        word, word_stem = typed[i], stems[i]
        is_last = i == len(typed) - 1
        alternatives: set[Phrase] = {(word_stem,)}
        if prefix_last and is_last and vocabulary:
            alternatives |= {(s,) for s in vocabulary.prefix_lookup(word, 50).values()}
        elif vocabulary and word_stem not in known_stems \
                and len(word) >= min_typo_length and not word.isdigit():
            # One typo away: a known word, or a word whose stem is known
            # (« inondasion » → « inondation » → inond, even if only « inondations » occurs).
            candidates = edits1(word)
            close = vocabulary.lookup(candidates)
            by_stem = {c: stem(c) for c in candidates}
            present = vocabulary.stems_present(set(by_stem.values()))
            close.update({c: s for c, s in by_stem.items() if s in present})
            if close:
                alternatives |= {(s,) for s in close.values()}
                result.corrections[word] = sorted(close)[:5]
            else:
                result.unknown.append(word)
        for alt in list(alternatives):
            alternatives |= set(synonyms.get(alt, ()))
        result.groups.append(Group(tuple(sorted(alternatives)), word))
        i += 1
    return result
