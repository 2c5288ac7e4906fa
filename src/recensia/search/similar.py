"""« Projets similaires » : what a project's reader may want to see next.

A candidate's score combines
- the closeness of the texts: the project's most distinctive words (tf-idf over the title,
  descriptions, keywords and results) searched in the other projects with BM25F, scaled to
  [0, 1] (« même usage »), the words of the thesaurus that mean the same counting for half;
- the same vendor, the same solution (« même fournisseur », « même solution »);
- the same technique, the same domain, a collectivité of comparable size.

Each suggestion says why it is shown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from recensia.search.documents import FIELDS
from recensia.search.index import FacetIndex
from recensia.search.query import SynonymIndex
from recensia.search.ranking import bits_to_mask
from recensia.search.textindex import FIELD_WEIGHTS

CONTENT_FIELDS = tuple(f for f in FIELDS if f != "names")  # the collectivité's name is no usage
MAX_TERMS = 30
COMMON_SHARE = 0.1  # words in more than this share of projects say nothing of the usage
# The catalogue solution is the strongest signal (the same product for the same need); the
# technique weighs little: many entries carry a technique guessed from a short cell.
WEIGHTS = {"content": 1.0, "solution": 1.0, "fournisseur": 0.3, "technique": 0.05,
           "domaine": 0.3, "population": 0.05}
SYNONYM_SHARE = 0.5  # a word of the thesaurus meaning the same counts for half the word itself
SAME_USAGE = 0.35  # content closeness from which « même usage » is said


@dataclass
class Suggestion:
    slot: int
    score: float
    reasons: list[str]


def distinctive_terms(index: FacetIndex, fields: dict[str, str]) -> dict[str, float]:
    """The project's own words weighed by tf-idf (field weights as in BM25F)."""
    text = index.text
    weighted: Counter = Counter()
    for name in CONTENT_FIELDS:
        for term, n in Counter(fields.get(name, "").split()).items():
            weighted[term] += FIELD_WEIGHTS[name] * n
    limit = max(2, int(COMMON_SHARE * max(text.documents, 1)))
    scored = {}
    for term, tf in weighted.items():
        df = text.frequency(term)
        if 2 <= df <= limit:
            scored[term] = (1 + np.log(tf)) * text.idf(df)
    return dict(sorted(scored.items(), key=lambda kv: -kv[1])[:MAX_TERMS])


def suggest(index: FacetIndex, slot: int, fields: dict[str, str], limit: int,
            synonyms: SynonymIndex | None = None) -> list[Suggestion]:
    size = index.size
    published = index.published_mask().copy()
    published[slot] = False
    content = np.zeros(size, np.float32)
    terms = distinctive_terms(index, fields)
    common = max(2, int(COMMON_SHARE * max(index.text.documents, 1)))
    for term, weight in terms.items():
        slots, impacts = index.text.postings(term)
        content[slots] += np.float32(weight) * impacts
        # The same usage told in other words (« micro-feux » / « départs de feu »): the
        # one-word terms of the thesaurus that this word finds.
        for alternative in (synonyms or {}).get((term,), ()):
            (other, *more) = alternative.phrase
            if more or other in terms:
                continue
            slots, impacts = index.text.postings(other)
            if len(slots) <= common:
                content[slots] += np.float32(weight * SYNONYM_SHARE) * impacts
    content[~published] = 0
    top = content.max(initial=0.0)
    if top > 0:
        content /= top
    score = WEIGHTS["content"] * content
    mine = index.values_of(slot)
    same: dict[str, np.ndarray] = {}
    for name in ("solution", "fournisseur", "technique", "domaine", "population"):
        values = [v for v in mine.get(name, ()) if v and v != "non-precise"]
        if values:
            same[name] = bits_to_mask(index.filter_bitmap(name, values), size) & published
            score += WEIGHTS[name] * same[name]
    score[~published] = -1
    candidates = np.flatnonzero(score > 0)
    if not len(candidates):
        return []
    order = np.lexsort((-candidates, -score[candidates]))[:limit]
    labels = index.labels
    suggestions = []
    for chosen in candidates[order].tolist():
        reasons = []
        if content[chosen] >= SAME_USAGE:
            reasons.append("même usage (textes proches)")
        theirs = index.values_of(chosen)
        for name, label in (("solution", "même solution"), ("fournisseur", "même fournisseur"),
                            ("technique", "même technique"), ("domaine", "même domaine")):
            if name in same and same[name][chosen]:
                shared = [labels[name].get(v, v) for v in mine.get(name, ())
                          if v in theirs.get(name, ())]
                reasons.append(f"{label} ({', '.join(shared)})" if shared else label)
        if "population" in same and same["population"][chosen]:
            reasons.append("collectivité de taille comparable")
        suggestions.append(Suggestion(chosen, float(score[chosen]), reasons))
    return suggestions
