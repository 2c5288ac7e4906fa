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
from recensia.core import ratelimit
from recensia.projects import entry, notifications, selectors
from recensia.projects.entry import ProjectData
from recensia.projects.fields import INDICATOR_FIELDS, SCALAR_FIELDS
from recensia.projects.merge import MergeResult, merge
from recensia.projects.models import (
    ChangeProposal,
    ErrorReport,
    Indicator,
    PartnerInitiative,
    PartnerStatus,
    Project,
    ProjectPartner,
    ProjectRevision,
    ProposalStatus,
    ReportStatus,
    Source,
    Vendor,
    WorkflowState,
)
from recensia.projects.signals import project_changed
from recensia.projects.versions import (
    SNAPSHOT_KEYS,
    EditConflict,
    check_version,
    current_snapshot,
    data_from_snapshot,
    diff_snapshots,
    is_user,
    open_proposal,
    proposal_changes,
    proposal_on,
    public_role,
    record_revision,
    take_snapshot,
    version_snapshot,
)

__all__ = [
    "EditConflict", "MergeNeeded", "ProjectData", "accept_proposal",
    "adopt_published_identity", "answer_report", "applies_directly", "archive_project",
    "create_project", "link_solution", "missing_for_submission", "publish_project",
    "record_ai_act_tier", "refuse_proposal", "reject_project", "report_error",
    "restore_revision", "settle_conflict",
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


class _Preview(Exception):
    def __init__(self, snapshot: dict[str, Any]):
        self.snapshot = snapshot


class MergeNeeded(EditConflict):
    """Since the version the person started from, someone else changed some of the same
    fields to other values. ``result`` holds, for each of them, both values; the other
    fields are already merged. The person chooses (``settle_conflict``): nothing of either
    side is dropped without their say."""

    def __init__(self, project: Project, result: MergeResult, seen: dict[str, Any],
                 authors: list[str], action: str):
        self.result = result
        self.seen = seen
        self.action = action
        super().__init__(project, [c.key for c in result.conflicts], authors)


def applies_directly(author, project: Project) -> bool:
    """Whether a change goes online at once. Changes to a published project wait for a
    moderator (``ChangeProposal``), except the moderation team's own corrections and the
    server commands run by the operator (no author). Référents go through moderation too."""
    return (project.state != WorkflowState.PUBLISHED or not is_user(author)
            or permissions.is_moderator(author))


def _save_changes(project: Project, *, author, data: ProjectData, action: str) -> Project:
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


def _preview(project: Project, data: ProjectData) -> dict[str, Any]:
    """The snapshot ``project`` would have with ``data`` (checked); nothing is kept."""
    try:
        with transaction.atomic():
            _apply(project, data)
            _validate(project, data)
            # Only the snapshot matters here (partners as collectivité and role, whatever
            # their consent): the preview is rolled back.
            _apply_related(project, data, author=None)
            raise _Preview(take_snapshot(project))
    except _Preview as done:
        return done.snapshot
    finally:
        project.refresh_from_db()


def _who(author) -> str:
    """A person as colleagues see them in a warning: their name, else their role."""
    if not is_user(author):
        return "l'import automatique"
    return author.get_full_name() or "un autre membre"


def _others_since(project: Project, version: int, proposal: ChangeProposal | None) -> list[str]:
    authors = [_who(rev.author) for rev in project.revisions.filter(number__gt=version)
               .select_related("author")]
    if proposal is not None:
        authors.append(_who(proposal.author))
    return list(dict.fromkeys(authors))


@transaction.atomic
def update_project(*, project: Project, author, data: ProjectData,
                   expected_version: int | None, action: str = "Modification",
                   check_permissions: bool = True,
                   seen: dict[str, Any] | None = None) -> Project:
    """Saves the changes in ``data``, made from version ``expected_version`` (or from the
    values ``seen``, after a merge). On a published project edited by its collectivité
    the changes wait for a moderator: the published version does not change and
    ``project.proposed_change`` is the pending ``ChangeProposal`` (else None).

    If the project (or its pending changes) moved on meanwhile, the two edits are merged
    field by field; ``MergeNeeded`` when both changed the same field differently."""
    project = _lock(project)
    project.proposed_change = None
    if check_permissions and not permissions.can_edit_project(author, project):
        raise PermissionDenied("Seuls les membres de la collectivité porteuse peuvent "
                               "modifier ce projet.")
    if data.owner is not None and data.owner.pk != project.owner_id and check_permissions \
            and not permissions.can_create_project_for(author, data.owner):
        raise PermissionDenied(f"Vous n'êtes pas membre validé de {data.owner.name}.")
    direct = applies_directly(author, project)
    proposal = None if direct else open_proposal(project)
    stale = expected_version is not None and expected_version != project.version
    if direct and not stale and seen is None:
        return _save_changes(project, author=author, data=data, action=action)
    base = seen
    if base is None and stale:
        base = version_snapshot(project, expected_version)
        if base is None:
            check_version(project, expected_version)  # no merge possible: warn as before
    current = current_snapshot(project)
    theirs = proposal_on(proposal, current).merged if proposal else current
    mine = _preview(project, data)
    result = merge(base if base is not None else current, mine, theirs, keys=SNAPSHOT_KEYS)
    if not result.clean:
        since = expected_version if stale else project.version
        raise MergeNeeded(project, result, {k: theirs.get(k) for k in SNAPSHOT_KEYS},
                          _others_since(project, since, proposal), action)
    merged = {k: result.merged.get(k) for k in SNAPSHOT_KEYS}
    if direct:
        chosen = data if merged == mine else data_from_snapshot(merged)
        return _save_changes(project, author=author, data=chosen, action=action)
    project.proposed_change = _propose(project, author=author, snapshot=merged,
                                       current=current, proposal=proposal, action=action)
    return project


def _propose(project: Project, *, author, snapshot: dict[str, Any], current: dict[str, Any],
             proposal: ChangeProposal | None, action: str) -> ChangeProposal | None:
    if not diff_snapshots(current, snapshot):
        if proposal is not None:  # the changes were all taken back
            proposal.status = ProposalStatus.WITHDRAWN
            proposal.decided_at = timezone.now()
            proposal.save()
        return None
    created = proposal is None
    if created:
        proposal = ChangeProposal(project=project)
    proposal.base_version = project.version
    proposal.snapshot = snapshot
    proposal.action = action
    proposal.author = author
    proposal.author_role = public_role(author, project.owner)
    proposal.save()
    if created:
        notifications.change_proposed(proposal)
    return proposal


@transaction.atomic
def settle_conflict(*, project: Project, author, seen: dict[str, Any],
                    merged: dict[str, Any], keep_theirs: list[str], action: str,
                    check_permissions: bool = True) -> Project:
    """Saves a merge once the person chose, for each field both changed, whose value to
    keep: ``keep_theirs`` the other person's, the others their own. If the project moved
    on again meanwhile, the new changes are merged in the same way."""
    chosen = dict(merged)
    for key in keep_theirs:
        if key in seen:
            chosen[key] = seen[key]
    return update_project(project=project, author=author, data=data_from_snapshot(chosen),
                          expected_version=None, action=action, seen=seen,
                          check_permissions=check_permissions)


def _lock_proposal(proposal: ChangeProposal, moderator) -> tuple[Project, ChangeProposal]:
    project = _lock(proposal.project)
    proposal = ChangeProposal.objects.select_for_update().get(pk=proposal.pk)
    proposal.project = project
    if not permissions.can_moderate_project(moderator, project):
        raise PermissionDenied("Seule l'équipe de modération peut décider d'une modification.")
    if proposal.status != ProposalStatus.PENDING:
        raise ValidationError("Cette modification a déjà été traitée.")
    return project, proposal


@transaction.atomic
def accept_proposal(*, proposal: ChangeProposal, moderator) -> Project:
    project, proposal = _lock_proposal(proposal, moderator)
    changed, _current_values, proposed, conflicts = proposal_changes(proposal)
    if conflicts:
        raise ValidationError(
            "La version publiée a changé depuis cette proposition sur les mêmes champs ("
            + ", ".join(conflicts) + ") : refusez-la en expliquant pourquoi, la collectivité "
            "pourra la refaire à partir de la version publiée.")
    project = _save_changes(project, author=proposal.author, data=data_from_snapshot(proposed),
                            action=f"{proposal.action} (validée par la modération)")
    proposal.status = ProposalStatus.ACCEPTED
    proposal.decided_by = moderator
    proposal.decided_at = timezone.now()
    proposal.revision_number = project.version
    proposal.save()
    notifications.proposal_decided(proposal)
    return project


@transaction.atomic
def refuse_proposal(*, proposal: ChangeProposal, moderator, reason: str) -> ChangeProposal:
    if not reason.strip():
        raise ValidationError({"reason": ["Expliquez le motif du refus à la collectivité."]})
    _project, proposal = _lock_proposal(proposal, moderator)
    proposal.status = ProposalStatus.REFUSED
    proposal.refusal_reason = reason.strip()
    proposal.decided_by = moderator
    proposal.decided_at = timezone.now()
    proposal.save()
    notifications.proposal_decided(proposal)
    return proposal


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
    return [gap.label for gap in selectors.submission_gaps(project)]


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


# ---------------------------------------------------------------- error reports

REPORT_ANSWER_DAYS = 15
"""A report is answered within 15 days: shown on the project page and in the README."""
REPORT_RATE = ratelimit.Rate.parse("5/h")
"""Reports accepted per client address (or account) per hour, counted in the shared cache."""


class TooManyReports(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        minutes = max(1, round(retry_after / 60))
        super().__init__(
            "Vous avez envoyé beaucoup de signalements en peu de temps : réessayez dans "
            f"{minutes} minute{'s' if minutes > 1 else ''}. Merci de votre aide.")


@transaction.atomic
def report_error(*, project: Project, message: str, reporter_name: str = "",
                 reporter_email: str = "", client_key: str) -> ErrorReport:
    """Anyone reports an error on a published project; the moderation answers within
    ``REPORT_ANSWER_DAYS`` days and the collectivité is told at once. ``client_key`` (the
    account, else the client address) is limited to ``REPORT_RATE``."""
    if not project.is_public:
        raise ValidationError("Seul un projet publié peut faire l'objet d'un signalement.")
    verdict = ratelimit.hit(f"error-report:{client_key}", REPORT_RATE)
    if not verdict.allowed:
        raise TooManyReports(verdict.retry_after)
    report = ErrorReport.objects.create(
        project=project, message=message.strip(), reporter_name=reporter_name.strip(),
        reporter_email=reporter_email.strip().lower(),
        due_on=timezone.localdate() + dt.timedelta(days=REPORT_ANSWER_DAYS))
    notifications.error_reported(report)
    return report


@transaction.atomic
def answer_report(*, report: ErrorReport, moderator, outcome: str, answer: str) -> ErrorReport:
    report = ErrorReport.objects.select_for_update().select_related("project__owner").get(
        pk=report.pk)
    if not permissions.can_moderate_project(moderator, report.project):
        raise PermissionDenied("Seule l'équipe de modération répond aux signalements.")
    if report.status != ReportStatus.OPEN:
        raise ValidationError("Ce signalement a déjà reçu une réponse.")
    if not answer.strip():
        raise ValidationError({"answer": ["Écrivez la réponse envoyée à la personne qui a "
                                          "signalé l'erreur et à la collectivité."]})
    report.status = ReportStatus.ANSWERED
    report.outcome = outcome
    report.answer = answer.strip()
    report.handled_by = moderator
    report.handled_at = timezone.now()
    report.save()
    notifications.report_answered(report)
    return report
