"""Writes to the register and its workflow. Views, commands and the API call these only.

Every change checks the data through the entry path (``entry.validate``), bumps the
version (optimistic locking: the second of two concurrent editors is warned, see
``versions.py``) and records a ``ProjectRevision`` with the author, the action and the
fields changed. Reference lists are in ``taxonomy.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from recensia.accounts import permissions
from recensia.accounts.permissions import PermissionDenied
from recensia.projects import entry, notifications
from recensia.projects.entry import ProjectData
from recensia.projects.fields import INDICATOR_FIELDS, SCALAR_FIELDS
from recensia.projects.models import (
    Indicator,
    PartnerInitiative,
    PartnerStatus,
    Project,
    ProjectKind,
    ProjectPartner,
    ProjectRevision,
    Source,
    Vendor,
    WorkflowState,
)
from recensia.projects.signals import project_changed
from recensia.projects.versions import (
    EditConflict,
    check_version,
    data_from_snapshot,
    diff_snapshots,
    is_user,
    record_revision,
    take_snapshot,
)

__all__ = [
    "EditConflict", "ProjectData", "adopt_published_identity", "archive_project",
    "create_project", "link_solution", "missing_for_submission",
    "publish_project", "record_ai_act_tier", "reject_project", "restore_revision",
    "submit_project", "unarchive_project", "update_project",
]


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:200].strip("-") or "projet"
    slug, n = base, 2
    qs = Project.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def _apply(project: Project, data: ProjectData) -> None:
    for name, value in data.fields.items():
        if name not in SCALAR_FIELDS:
            raise ValueError(f"Champ non modifiable : {name}")
        setattr(project, name, value)
    if data.owner is not None:
        project.owner = data.owner
    if data.vendor_name is not None:
        name = data.vendor_name.strip()
        if name:
            vendor, _ = Vendor.objects.get_or_create(name=name,
                                                     defaults={"siren": data.vendor_siren})
            if data.vendor_siren and not vendor.siren:
                vendor.siren = data.vendor_siren
                vendor.save(update_fields=["siren"])
            project.vendor = vendor
        else:
            project.vendor = None


def _new_partner_status(author) -> dict:
    """A partner named by a member is an invitation the partner must accept before it is
    shown; one named by an import from published sources (no author) is taken as read."""
    if is_user(author):
        return {"status": PartnerStatus.PENDING, "initiative": PartnerInitiative.INVITED,
                "requested_by": author, "requested_at": timezone.now()}
    return {"status": PartnerStatus.ACCEPTED, "initiative": PartnerInitiative.SOURCE}


def _validate(project: Project, data: ProjectData) -> None:
    problems = entry.validate(project, data)
    if problems:
        raise entry.as_validation_error(problems)


def _apply_related(project: Project, data: ProjectData, *, author) -> None:
    if data.domains is not None:
        project.domains.set(data.domains)
    if data.techniques is not None:
        project.techniques.set(data.techniques)
    if data.partners is not None:
        wanted = {org.pk: role for org, role in data.partners}
        current = {p.organization_id: p for p in project.partnerships.all()}
        for org_id, link in current.items():
            if org_id not in wanted:
                link.delete()
            elif link.role != wanted[org_id]:
                link.role = wanted[org_id]
                link.save(update_fields=["role"])
        for org_id, role in wanted.items():
            if org_id not in current:
                ProjectPartner.objects.create(project=project, organization_id=org_id, role=role,
                                              **_new_partner_status(author))
    if data.indicators is not None:
        project.indicators.all().delete()
        Indicator.objects.bulk_create(
            Indicator(project=project, position=i, **{k: row[k] for k in INDICATOR_FIELDS})
            for i, row in enumerate(data.indicators))
    if data.sources is not None:
        project.sources.all().delete()
        Source.objects.bulk_create(
            Source(project=project, position=i, url=row["url"], title=row["title"])
            for i, row in enumerate(data.sources))


# ---------------------------------------------------------------- create / update / restore

@transaction.atomic
def create_project(*, author, data: ProjectData, state: str = WorkflowState.DRAFT,
                   source_id: str = "", check_permissions: bool = True) -> Project:
    if data.owner is None:
        raise ValidationError({"owner": ["Choisissez la collectivité qui porte le projet."]})
    if check_permissions and not permissions.can_create_project_for(author, data.owner):
        raise PermissionDenied(
            f"Vous n'êtes pas membre validé de {data.owner.name} : vous ne pouvez pas "
            "déclarer de projet en son nom."
        )
    project = Project(owner=data.owner, created_by=author if is_user(author) else None,
                      state=state, source_id=source_id)
    _apply(project, data)
    _validate(project, data)
    project.slug = _unique_slug(project.title)
    if state == WorkflowState.PUBLISHED:
        project.published_at = timezone.now()
    project.save()
    _apply_related(project, data, author=author)
    record_revision(project, author=author, action="Création", before=None)
    return project


def _lock(project: Project) -> Project:
    return Project.objects.select_for_update().select_related("owner").get(pk=project.pk)


class _NothingChanged(Exception):
    pass


@transaction.atomic
def update_project(*, project: Project, author, data: ProjectData,
                   expected_version: int | None, action: str = "Modification",
                   check_permissions: bool = True) -> Project:
    project = _lock(project)
    if check_permissions and not permissions.can_edit_project(author, project):
        raise PermissionDenied("Seuls les membres de la collectivité porteuse peuvent "
                               "modifier ce projet.")
    if data.owner is not None and data.owner.pk != project.owner_id and check_permissions \
            and not permissions.can_create_project_for(author, data.owner):
        raise PermissionDenied(f"Vous n'êtes pas membre validé de {data.owner.name}.")
    check_version(project, expected_version)
    before = take_snapshot(project)
    try:
        with transaction.atomic():
            _apply(project, data)
            _validate(project, data)
            project.version += 1
            project.save()
            _apply_related(project, data, author=author)
            if not diff_snapshots(before, take_snapshot(project)):
                raise _NothingChanged
            record_revision(project, author=author, action=action, before=before)
    except _NothingChanged:
        # Nothing changed: no empty version is recorded.
        project.refresh_from_db()
    return project


@transaction.atomic
def restore_revision(*, project: Project, revision: ProjectRevision, author,
                     expected_version: int | None = None) -> Project:
    if revision.project_id != project.pk:
        raise ValidationError("Cette version n'appartient pas à ce projet.")
    return update_project(project=project, author=author,
                          data=data_from_snapshot(revision.snapshot),
                          expected_version=expected_version,
                          action=f"Restauration de la version {revision.number}")


# ---------------------------------------------------------------- workflow

def missing_for_submission(project: Project) -> list[str]:
    missing = []
    if not project.short_description.strip():
        missing.append("la description courte")
    if not project.domains.exists():
        missing.append("au moins un domaine")
    if project.kind == ProjectKind.AI_SYSTEM and not project.techniques.exists():
        missing.append("au moins une technique d'IA (ou « Non précisé »)")
    if not project.contact_email and not project.sources.exists():
        missing.append("une adresse de contact ou au moins une source")
    return missing


def _transition(project: Project, *, author, new_state: str, action: str,
                expected_version: int | None = None, **changes) -> Project:
    check_version(project, expected_version)
    before = take_snapshot(project)
    project.state = new_state
    for name, value in changes.items():
        setattr(project, name, value)
    project.version += 1
    project.save()
    record_revision(project, author=author, action=action, before=before)
    return project


@transaction.atomic
def submit_project(*, project: Project, author) -> Project:
    project = _lock(project)
    if not permissions.can_edit_project(author, project):
        raise PermissionDenied("Seuls les membres de la collectivité porteuse peuvent "
                               "soumettre ce projet.")
    if not permissions.can_submit_project(author, project):
        raise ValidationError(permissions.SUBMISSION_WAITS_MESSAGE.format(
            organization=project.owner.name))
    if project.state not in (WorkflowState.DRAFT, WorkflowState.REJECTED):
        raise ValidationError(f"Ce projet est « {project.get_state_display()} » : "
                              "seul un brouillon ou un projet refusé peut être soumis.")
    missing = missing_for_submission(project)
    if missing:
        raise ValidationError("Avant de soumettre, complétez : " + ", ".join(missing) + ".")
    project = _transition(project, author=author, new_state=WorkflowState.SUBMITTED,
                          action="Soumis à la modération", rejection_reason="")
    notifications.project_submitted(project)
    return project


@transaction.atomic
def publish_project(*, project: Project, moderator) -> Project:
    project = _lock(project)
    if not permissions.can_moderate_project(moderator, project):
        raise PermissionDenied("Seule l'équipe de modération peut publier un projet.")
    if project.state != WorkflowState.SUBMITTED:
        raise ValidationError("Seul un projet soumis peut être publié.")
    project = _transition(project, author=moderator, new_state=WorkflowState.PUBLISHED,
                          action="Publié", published_at=project.published_at or timezone.now(),
                          rejection_reason="")
    notifications.project_published(project)
    return project


@transaction.atomic
def reject_project(*, project: Project, moderator, reason: str) -> Project:
    project = _lock(project)
    if not permissions.can_moderate_project(moderator, project):
        raise PermissionDenied("Seule l'équipe de modération peut refuser un projet.")
    if project.state != WorkflowState.SUBMITTED:
        raise ValidationError("Seul un projet soumis peut être refusé.")
    if not reason.strip():
        raise ValidationError({"reason": ["Expliquez le motif du refus à la collectivité."]})
    project = _transition(project, author=moderator, new_state=WorkflowState.REJECTED,
                          action="Refusé", rejection_reason=reason.strip())
    notifications.project_rejected(project)
    return project


@transaction.atomic
def archive_project(*, project: Project, author) -> Project:
    project = _lock(project)
    if not (permissions.can_edit_project(author, project) or permissions.is_moderator(author)):
        raise PermissionDenied("Vous ne pouvez pas archiver ce projet.")
    if project.state == WorkflowState.ARCHIVED:
        raise ValidationError("Ce projet est déjà archivé.")
    return _transition(project, author=author, new_state=WorkflowState.ARCHIVED,
                       action="Archivé", state_before_archive=project.state)


@transaction.atomic
def unarchive_project(*, project: Project, author) -> Project:
    project = _lock(project)
    if not (permissions.can_edit_project(author, project) or permissions.is_moderator(author)):
        raise PermissionDenied("Vous ne pouvez pas sortir ce projet des archives.")
    if project.state != WorkflowState.ARCHIVED:
        raise ValidationError("Ce projet n'est pas archivé.")
    previous = project.state_before_archive or WorkflowState.DRAFT
    if previous in (WorkflowState.PUBLISHED, WorkflowState.SUBMITTED) \
            and not permissions.is_moderator(author):
        previous = WorkflowState.SUBMITTED  # a moderator checks it again before it is public
    return _transition(project, author=author, new_state=previous,
                       action="Sorti des archives", state_before_archive="")


def record_ai_act_tier(*, project: Project, tier: str) -> None:
    """Keeps the AI Act risk tier of the latest compliance assessment on the project (a
    search filter). Derived from the assessment, not edited: no new version, no revision."""
    Project.objects.filter(pk=project.pk).update(ai_act_tier=tier)
    project.ai_act_tier = tier
    project_changed.send(sender=Project, project=project)


# ---------------------------------------------------------------- imports of published data

@transaction.atomic
def adopt_published_identity(identities: dict[int, tuple[str, dt.datetime | None]]) -> list[str]:
    """Imports of another instance's published data: each project (by id) takes the address
    (slug) and the publication date it has there, so that its links keep working.

    Returns the addresses already used by other projects (nothing is changed then)."""
    wanted = {slug for slug, _published in identities.values()}
    taken = sorted(Project.objects.filter(slug__in=wanted).exclude(pk__in=identities)
                   .values_list("slug", flat=True))
    if taken:
        return taken
    # Two steps, so that two imported projects may swap addresses without a clash.
    for pk in identities:
        Project.objects.filter(pk=pk).update(slug=f"adresse-provisoire-{pk}")
    for pk, (slug, published_at) in identities.items():
        changes: dict[str, Any] = {"slug": slug}
        if published_at is not None:
            changes["published_at"] = published_at
        Project.objects.filter(pk=pk).update(**changes)
        # The search index (and through its change log, the other processes) follows.
        project_changed.send(sender=Project, project=Project.objects.get(pk=pk))
    return []


# ---------------------------------------------------------------- catalogue solution

@transaction.atomic
def link_solution(*, project: Project, solution, author) -> Project:
    """Points the project to the catalogue solution it uses (or to none), with a version.
    The free-text name is kept as written by the collectivité."""
    project = _lock(project)
    if is_user(author) and not (permissions.can_edit_project(author, project)
                                or permissions.is_moderator(author)):
        raise PermissionDenied("Seuls les membres de la collectivité porteuse peuvent "
                               "lier ce projet à une solution.")
    if project.solution_id == (solution.pk if solution else None):
        return project
    before = take_snapshot(project)
    project.solution = solution
    project.version += 1
    project.save()
    record_revision(project, author=author, before=before,
                    action=f"Lié à la solution {solution.name}" if solution
                    else "Lien vers la solution retiré")
    return project
