"""Writes of the import assistant: a file brought in, its confirmed mapping, the background
job that checks then writes its rows in short batches, the public bodies requested from the
moderators, the bulk submission of the imported drafts and the moderators' batch review.

Every row goes through the one entry path (``projects/entry.py``) and is written by the
projects services (through ``opendata.importing.save``), never by a second path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from recensia.accounts import permissions
from recensia.accounts.permissions import PermissionDenied
from recensia.imports.jobs import run_job
from recensia.imports.mapping import (
    VALUE_FIELDS,
    Mapping,
    distinct_values,
)
from recensia.imports.matching import PRESELECT, Matcher, propose_columns
from recensia.imports.models import BodyRequest, ImportedRow, ImportJob, JobState, SavedMapping
from recensia.imports.reading import read_sheet
from recensia.imports.selectors import imported_projects, job_mapping, job_sheet
from recensia.imports.tasks import run_import
from recensia.projects import fields as F
from recensia.projects import services as project_services
from recensia.projects.models import Project, WorkflowState
from recensia.projects.references import References
from recensia.territories.models import Organization, OrganizationKind

BATCH_SIZE = 50          # rows written per transaction: the write lock is held briefly
CHECK_SAVE_EVERY = 250   # rows checked between two saves of the progress
Outcome = ImportedRow.Outcome


def can_import(user) -> bool:
    return permissions.is_moderator(user) or bool(permissions.active_organization_ids(user))


def saved_mapping(organization: Organization) -> Mapping | None:
    found = SavedMapping.objects.filter(organization=organization).first()
    return Mapping.from_data(found.mapping) if found and found.mapping else None


# ---------------------------------------------------------------- the assistant's steps

def start_job(*, user, organization: Organization, file_name: str, content: bytes) -> ImportJob:
    """Reads the file (limits first: ``ReadError``) and proposes the columns' meaning."""
    if not permissions.is_moderator(user) and not permissions.is_member_of(user, organization):
        raise PermissionDenied(f"Vous n'êtes pas membre validé de {organization.name}.")
    sheet = read_sheet(file_name, content)
    saved = saved_mapping(organization)
    proposals = propose_columns(sheet.header, sheet.rows, saved)
    mapping = Mapping({p.column: p.target for p in proposals},
                      saved.values if saved else {})
    notes = [f"Ligne {line}, colonne « {column} » : la cellule contient une formule "
             f"({formula}) ; les formules ne sont pas calculées à l'import. Dans votre "
             "tableur, copiez la colonne puis « Collage spécial → valeurs »."
             for line, column, formula in sheet.formulas[:50]]
    return ImportJob.objects.create(user=user, organization=organization,
                                    file_name=file_name[:255], content=content,
                                    row_count=len(sheet.rows), mapping=mapping.as_data(),
                                    notes=notes)


@transaction.atomic
def confirm_columns(*, job: ImportJob, columns: dict[str, str], remember: bool) -> ImportJob:
    mapping = job_mapping(job)
    mapping.columns = dict(columns)
    Mapping.from_data(mapping.as_data())  # refuses an unknown target
    job.mapping = mapping.as_data()
    job.save_mapping = remember
    job.state = JobState.VALUES
    job.save(update_fields=["mapping", "save_mapping", "state"])
    return job


@dataclass
class ValueQuestion:
    """One distinct value of the file to confirm."""

    target: str
    key: str
    rows: int
    suggestion: Any
    current: dict[str, Any] | None

    @property
    def field_title(self) -> str:
        return F.BY_NAME[self.target].title


def value_questions(job: ImportJob) -> list[ValueQuestion]:
    """Every distinct value of the list columns, with its suggestion (or the choice already
    confirmed, from a saved mapping)."""
    mapping = job_mapping(job)
    sheet = job_sheet(job)
    matcher = Matcher()
    questions = []
    for target, counts in distinct_values(mapping, sheet.header, sheet.rows).items():
        for key, rows in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            questions.append(ValueQuestion(target, key, rows, matcher.suggest(target, key),
                                           mapping.values.get(target, {}).get(key)))
    order = {name: i for i, name in enumerate(VALUE_FIELDS)}
    questions.sort(key=lambda q: order[q.target])
    return questions


@transaction.atomic
def confirm_values(*, job: ImportJob, values: dict[str, dict[str, dict]], user) -> ImportJob:
    """Saves the confirmed values, creates the requested public bodies (to be validated),
    saves the mapping for the collectivité if asked, and queues the import."""
    for _target, choices in values.items():
        for key, chosen in choices.items():
            body = chosen.get("body")
            if body is not None and "request" not in body:
                request = BodyRequest.objects.create(
                    name=body["name"][:200], other_type=body.get("other_type") or "autre",
                    departement_code=(body.get("departement") or "")[:3], cell=key[:300],
                    requested_by=user, job=job)
                body["request"] = request.pk
    mapping = job_mapping(job)
    mapping.values = values
    job.mapping = mapping.as_data()
    job.state = JobState.QUEUED
    job.save(update_fields=["mapping", "state"])
    if job.save_mapping:
        SavedMapping.objects.update_or_create(
            organization=job.organization,
            defaults={"mapping": mapping.as_data(), "updated_by": user})
    # The database backend stores the task in this transaction: it exists only if the
    # mapping is saved, and no worker sees it before.
    enqueue(job)
    return job


def enqueue(job: ImportJob) -> None:
    result = run_import.enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


# ---------------------------------------------------------------- public bodies

@transaction.atomic
def decide_body_request(*, request: BodyRequest, moderator, accept: bool,
                        reason: str = "") -> BodyRequest:
    """Accept: the public body is created (with its type and département) and the waiting
    rows of every import that named it are imported again. Refuse: with a reason, the
    rows are listed to be corrected."""
    if not permissions.is_moderator(moderator):
        raise PermissionDenied("Seule l'équipe de modération valide les organismes.")
    if request.state != BodyRequest.State.PENDING:
        raise ValidationError("Cette demande a déjà été traitée.")
    if not accept and not reason.strip():
        raise ValidationError({"reason": ["Indiquez le motif du refus : il est envoyé à la "
                                          "personne qui importe."]})
    if accept:
        refs = References()
        body = refs.organization({"kind": OrganizationKind.OTHER, "name": request.name,
                                  "other_type": request.other_type,
                                  "departement": request.departement_code})
        if isinstance(body, str):
            raise ValidationError(body)
        if body.pk is None:
            refs.create_new_bodies()
        request.organization = body
    request.state = BodyRequest.State.ACCEPTED if accept else BodyRequest.State.REJECTED
    request.reason = reason.strip()
    request.decided_by = moderator
    request.decided_at = timezone.now()
    request.save()
    jobs = ImportJob.objects.filter(rows__body_request=request).distinct()
    for job in jobs:
        ImportJob.objects.filter(pk=job.pk).update(state=JobState.QUEUED)
        enqueue(job)
    return request


# ---------------------------------------------------------------- after the import

@dataclass
class BatchResult:
    done: list[Project] = field(default_factory=list)
    refused: list[tuple[Project, str]] = field(default_factory=list)


def submit_drafts(*, job: ImportJob, user) -> BatchResult:
    """Submits every draft of the import the person may submit; each refusal says why."""
    result = BatchResult()
    for project in imported_projects(job, WorkflowState.DRAFT):
        try:
            result.done.append(project_services.submit_project(project=project, author=user))
        except (ValidationError, PermissionDenied) as exc:
            result.refused.append((project, " ".join(getattr(exc, "messages", [str(exc)]))))
    return result


def publish_submitted(*, job: ImportJob, moderator, project_ids: list[int] | None = None
                      ) -> BatchResult:
    """Publishes the submitted projects of an import (all, or those chosen)."""
    if not permissions.is_moderator(moderator):
        raise PermissionDenied("Seule l'équipe de modération peut publier des projets.")
    result = BatchResult()
    projects = imported_projects(job, WorkflowState.SUBMITTED)
    if project_ids is not None:
        projects = projects.filter(pk__in=project_ids)
    for project in projects:
        try:
            result.done.append(project_services.publish_project(project=project,
                                                                moderator=moderator))
        except (ValidationError, PermissionDenied) as exc:
            result.refused.append((project, " ".join(getattr(exc, "messages", [str(exc)]))))
    return result


# ---------------------------------------------------------------- replayed mappings

class _DryRun(Exception):
    pass


def import_with_mapping(*, file_name: str, content: bytes, mapping: Mapping,
                        organization: Organization | None = None, dry_run: bool = False,
                        progress=None, complements: dict[str, dict] | None = None
                        ) -> ImportJob:
    """Imports a file with a saved mapping, as an administrator (``import_mapped``): public
    bodies of the mapping are created directly, projects are published. Replaying the same
    file and mapping changes nothing (rows are matched on their identifier, and the same
    import record is reused). With ``dry_run`` every row is checked and nothing is kept.
    ``complements``: values written by the platform's moderation for some rows (by source
    id), over what the file says."""
    read_sheet(file_name, content)  # limits and readability first
    try:
        with transaction.atomic():
            job = ImportJob.objects.filter(user=None, organization=organization,
                                           file_name=file_name[:255]).first()
            if job is None:
                job = ImportJob(user=None, organization=organization,
                                file_name=file_name[:255])
            job.content, job.mapping = content, mapping.as_data()
            job.row_count = len(read_sheet(file_name, content).rows)
            job.problems, job.state = [], JobState.QUEUED
            job.save()
            # Every row is checked again: a corrected mapping or file updates the projects
            # it names; an unchanged row writes nothing (no new version).
            job.rows.all().delete()
            job = run_job(job.pk, progress=progress, complements=complements)
            if dry_run:
                raise _DryRun
    except _DryRun:
        return job
    return job


def propose_mapping(*, file_name: str, content: bytes, base: Mapping | None = None) -> Mapping:
    """The assistant's proposals for a file, as a mapping to review and keep as data: what
    ``base`` already says is kept; each new value carries its ``confidence`` and
    ``explanation`` (values below the preselection threshold are left out, to be chosen)."""
    sheet = read_sheet(file_name, content)
    base = base or Mapping()
    proposals = propose_columns(sheet.header, sheet.rows, base if base.columns else None)
    mapping = Mapping({p.column: p.target for p in proposals},
                      {k: dict(v) for k, v in base.values.items()})
    matcher = Matcher()
    for target, counts in distinct_values(mapping, sheet.header, sheet.rows).items():
        known = mapping.values.setdefault(target, {})
        for key in counts:
            if key in known:
                continue
            found = matcher.suggest(target, key)
            if found.value is None and found.body is None:
                continue
            chosen: dict = {"body": found.body} if found.value is None else \
                {"value": found.value}
            if found.start_year:
                chosen["start_year"] = found.start_year
            if found.partners:
                chosen["partners"] = found.partners
            if found.value is not None and found.confidence < PRESELECT:
                continue
            known[key] = {**chosen, "confidence": found.confidence,
                          "explanation": found.explanation}
    return mapping
