"""The search's process-wide state, in one owner: this process's facet index, the cache of
full-text matches and the synonyms in use. Nothing else in the product keeps search state
between requests; tests start from a fresh state with ``STATE.reset()`` (one fixture,
``tests/conftest.py``).

The index is built on first use and brought up to date from the change log
(``SearchChange``): at once after a change made by this process (``mark_changed``), within
``check_seconds`` after a change made by another process.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

from django.db import connection

from recensia.search import loader
from recensia.search.index import FacetIndex

# Evaluated queries kept per process: each holds a ranking key per project (400 kB at
# 100,000 projects), so few are kept; phrases (slots of the projects containing a phrase
# of the thesaurus) are small and shared by many queries.
MATCH_CACHE_SIZE = 32
PHRASE_CACHE_SIZE = 1024


class SearchState:
    def __init__(self, *, check_seconds: float = 0.25) -> None:
        # How often the change log is read when this process changed nothing.
        self.check_seconds = check_seconds
        self._lock = threading.Lock()
        self.matches_lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Forgets everything: the next read rebuilds the index from the database."""
        with self._lock, self.matches_lock:
            self.index: FacetIndex | None = None
            self.index_db: str | None = None
            self.last_check = 0.0
            self.changed_here = False
            # (backend, query, index state) → ranking.Match.
            self.matches: OrderedDict[tuple, Any] = OrderedDict()
            # (backend, phrase, index state) → slots of the projects containing it.
            self.phrases: OrderedDict[tuple, Any] = OrderedDict()
            # Words of the names of collectivités (dictionary.known_names), read once.
            self.known_names: frozenset[str] | None = None
            self.synonyms: dict[str, Any] = {"key": None, "index": {}, "checked": 0.0}

    def mark_changed(self) -> None:
        """This process wrote to the register: read the change log on the next search."""
        self.changed_here = True

    def forget_synonyms(self) -> None:
        self.synonyms["key"] = None

    def forget_matches(self) -> None:
        """Empties the cache of full-text matches (the next search asks the database)."""
        with self.matches_lock:
            self.matches.clear()
            self.phrases.clear()
        self.forget_synonyms()

    def get_index(self) -> FacetIndex:
        """The process's index, built on first use and brought up to date on each call."""
        db_key = str(connection.settings_dict["NAME"] or "")
        with self._lock:
            index = self.index
            if index is None or db_key != self.index_db:
                return self._build(db_key)
            now = time.monotonic()
            if not self.changed_here and now - self.last_check < self.check_seconds:
                return index
            self.last_check, self.changed_here = now, False
            changes, generation = loader.changes_since(index)
            if changes is None:  # the log went backwards (database restored): rebuild
                return self._build(db_key)
            if changes:
                rows = loader.load_rows(project_ids=changes)
                present = {r.project_id for r in rows}
                index.apply(rows, [pid for pid in changes if pid not in present], generation)
            else:
                index.generation = generation
            return index

    def _build(self, db_key: str) -> FacetIndex:
        # The build reads every change made so far; a change made during the build marks
        # the state again and is read on the next call.
        self.last_check, self.changed_here = time.monotonic(), False
        index = FacetIndex()
        index.build(loader.iter_rows(), loader.current_generation())
        index.checked_backwards_at = self.last_check
        self.index, self.index_db = index, db_key
        return index


STATE = SearchState()
get_index = STATE.get_index
mark_changed = STATE.mark_changed
