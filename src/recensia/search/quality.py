"""Relevance measures on the demonstration projects (``recensia measure_search``).

The judged sets live in ``search/data/``: ``evaluation.txt`` (queries as people type them,
with the demo projects each must find) and ``similar_evaluation.txt`` (the projects a reader
of each demo project expects among its « projets similaires »). Projects are named by their
demo number (``cas-reels-NN``), so the measure runs on any database where the demo is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from recensia.projects.models import Project, WorkflowState

DATA = Path(__file__).resolve().parent / "data"
QUERIES_FILE = DATA / "evaluation.txt"
SIMILAR_FILE = DATA / "similar_evaluation.txt"
DEMO_PREFIX = "cas-reels-"
TOP_SEARCH = 10
TOP_SIMILAR = 5
# The register's targets (issue « recherche » of the register): `measure_search` says whether
# they are met. Not met on the 152 demonstration cases (README, « Pertinence mesurée »).
TARGET_RECALL = 0.95
TARGET_SIMILAR_RECALL = 0.85


@dataclass(frozen=True)
class Judged:
    who: str
    query: str
    expected: tuple[str, ...]  # source ids


def _source_id(number: str) -> str:
    return f"{DEMO_PREFIX}{int(number):02d}"


def read_queries(path: Path = QUERIES_FILE) -> list[Judged]:
    judged = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        who, query, expected = (part.strip() for part in line.split("|"))
        judged.append(Judged(who, query, tuple(_source_id(n) for n in expected.split())))
    return judged


def read_similar(path: Path = SIMILAR_FILE) -> dict[str, tuple[str, ...]]:
    judged = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        project, expected = (part.strip() for part in line.split("|"))
        judged[_source_id(project)] = tuple(_source_id(n) for n in expected.split())
    return judged


@dataclass
class QueryOutcome:
    judged: Judged
    found: list[str]  # source ids of the first results, in order
    total: int

    @property
    def recall(self) -> float:
        wanted = set(self.judged.expected)
        hits = len(wanted & set(self.found[:TOP_SEARCH]))
        return hits / min(len(wanted), TOP_SEARCH)

    @property
    def reciprocal_rank(self) -> float:
        for rank, sid in enumerate(self.found, start=1):
            if sid in self.judged.expected:
                return 1 / rank
        return 0.0

    @property
    def missing(self) -> list[str]:
        return [sid for sid in self.judged.expected if sid not in self.found[:TOP_SEARCH]]


@dataclass
class Report:
    outcomes: list = field(default_factory=list)

    @property
    def recall(self) -> float:
        return sum(o.recall for o in self.outcomes) / len(self.outcomes) if self.outcomes else 0

    @property
    def mrr(self) -> float:
        return (sum(o.reciprocal_rank for o in self.outcomes) / len(self.outcomes)
                if self.outcomes else 0)

    @property
    def failing(self) -> list:
        return [o for o in self.outcomes if o.recall < 1]

    @property
    def empty(self) -> list:
        return [o for o in self.outcomes if not o.total]


def demo_ids() -> dict[str, int]:
    """Source id → project id of the published demo projects."""
    return dict(Project.objects.filter(state=WorkflowState.PUBLISHED,
                                       source_id__startswith=DEMO_PREFIX)
                .values_list("source_id", "id"))


def measure_search(judged: list[Judged] | None = None) -> Report:
    from recensia.search.selectors import search_projects

    judged = read_queries() if judged is None else judged
    by_id = {pk: sid for sid, pk in demo_ids().items()}
    report = Report()
    for item in judged:
        results = search_projects(q=item.query, page_size=TOP_SEARCH)
        found = [by_id.get(p.pk, "") for p in results.projects]
        report.outcomes.append(QueryOutcome(item, found, results.total))
    return report


@dataclass
class SimilarOutcome:
    source_id: str
    expected: tuple[str, ...]
    found: list[str]

    @property
    def recall(self) -> float:
        hits = len(set(self.expected) & set(self.found[:TOP_SIMILAR]))
        return hits / min(len(self.expected), TOP_SIMILAR)

    @property
    def first_is_expected(self) -> bool:
        return bool(self.found) and self.found[0] in self.expected


@dataclass
class SimilarReport:
    outcomes: list = field(default_factory=list)

    @property
    def recall(self) -> float:
        return sum(o.recall for o in self.outcomes) / len(self.outcomes) if self.outcomes else 0

    @property
    def first_expected(self) -> int:
        return sum(o.first_is_expected for o in self.outcomes)


def measure_similar(judged: dict[str, tuple[str, ...]] | None = None) -> SimilarReport:
    from recensia.search.selectors import similar_projects

    judged = read_similar() if judged is None else judged
    ids = demo_ids()
    by_id = {pk: sid for sid, pk in ids.items()}
    projects = Project.objects.in_bulk([ids[s] for s in judged if s in ids])
    report = SimilarReport()
    for sid, expected in judged.items():
        project = projects.get(ids.get(sid, -1))
        if project is None:
            continue
        found = [by_id.get(p.pk, "") for p in similar_projects(project, TOP_SIMILAR)]
        report.outcomes.append(SimilarOutcome(sid, expected, found))
    return report
