"""Writes of evaluations: run the pure engines, store inputs, results and versions."""

from __future__ import annotations

from django.db import transaction

from recensia import footprint
from recensia.accounts import permissions
from recensia.evaluations.models import FootprintAssessment
from recensia.projects.models import Project


class PermissionDenied(Exception):
    pass


@transaction.atomic
def save_footprint(*, project: Project, author, inputs: footprint.Inputs,
                   recomputed_from: FootprintAssessment | None = None) -> FootprintAssessment:
    """Assesses and stores. Raises ``footprint.FootprintError`` on invalid inputs."""
    if recomputed_from is None and not permissions.can_edit_project(author, project):
        raise PermissionDenied("Seuls les membres de la collectivité porteuse peuvent évaluer "
                               "l'empreinte de ce projet.")
    result = footprint.assess(inputs)
    data = result.to_dict()
    return FootprintAssessment.objects.create(
        project=project, inputs=inputs.to_dict(), result=data,
        engine_version=footprint.ENGINE_VERSION, data_versions=result.versions,
        gwp_central_kg=result.total.gwp_kgco2e.central,
        created_by=author if getattr(author, "is_authenticated", False) else None,
        recomputed_from=recomputed_from,
    )


def recompute_footprint(*, assessment: FootprintAssessment, author) -> FootprintAssessment:
    """Recomputes a stored assessment with today's engine and data; the old one stays."""
    if not (permissions.can_edit_project(author, assessment.project)
            or permissions.is_moderator(author)):
        raise PermissionDenied("Vous ne pouvez pas recalculer cette évaluation.")
    inputs = footprint.Inputs.from_dict(assessment.inputs)
    return save_footprint(project=assessment.project, author=author, inputs=inputs,
                          recomputed_from=assessment)
