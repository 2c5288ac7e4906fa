from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from recensia import footprint
from recensia.evaluations.models import FootprintAssessment
from recensia.projects.models import Project, WorkflowState


def latest_footprint(project: Project) -> FootprintAssessment | None:
    return project.footprint_assessments.select_related("created_by").first()


def latest_summaries(project: Project):
    """(latest footprint, latest compliance) with only what a project page shows."""
    fp = project.footprint_assessments.only("gwp_central_kg", "created_at", "project_id").first()
    cp = project.compliance_assessments.only("tier", "created_at", "project_id").first()
    return fp, cp


def latest_compliance(project: Project):
    return project.compliance_assessments.select_related("created_by").first()


def footprint_history(project: Project) -> list[FootprintAssessment]:
    return list(project.footprint_assessments.select_related("created_by")[:20])


def result_of(assessment: FootprintAssessment) -> footprint.Result:
    return footprint.Result.from_dict(assessment.result)


@dataclass
class FootprintTotal:
    projects: int
    gwp: footprint.Range
    energy: footprint.Range
    water: footprint.Range


def _latest_ids(projects_qs):
    latest = (FootprintAssessment.objects.filter(project=OuterRef("pk"))
              .order_by("-created_at", "-id").values("id")[:1])
    return [pk for pk in projects_qs.annotate(a=Subquery(latest)).values_list("a", flat=True)
            if pk]


def footprint_total(projects_qs) -> FootprintTotal:
    """Sum of the latest assessment of each project (ranges add up bound by bound)."""
    ids = _latest_ids(projects_qs)
    zero = footprint.Range(0.0, 0.0, 0.0)
    gwp, energy, water = zero, zero, zero
    for data in FootprintAssessment.objects.filter(pk__in=ids).values_list("result", flat=True):
        total = footprint.Impacts.from_dict(data["total"])
        gwp, energy, water = gwp + total.gwp_kgco2e, energy + total.energy_kwh, \
            water + total.water_l
    return FootprintTotal(len(ids), gwp, energy, water)


def national_footprint_total() -> FootprintTotal:
    return footprint_total(Project.objects.filter(state=WorkflowState.PUBLISHED))


def organization_footprint_total(organization) -> FootprintTotal:
    return footprint_total(Project.objects.filter(state=WorkflowState.PUBLISHED,
                                                  owner=organization))
