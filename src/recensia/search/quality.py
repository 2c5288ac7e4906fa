"""Quality measure of « projets similaires » on the published register."""

from __future__ import annotations

from dataclasses import dataclass

from recensia.projects.models import Project, WorkflowState
from recensia.search.selectors import similar_projects


@dataclass
class SimilarityQuality:
    evaluated: int  # projects that have at least one same-domain sibling
    hits: int  # of which at least one sibling is in the top 5
    top1_same_domain: int  # of which the first suggestion shares a domain

    @property
    def hit_rate(self) -> float:
        return self.hits / self.evaluated if self.evaluated else 0.0

    def __str__(self) -> str:
        return (f"{self.hits} projets sur {self.evaluated} ayant un projet du même domaine le "
                f"retrouvent dans leurs 5 projets similaires ({self.hit_rate:.0%}) ; "
                f"1re suggestion du même domaine : {self.top1_same_domain}/{self.evaluated}.")


def measure_similarity(limit: int = 5) -> SimilarityQuality:
    projects = list(Project.objects.filter(state=WorkflowState.PUBLISHED)
                    .prefetch_related("domains"))
    domains = {p.pk: {d.pk for d in p.domains.all()} for p in projects}
    evaluated = hits = top1 = 0
    for project in projects:
        mine = domains[project.pk]
        siblings = {pk for pk, ds in domains.items() if pk != project.pk and ds & mine}
        if not siblings:
            continue
        evaluated += 1
        suggested = [p.pk for p in similar_projects(project, limit)]
        if siblings & set(suggested):
            hits += 1
        if suggested and suggested[0] in siblings:
            top1 += 1
    return SimilarityQuality(evaluated, hits, top1)
