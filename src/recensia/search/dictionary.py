"""Words that are never « corrected »: French dictionary words and known names.

The French word list is the one shipped by the ``pyspellchecker`` package (about 140,000
inflected forms, pinned in pyproject.toml); known names are the words of the names of the
collectivités and public bodies of the reference data. Both are loaded on first use, the
first time a word of a query is in no project.
"""

from __future__ import annotations

import threading

from recensia.search.analysis import fold, words

_lock = threading.Lock()
_words: frozenset[str] | None = None


def french_words() -> frozenset[str]:
    global _words
    with _lock:
        if _words is None:
            from spellchecker import SpellChecker

            frequency = SpellChecker(language="fr", distance=1).word_frequency
            # Folding the whole list at once is much faster than word by word.
            _words = frozenset(fold("\n".join(frequency)).split("\n"))
        return _words


def known_names() -> frozenset[str]:
    """Words of the names of collectivités and public bodies (kept in the search state)."""
    from recensia.search.state import STATE

    if STATE.known_names is None:
        from recensia.territories.models import Organization

        found: set[str] = set()
        for name in Organization.objects.order_by().values_list("name", flat=True) \
                .iterator(chunk_size=5000):
            found.update(words(name))
        STATE.known_names = frozenset(found)
    return STATE.known_names


def is_word(word: str) -> bool:
    """A French word or a word of a known name (folded, as ``analysis.words`` gives)."""
    return word in french_words() or word in known_names()
