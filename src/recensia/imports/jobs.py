"""The background job of an import: every row checked, then the good ones written by the
projects services in short batches (one transaction each, so the database's write lock is
never held long), with the counts saved as it goes so that the progress page survives a
reload. Rows that wait for a public body or need a correction are recorded, never dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from rapidfuzz import fuzz, process

from recensia.accounts import permissions
from recensia.imports.convert import convert_row
from recensia.imports.mapping import Mapping, allowed_values, row_cells, row_source_id
from recensia.imports.models import BodyRequest, ImportedRow, ImportJob, JobState
from recensia.imports.reading import Sheet
from recensia.imports.selectors import job_mapping, job_sheet
from recensia.opendata.importing import (
    ImportReport,
    Pending,
    existing_projects,
    save,
    source_id_problem,
)
from recensia.projects import entry
from recensia.projects import fields as F
from recensia.projects.models import Project, WorkflowState
from recensia.projects.references import References
from recensia.territories.models import Organization, OrganizationKind

BATCH_SIZE = 50          # rows written per transaction: the write lock is held briefly
CHECK_SAVE_EVERY = 250   # rows checked between two saves of the progress
Outcome = ImportedRow.Outcome


def _closest(text: str, options: list[str]) -> str:
    best = process.extractOne(text, options, scorer=fuzz.WRatio) if text and options else None
    return best[0] if best and best[1] >= 50 else ""


@dataclass
class _Runner:
    job: ImportJob
    progress: Callable[[ImportJob], None] | None = None
    # Editorial complements (source id → values over the row's): what the platform's
    # moderation wrote from the row's sources, for a file kept as data (the demonstration).
    complements: dict[str, dict[str, Any]] = field(default_factory=dict)
    sheet: Sheet = field(init=False)
    mapping: Mapping = field(init=False)
    pending: list[Pending] = field(default_factory=list)
    position: int = 0

    def __post_init__(self) -> None:
        job = self.job
        self.sheet = job_sheet(job)
        self.mapping = job_mapping(job)
        self.refs = References()
        user = job.user
        # No user: a command an administrator runs, for any collectivité.
        self.moderator = user is None or permissions.is_moderator(user)
        self.allowed = permissions.active_organization_ids(user) if user else set()
        self.state = WorkflowState.PUBLISHED if self.moderator else WorkflowState.DRAFT
        self.done = set(job.rows.filter(outcome=Outcome.WRITTEN).values_list("line", flat=True))
        self.requests = {r.pk: r for r in job.body_requests.select_related("organization")}
        self.requests.update({r.pk: r for r in BodyRequest.objects.filter(
            pk__in=self._request_ids()).select_related("organization")})

    def _request_ids(self) -> list[int]:
        ids = []
        for choices in self.mapping.values.values():
            for chosen in choices.values():
                body = chosen.get("body") if isinstance(chosen, dict) else None
                if body and body.get("request"):
                    ids.append(int(body["request"]))
        return ids

    # ------------------------------------------------------------ bodies
    def resolve_body(self, body: dict) -> Any:
        request_id = body.get("request")
        if request_id is None:  # a mapping replayed by an administrator: created directly
            return {"kind": OrganizationKind.OTHER, "name": body["name"],
                    "other_type": body.get("other_type") or "autre",
                    "departement": body.get("departement") or ""}
        request = self.requests.get(int(request_id))
        if request is not None and request.state == BodyRequest.State.ACCEPTED:
            return request.organization.url_code
        return None

    # ------------------------------------------------------------ problems
    def _problem(self, line: int, name: str, message: str, cell: str) -> dict:
        columns = self.mapping.columns_for(name) or ([] if name == "source_id" else [name])
        allowed = allowed_values(name)
        return {"line": line, "field": F.BY_NAME[name].title if name in F.BY_NAME else name,
                "columns": columns, "cell": cell, "message": message,
                "allowed": allowed, "closest": _closest(cell, allowed)}

    def _record(self, line: int, sid: str, outcome: str, *, project_id: int | None = None,
                request_id: int | None = None) -> None:
        ImportedRow.objects.update_or_create(job=self.job, line=line, defaults={
            "source_id": sid, "outcome": outcome, "project_id": project_id,
            "body_request_id": request_id})

    # ------------------------------------------------------------ check, then write
    def check(self) -> None:
        job, header = self.job, self.sheet.header
        prefix = job.organization.url_code if job.organization else "import"
        cells_of = [row_cells(header, row) for row in self.sheet.rows]
        sids = [row_source_id(self.mapping, cells, prefix, index)
                for index, cells in enumerate(cells_of)]
        existing = existing_projects(sids)
        seen: set[str] = set()
        problems = [p for p in job.problems if p["line"] in self.done]
        checked = 0
        for line, cells, sid in zip(self.sheet.lines, cells_of, sids, strict=True):
            checked += 1
            if line in self.done:
                seen.add(sid)
                continue
            converted = convert_row(self.mapping, cells,
                                    default_owner=job.organization.url_code
                                    if job.organization else "",
                                    resolve_body=self.resolve_body)
            converted.values.update(self.complements.get(sid, {}))
            found = []
            if message := source_id_problem(sid, seen):
                found.append(self._problem(line, "source_id", message, sid))
            seen.add(sid)
            if converted.waiting_for is not None:
                request_id = converted.waiting_for.get("request")
                request = self.requests.get(int(request_id)) if request_id else None
                if request is not None and request.state == BodyRequest.State.REJECTED:
                    found.append(self._problem(
                        line, "owner", "l'organisme demandé a été refusé par la modération"
                        + (f" ({request.reason})" if request.reason else "") +
                        " : choisissez une autre collectivité porteuse.",
                        converted.cells.get("owner", "")))
                else:
                    self._record(line, sid, Outcome.WAITING, request_id=request_id)
                    continue
            project = existing.get(sid)
            result = entry.read(converted.values, base=project, refs=self.refs, row=line)
            for p in result.problems:
                found.append(self._problem(line, p.field, p.text,
                                           converted.cells.get(p.field, "")))
            owner = result.data.owner
            by_body = bool(converted.cells.get("owner")) and owner is not None and \
                owner.pk is None
            if not found and not self.moderator and not by_body:
                target = project.owner if project is not None else owner
                if target is not None and target.pk not in self.allowed and \
                        not self._accepted_body(target):
                    found.append(self._problem(
                        line, "owner", f"vous n'êtes pas membre validé de {target.name} : "
                                       "vous ne pouvez pas importer de projet en son nom.",
                        converted.cells.get("owner", "")))
            if found:
                problems += found
                self._record(line, sid, Outcome.TO_FIX)
            else:
                self.pending.append(Pending(line, sid, result.data, project))
            if checked % CHECK_SAVE_EVERY == 0:
                self._save_progress(rows_checked=checked)
        job.problems = problems
        self._save_progress(rows_checked=checked)

    def _accepted_body(self, org: Organization) -> bool:
        return any(r.organization_id == org.pk and r.state == BodyRequest.State.ACCEPTED
                   for r in self.requests.values())

    def write_next(self, batch_size: int = BATCH_SIZE) -> bool:
        """Writes the next batch in one short transaction; False when all are written."""
        batch = self.pending[self.position:self.position + batch_size]
        if not batch:
            return False
        self.position += len(batch)
        report = ImportReport()
        failed: dict[int, list[str]] = {}

        def on_problem(item: Pending, name: str, message: str) -> None:
            failed.setdefault(item.position, []).append(message)
            self.job.problems.append(self._problem(item.position, name if name in F.BY_NAME
                                                   else "title", message, ""))

        with transaction.atomic():
            moderated = [p for p in batch if p.data.owner is not None and
                         (p.data.owner.pk is None or self._accepted_body(p.data.owner))]
            plain = [p for p in batch if p not in moderated]
            save(plain, report, author=self.job.user, state=self.state, refs=self.refs,
                 on_problem=on_problem)
            # Rows of a public body a moderator validated go to the moderation queue.
            save(moderated, report, author=self.job.user,
                 state=self.state if self.moderator else WorkflowState.SUBMITTED,
                 refs=self.refs, on_problem=on_problem)
            ids = dict(Project.objects.filter(source_id__in=[p.source_id for p in batch])
                       .values_list("source_id", "id"))
            for item in batch:
                if item.position in failed:
                    self._record(item.position, item.source_id, Outcome.TO_FIX)
                else:
                    self._record(item.position, item.source_id, Outcome.WRITTEN,
                                 project_id=ids.get(item.source_id))
            self._save_progress()
        return True

    def _save_progress(self, **counts: int) -> None:
        job = self.job
        for name, value in counts.items():
            setattr(job, name, value)
        rows = _outcome_counts(job)
        job.rows_written = rows.get(Outcome.WRITTEN, 0)
        job.rows_waiting = rows.get(Outcome.WAITING, 0)
        job.rows_failed = rows.get(Outcome.TO_FIX, 0)
        job.save(update_fields=["rows_checked", "rows_written", "rows_waiting", "rows_failed",
                                "problems"])
        if self.progress:
            self.progress(job)


def _outcome_counts(job: ImportJob) -> dict[str, int]:
    return dict(job.rows.order_by().values_list("outcome").annotate(n=Count("id")))


def runner(job: ImportJob, progress: Callable[[ImportJob], None] | None = None,
           complements: dict[str, dict[str, Any]] | None = None) -> _Runner:
    return _Runner(job, progress, complements or {})


def begin(job: ImportJob) -> None:
    job.state = JobState.RUNNING
    job.started_at = timezone.now()
    job.finished_at = None
    job.save(update_fields=["state", "started_at", "finished_at"])


def finish(job: ImportJob, state: str = JobState.DONE) -> None:
    ImportJob.objects.filter(pk=job.pk).update(state=state, finished_at=timezone.now())
    job.refresh_from_db()


def run_job(job_id: int, *, progress: Callable[[ImportJob], None] | None = None,
            complements: dict[str, dict[str, Any]] | None = None) -> ImportJob:
    """Checks every row, then writes the good ones in short batches; rows that wait for a
    public body or need a correction are recorded, never dropped."""
    job = ImportJob.objects.get(pk=job_id)
    begin(job)
    try:
        work = runner(job, progress, complements)
        work.check()
        while work.write_next():
            pass
    except Exception:
        finish(job, JobState.FAILED)
        raise
    finish(job)
    return job
