"""Reads of the import assistant."""

from __future__ import annotations

import uuid
from itertools import groupby

from django.db.models import Count, Q
from django.utils import timezone

from recensia.accounts import permissions
from recensia.imports.mapping import Mapping
from recensia.imports.models import BodyRequest, ImportedRow, ImportJob, JobState
from recensia.imports.reading import Sheet, read_sheet
from recensia.projects import fields as F
from recensia.projects.models import Project, WorkflowState
from recensia.territories.models import Organization


def organizations_for(user):
    """The collectivités a person imports for (the owner column may name others)."""
    ids = permissions.active_organization_ids(user)
    return Organization.objects.filter(pk__in=ids).order_by("name")


def imported_projects(job: ImportJob, state: str | None = None):
    ids = job.rows.filter(outcome=ImportedRow.Outcome.WRITTEN,
                          project__isnull=False).values("project_id")
    projects = Project.objects.filter(pk__in=ids).select_related("owner").order_by("title",
                                                                                  "pk")
    return projects.filter(state=state) if state else projects


def time_left(job: ImportJob) -> float | None:
    """Seconds still needed, from the pace so far (None before any row is done)."""
    if not job.started_at or job.state != JobState.RUNNING:
        return None
    total = 2 * job.row_count
    done = job.rows_checked + job.rows_written + job.rows_failed + job.rows_waiting
    if done <= 0:
        return None
    elapsed = (timezone.now() - job.started_at).total_seconds()
    return max(0.0, elapsed / done * (total - done))




def job_for(user, token) -> ImportJob | None:
    """The person's own import (a moderator may open any)."""
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return None
    jobs = ImportJob.objects.select_related("organization")
    if not permissions.is_moderator(user):
        jobs = jobs.filter(user=user)
    return jobs.filter(token=token).first()


def job_sheet(job: ImportJob) -> Sheet:
    return read_sheet(job.file_name, bytes(job.content))


def job_mapping(job: ImportJob) -> Mapping:
    return Mapping.from_data(job.mapping)


def recent_jobs(user, limit: int = 10):
    return ImportJob.objects.filter(user=user).select_related("organization")[:limit]


def grouped(rows):
    """The value questions by field, in order: (field title, rows)."""
    return [(title, list(items)) for title, items in
            groupby(rows, key=lambda row: row[0].field_title)]


def problems_by_line(job: ImportJob) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for problem in job.problems:
        found.setdefault(problem["line"], []).append(f"{problem['field']} : "
                                                     f"{problem['message']}")
    return found


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 60:
        return "moins d'une minute"
    minutes = round(seconds / 60)
    return f"environ {minutes} minute{'s' if minutes > 1 else ''}"


def progress_context(job: ImportJob) -> dict:
    waiting = job.rows.filter(outcome=ImportedRow.Outcome.WAITING).select_related(
        "body_request").order_by("line")
    drafts = imported_projects(job, WorkflowState.DRAFT).count()
    total = job.row_count or 1
    return {
        "running": job.is_running,
        "percent_checked": min(100, round(100 * job.rows_checked / total)),
        "percent_written": min(100, round(100 * (job.rows_written + job.rows_failed +
                                                 job.rows_waiting) / total)),
        "time_left": _duration(time_left(job)),
        "waiting": waiting,
        "problems": job.problems,
        "drafts": drafts,
        "field_titles": {f.name: f.title for f in F.FIELDS},
    }


def pending_body_requests():
    return BodyRequest.objects.filter(state=BodyRequest.State.PENDING).select_related(
        "requested_by", "job", "job__organization").annotate(
        waiting=Count("rows", filter=Q(rows__outcome=ImportedRow.Outcome.WAITING)))


def imports_to_review():
    """Imports that have projects waiting for moderation, with how many."""
    return ImportJob.objects.filter(
        rows__project__state=WorkflowState.SUBMITTED).annotate(
        submitted=Count("rows", filter=Q(rows__project__state=WorkflowState.SUBMITTED))
    ).select_related("organization", "user").order_by("-created_at", "-id").distinct()
