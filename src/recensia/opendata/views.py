"""Open-data pages and files. Thin: selectors and writers do the work."""

from __future__ import annotations

import json
import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render

from recensia.accounts import permissions
from recensia.accounts.permissions import PermissionDenied
from recensia.core.forms import error_summary
from recensia.opendata import dcat, exports, selectors, services, solution_tables
from recensia.opendata.forms import UploadForm
from recensia.opendata.table import schema, schema_bytes
from recensia.opendata.tabular import REQUIRED_COLUMNS, TableError, import_table, read_table
from recensia.search import selectors as search_selectors
from recensia.search.request import SearchRequest

XLSX_IN_MEMORY = 8 * 1024 * 1024


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _open(response: HttpResponse, filename: str | None = None) -> HttpResponse:
    """Open data: readable from any web page; downloads get their file name."""
    response["Access-Control-Allow-Origin"] = "*"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _projects(request: HttpRequest) -> tuple[list[int], object]:
    ids = search_selectors.matching_ids(SearchRequest.from_params(request.GET))
    return ids, selectors.projects_in_order(ids)


def export_csv(request: HttpRequest) -> HttpResponse:
    name, content_type = exports.FILES["csv"]
    if not request.GET:  # the whole register: the file of its current version
        path = exports.cached_full_csv(_site_url(request))
        return _open(StreamingHttpResponse(exports.file_chunks(path),
                                           content_type=content_type), name)
    _ids, projects = _projects(request)
    return _open(StreamingHttpResponse(exports.csv_lines(projects, _site_url(request)),
                                       content_type=content_type), name)


def export_json(request: HttpRequest) -> HttpResponse:
    ids, projects = _projects(request)
    name, content_type = exports.FILES["json"]
    return _open(StreamingHttpResponse(exports.json_chunks(projects, len(ids)),
                                       content_type=content_type), name)


def export_xlsx(request: HttpRequest) -> HttpResponse:
    _ids, projects = _projects(request)
    name, content_type = exports.FILES["xlsx"]
    # Closed by FileResponse once sent.
    target = tempfile.SpooledTemporaryFile(max_size=XLSX_IN_MEMORY)  # noqa: SIM115
    exports.write_xlsx(projects, target, _site_url(request))
    target.seek(0)
    return _open(FileResponse(target, content_type=content_type, as_attachment=True,
                              filename=name))


def table_template(request: HttpRequest) -> HttpResponse:
    """An empty table (header only) to fill in for an import."""
    target = tempfile.SpooledTemporaryFile(max_size=XLSX_IN_MEMORY)  # noqa: SIM115
    exports.write_xlsx([], target)
    target.seek(0)
    return FileResponse(target, content_type=exports.FILES["xlsx"][1], as_attachment=True,
                        filename="modele-projets.xlsx")


def table_schema(request: HttpRequest) -> HttpResponse:
    return _open(HttpResponse(schema_bytes(), content_type="application/json"))


def dcat_description(request: HttpRequest) -> HttpResponse:
    site = _site_url(request)
    document = dcat.dataset(site_url=site, download_urls={
        kind: site + path for kind, path in dcat.site_paths().items()})
    return _open(HttpResponse(json.dumps(document, ensure_ascii=False, indent=2),
                              content_type="application/ld+json"))


def index(request: HttpRequest) -> HttpResponse:
    dates = selectors.dataset_dates()
    return render(request, "opendata/index.html", {
        "title": "Données ouvertes",
        "count": selectors.published_count(),
        "modified": dates["modified"],
        "fields": schema()["fields"],
        "schema_version": schema()["version"],
        "can_import": services.can_import_tables(request.user),
    })


# ---------------------------------------------------------------- import


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not services.can_import_tables(user):
        raise PermissionDenied("L'import de tableaux est réservé aux membres validés d'une "
                                   "collectivité et à l'équipe de modération.")
    form = UploadForm()
    report = None
    pending = None
    if request.method == "POST" and request.POST.get("token"):
        pending = services.pending_for(user, request.POST["token"])
        if pending is None:
            messages.error(request, "Ce fichier n'est plus disponible (il a été importé ou "
                                    "déposé il y a plus d'un jour) : déposez-le de nouveau.")
            return redirect("opendata:import")
        if "cancel" in request.POST:
            services.discard(pending)
            messages.info(request, "Import annulé : rien n'a été enregistré.")
            return redirect("opendata:import")
        report = services.import_pending(user=user, pending=pending, dry_run=False)
        if report.ok:
            messages.success(request, f"Import terminé : {report.summary()}")
            return redirect("opendata:import")
    elif request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            try:
                table = read_table(upload.name, content)
            except TableError as exc:
                form.add_error("file", f"Le fichier ne peut pas être lu : {exc}")
            else:
                report = import_table(table, user=user, dry_run=True)
                if report.ok:
                    pending = services.store_upload(user=user, file_name=upload.name,
                                                    content=content)
    return render(request, "opendata/import.html", {
        "title": "Importer un tableau de projets",
        "form": form,
        "errors": error_summary(form),
        "report": report,
        "pending": pending if report is not None and report.ok else None,
        "is_moderator": permissions.is_moderator(user),
        "required_columns": REQUIRED_COLUMNS,
    })


def export_grids(request: HttpRequest) -> HttpResponse:
    return _open(HttpResponse(exports.grids_json(), content_type="application/json"),
                 exports.GRIDS_FILE)


def export_solutions(request: HttpRequest) -> HttpResponse:
    return _open(HttpResponse(solution_tables.solutions_json(),
                              content_type="application/json"), "solutions.json")


def export_solution_table(request: HttpRequest, file: str) -> HttpResponse:
    """solutions.csv, usages-solutions.csv, mutualisations.csv and their Table Schemas."""
    for table in solution_tables.TABLES.values():
        if file == table.file:
            return _open(StreamingHttpResponse(solution_tables.csv_lines(file),
                                               content_type="text/csv; charset=utf-8"), file)
        if file == table.schema_file:
            return _open(HttpResponse(solution_tables.schema_bytes(table.file),
                                      content_type="application/json"))
    raise Http404("Fichier introuvable")
