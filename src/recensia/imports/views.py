"""Pages of the import assistant. Thin: forms validate, services write, selectors read."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from recensia.accounts import permissions
from recensia.accounts.permissions import PermissionDenied
from recensia.core.forms import add_errors, error_summary
from recensia.imports import selectors, services
from recensia.imports.forms import ColumnsForm, StartForm, ValuesForm
from recensia.imports.matching import confidence_label, propose_columns, target_label
from recensia.imports.models import BodyRequest, ImportJob, JobState
from recensia.imports.reading import ReadError
from recensia.imports.template import write_template
from recensia.opendata.table import cell_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DENIED = ("L'assistant d'import est réservé aux membres validés d'une collectivité et à "
          "l'équipe de modération.")


def _job(request: HttpRequest, token) -> ImportJob:
    job = selectors.job_for(request.user, token)
    if job is None:
        raise Http404("Cet import n'existe pas ou ne vous appartient pas.")
    return job


@login_required
def start(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not services.can_import(user):
        raise PermissionDenied(DENIED)
    organizations = selectors.organizations_for(user)
    form = StartForm(request.POST or None, request.FILES or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.start_job(user=user, organization=form.cleaned_data["organization"],
                                     file_name=upload.name, content=upload.read())
        except ReadError as exc:
            form.add_error("file", f"Le fichier ne peut pas être importé : {exc}")
        else:
            return redirect("imports:columns", token=job.token)
    return render(request, "imports/start.html", {
        "title": "Assistant d'import de votre inventaire",
        "form": form, "errors": error_summary(form),
        "jobs": selectors.recent_jobs(user),
        "is_moderator": permissions.is_moderator(user),
    })


@login_required
def columns(request: HttpRequest, token) -> HttpResponse:
    job = _job(request, token)
    if job.is_running or job.state == JobState.DONE:
        return redirect("imports:progress", token=job.token)
    sheet = selectors.job_sheet(job)
    proposals = propose_columns(sheet.header, sheet.rows,
                                services.saved_mapping(job.organization))
    if job.state != JobState.COLUMNS:  # back from step 2: what the person confirmed
        confirmed = selectors.job_mapping(job).columns
        for proposal in proposals:
            proposal.target = confirmed.get(proposal.column, proposal.target)
    form = ColumnsForm(request.POST or None, proposals=proposals,
                       initial={"remember": job.save_mapping or request.method == "GET"})
    if request.method == "POST" and form.is_valid():
        services.confirm_columns(job=job, columns=form.columns(),
                                 remember=form.cleaned_data["remember"])
        return redirect("imports:values", token=job.token)
    return render(request, "imports/columns.html", {
        "title": "Étape 1 sur 2 : le sens de chaque colonne",
        "job": job, "form": form, "errors": error_summary(form),
        "rows": [(p, field, confidence_label(p.confidence), target_label(p.target))
                 for p, field in form.rows()],
    })


@login_required
def values(request: HttpRequest, token) -> HttpResponse:
    job = _job(request, token)
    if job.is_running or job.state == JobState.DONE:
        return redirect("imports:progress", token=job.token)
    if job.state == JobState.COLUMNS:
        return redirect("imports:columns", token=job.token)
    questions = services.value_questions(job)
    form = ValuesForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_values(job=job, values=form.mapping_values, user=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Import lancé : vous pouvez quitter cette page, il "
                                      "continue sans vous.")
            return redirect("imports:progress", token=job.token)
    mapping = selectors.job_mapping(job)
    return render(request, "imports/values.html", {
        "title": "Étape 2 sur 2 : le sens de chaque valeur",
        "job": job, "form": form, "errors": error_summary(form),
        "groups": selectors.grouped(form.rows()),
        "kept": [(c, target_label(t)) for c, t in mapping.columns.items() if t.startswith(("+",
                                                                                          "-"))],
    })


@login_required
def progress(request: HttpRequest, token) -> HttpResponse:
    job = _job(request, token)
    if job.state in (JobState.COLUMNS, JobState.VALUES):
        return redirect("imports:columns" if job.state == JobState.COLUMNS else
                        "imports:values", token=job.token)
    return render(request, "imports/progress.html", {
        "title": f"Import de « {job.file_name} »", "job": job,
        **selectors.progress_context(job),
    })


@login_required
def submit_all(request: HttpRequest, token) -> HttpResponse:
    job = _job(request, token)
    if request.method != "POST":
        return redirect("imports:progress", token=job.token)
    result = services.submit_drafts(job=job, user=request.user)
    if result.done:
        messages.success(request, f"{len(result.done)} projet(s) soumis à la modération.")
    for project, reason in result.refused:
        messages.warning(request, f"« {project.title} » n'a pas été soumis : {reason}")
    return redirect("imports:progress", token=job.token)


@login_required
def rows_to_fix(request: HttpRequest, token) -> HttpResponse:
    """The rows to correct, as typed, with the problem of each: to fix in a spreadsheet and
    bring in again (UTF-8 with BOM, read by Excel)."""
    job = _job(request, token)
    sheet = selectors.job_sheet(job)
    by_line = selectors.problems_by_line(job)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*sheet.header, "Problèmes à corriger"])
    for line, row in zip(sheet.lines, sheet.rows, strict=True):
        if line in by_line:
            # Cells a spreadsheet would run as formulas are neutralised, as in the exports.
            writer.writerow([cell_text(cell) for cell in
                             (*row, *[""] * (len(sheet.header) - len(row)))]
                            + [" ; ".join(by_line[line])])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="lignes-a-corriger.csv"'
    return response


def template(request: HttpRequest) -> HttpResponse:
    """The spreadsheet to fill in, with drop-down lists and a sheet that explains them."""
    target = io.BytesIO()
    write_template(target)
    response = HttpResponse(target.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="modele-inventaire.xlsx"'
    return response


# ---------------------------------------------------------------- moderation

def _moderator(request: HttpRequest) -> None:
    if not permissions.is_moderator(request.user):
        raise PermissionDenied("Cette page est réservée à l'équipe de modération.")


@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    _moderator(request)
    return render(request, "imports/moderation.html", {
        "title": "Imports à relire",
        "requests": selectors.pending_body_requests(),
        "batches": selectors.imports_to_review(),
    })


@login_required
def decide_body(request: HttpRequest, pk: int) -> HttpResponse:
    _moderator(request)
    body_request = get_object_or_404(BodyRequest, pk=pk)
    if request.method == "POST":
        accept = "accept" in request.POST
        try:
            services.decide_body_request(request=body_request, moderator=request.user,
                                         accept=accept, reason=request.POST.get("reason", ""))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"« {body_request.name} » créé : les lignes qui "
                                      "l'attendaient sont importées." if accept else
                             f"Demande « {body_request.name} » refusée.")
    return redirect("imports:moderation")


@login_required
def review(request: HttpRequest, token) -> HttpResponse:
    _moderator(request)
    job = get_object_or_404(ImportJob, token=token)
    if request.method == "POST":
        chosen = None if "all" in request.POST else \
            [int(pk) for pk in request.POST.getlist("project") if pk.isdigit()]
        result = services.publish_submitted(job=job, moderator=request.user,
                                            project_ids=chosen)
        messages.success(request, f"{len(result.done)} projet(s) publié(s).")
        for project, reason in result.refused:
            messages.warning(request, f"« {project.title} » : {reason}")
        return redirect("imports:review", token=job.token)
    return render(request, "imports/review.html", {
        "title": f"Relire l'import « {job.file_name} »", "job": job,
        "projects": services.imported_projects(job, "submitted"),
    })
