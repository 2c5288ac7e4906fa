"""One search of the published projects, whoever asks: the page « Projets » (``/projets/``),
the suggestions while typing, the API (``GET /api/v1/projets``) and the exports. Each builds
a ``SearchRequest``; it applies the same length limit, the same normalisation of the facet
values and the same choice of sort, so the four give the same projects in the same order."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from recensia.core.text import SEARCH_MAX_CHARS, clip_search
from recensia.search.analysis import fold
from recensia.search.index import FACETS

MAX_QUERY_LENGTH = SEARCH_MAX_CHARS
SORTS = {"pertinence": "Pertinence", "date": "Les plus récents",
         "population": "Collectivités les plus peuplées"}
DEFAULT_SORT = "pertinence"
# Facets whose values are free text in the register: compared without accents or case.
FOLDED_FACETS = ("solution", "pays")


class Params(Protocol):
    """A query string (Django's ``QueryDict``): one value, or every value of a name."""

    def get(self, key: str, default: str = ...) -> str: ...

    def getlist(self, key: str) -> list[str]: ...


@dataclass(frozen=True)
class SearchRequest:
    """Text, facet values (OR within a facet, AND between facets) and sort, normalised."""

    q: str = ""
    filters: Mapping[str, list[str]] = field(default_factory=dict)
    sort: str = DEFAULT_SORT
    literal: bool = False  # the words exactly as typed: no correction (``exact=1``)

    def __post_init__(self) -> None:
        filters = {}
        for name, values in (self.filters or {}).items():
            kept = [fold(v) if name in FOLDED_FACETS else v for v in values if v]
            if name in FACETS and kept:
                filters[name] = kept
        # Bounded words and length (core.text.clip_search), like every search box.
        object.__setattr__(self, "q", clip_search(self.q or ""))
        object.__setattr__(self, "filters", filters)
        object.__setattr__(self, "sort", self.sort if self.sort in SORTS else DEFAULT_SORT)

    @classmethod
    def from_params(cls, params: Params) -> SearchRequest:
        """From the address of ``/projets/`` (``q``, one name per facet, ``tri``, ``exact``)."""
        return cls(q=params.get("q", ""), sort=params.get("tri", DEFAULT_SORT),
                   filters={name: params.getlist(name) for name in FACETS},
                   literal=params.get("exact", "") == "1")
