"""Pages that show several apps at once. Thin: check permission, read, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from recensia.accounts import permissions
from recensia.accounts import selectors as account_selectors
from recensia.accounts.permissions import PermissionDenied
from recensia.core.forms import error_summary, submit
from recensia.evaluations import selectors as evaluation_selectors
from recensia.projects import selectors as project_selectors
from recensia.search import selectors as search_selectors
from recensia.territories import selectors as territory_selectors
from recensia.territories import services as territory_services
from recensia.territories.forms import OtherBodyForm, ServiceContactForm
from recensia.www import dashboard as dashboard_selectors
from recensia.www import geo, inventory, tables


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "www/home.html", {
        "figures": project_selectors.home_figures(),
        "latest": search_selectors.latest_published(),
        "title": "Accueil",
    })


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """« Mon compte »: memberships, the collectivités' projects, projects nearby, API keys."""
    memberships = account_selectors.memberships_of(request.user)
    active = [m for m in memberships if m.status == "active"]
    org_ids = [m.organization_id for m in active]
    waiting_ids = [m.organization_id for m in memberships if m.status == "pending"]
    return render(request, "www/me.html", {
        "tokens": account_selectors.api_tokens_of(org_ids), "active_memberships": active,
        "nearby": search_selectors.nearby_projects(active[0].organization) if active else [],
        "nearby_org": active[0].organization if active else None,
        "memberships": memberships,
        # Drafts prepared while a request to join waits are listed too (their own only).
        "projects": project_selectors.projects_of_organizations(
            org_ids, author=request.user, author_organization_ids=waiting_ids),
        "pending": account_selectors.pending_memberships(request.user),
        "title": "Mon compte",
    })


def _organization(code: str):
    org = territory_selectors.get_organization_by_code(code)
    if org is None:
        raise Http404("Collectivité introuvable")
    return org


def organization_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A collectivité's page, its public inventory of algorithms."""
    org = _organization(code)
    if code != org.url_code:
        return redirect(org, permanent=True)
    projects = project_selectors.organization_projects(org, request.user)
    is_member = permissions.is_member_of(request.user, org)
    shown = [p.pk for p in projects["owned"] + projects["partner"]]
    can_set_contact = permissions.can_set_service_contact(request.user, org)
    return render(request, "www/organization.html", {
        "org": org, "owned": projects["owned"], "partner": projects["partner"],
        "groupings": inventory.grouping_projects(org, request.user, shown),
        "inventory": inventory.inventory(org), "guide_url": inventory.GUIDE_URL,
        "crpa_url": inventory.CRPA_URL,
        "comparison": inventory.comparison(org),
        "is_member": is_member,
        "members": account_selectors.members_of(org)
        if is_member or permissions.is_moderator(request.user) else [],
        "footprint_total": evaluation_selectors.organization_footprint_total(org),
        "own_membership": account_selectors.open_membership(request.user, org),
        "can_invite": permissions.can_invite_to(request.user, org),
        "can_set_contact": can_set_contact,
        "title": org.name,
    })


@login_required
def organization_contact(request: HttpRequest, code: str) -> HttpResponse:
    """Its référents set the service a citizen writes to about its algorithms."""
    org = _organization(code)
    if not permissions.can_set_service_contact(request.user, org):
        raise PermissionDenied("Seuls les référents de la collectivité peuvent indiquer son "
                               "contact de service.")
    form = ServiceContactForm(request.POST or None, initial={
        "label": org.service_contact_label, "email": org.service_contact_email})
    if request.method == "POST" and submit(form, lambda data: territory_services
                                           .set_service_contact(organization=org,
                                                                author=request.user, **data)):
        messages.success(request, "Le contact de service est enregistré.")
        return redirect(f"{org.get_absolute_url()}#contact")
    return render(request, "www/organization_contact.html", {
        "org": org, "form": form, "errors": error_summary(form),
        "title": f"Contact de service — {org.name}"})


INVENTORY_TYPES = ("csv", "xlsx", "pdf")


def organization_inventory(request: HttpRequest, code: str, file_type: str) -> HttpResponse:
    """The inventory of algorithms as a file (CSV, XLSX, PDF) or a printable page."""
    org = _organization(code)
    name = f"inventaire-algorithmes-{org.url_code}"
    if file_type == "imprimer":
        return render(request, "www/organization_inventory.html", {
            "org": org, "inventory": inventory.inventory(org), "guide_url": inventory.GUIDE_URL,
            "crpa_url": inventory.CRPA_URL, "columns": [c[0] for c in inventory.COLUMNS],
            "title": f"Inventaire des algorithmes — {org.name}"})
    if file_type not in INVENTORY_TYPES:
        raise Http404("Format inconnu")
    rows = inventory.inventory_rows(org, request.build_absolute_uri("/").rstrip("/"))
    if file_type == "csv":
        return tables.csv_response(rows, f"{name}.csv")
    if file_type == "xlsx":
        return tables.xlsx_response(rows, f"{name}.xlsx", "Inventaire")
    response = HttpResponse(inventory.inventory_pdf(org, rows), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


PUBLIC_PAGE_SECONDS = 300


def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Visitors get a copy kept per version of the project and state of the register (the
    # « similar projects » block depends on the others); members always get a fresh page.
    key = None
    if not request.user.is_authenticated:
        stamp = project_selectors.public_page_stamp(slug)
        if stamp is not None:
            key = f"project-page:{slug}:{stamp}:{search_selectors.index_generation()}"
            cached = cache.get(key)
            if cached is not None:
                return HttpResponse(cached)
    project = project_selectors.project_for_page(slug)
    if project is None or not permissions.can_view_project(request.user, project):
        raise Http404("Projet introuvable")
    can_edit = permissions.can_edit_project(request.user, project)
    response = render(request, "www/project.html", {
        "project": project, "title": project.title, "can_edit": can_edit,
        "can_moderate": permissions.can_moderate_project(request.user, project),
        "waits_for_membership": permissions.submission_waits_for_membership(request.user,
                                                                            project),
        "gaps": project_selectors.submission_gaps(project) if can_edit else [],
        "partners": [p for p in project.partnerships.all() if p.is_public],
        "similar": search_selectors.similar_projects(project) if project.is_public else [],
        "evaluations": evaluation_selectors.latest_summaries(project),
    })
    if key is not None and response.status_code == 200:
        cache.set(key, response.content, PUBLIC_PAGE_SECONDS)
    return response


@login_required
def moderation_queue(request: HttpRequest) -> HttpResponse:
    if not permissions.is_moderator(request.user):
        raise PermissionDenied("Cette page est réservée à l'équipe de modération.")
    return render(request, "www/moderation.html", {
        "projects": project_selectors.moderation_queue(),
        "proposals": project_selectors.pending_proposals(),
        "reports": project_selectors.open_reports(),
        "memberships": account_selectors.pending_memberships(request.user),
        "title": "Modération",
    })


@login_required
def other_body_create(request: HttpRequest) -> HttpResponse:
    """The moderation adds a public body that is not in the official list."""
    if not permissions.can_manage_reference_lists(request.user):
        raise PermissionDenied("Seule l'équipe de modération peut ajouter un organisme.")
    form = OtherBodyForm(request.POST or None)
    if org := submit(form, lambda data: territory_services.create_other_body(**data)):
        messages.success(request, f"L'organisme « {org.name} » est ajouté.")
        return redirect(org)
    return render(request, "www/other_body_form.html", {
        "form": form, "errors": error_summary(form), "title": "Ajouter un organisme public"})


# ----------------------------------------------------------------- legal pages

def _legal(request: HttpRequest, template: str, title: str) -> HttpResponse:
    return render(request, template, {
        "title": title, "publisher": settings.SITE_PUBLISHER,
        "director": settings.SITE_PUBLICATION_DIRECTOR, "host": settings.SITE_HOST})


def legal_notice(request: HttpRequest) -> HttpResponse:
    return _legal(request, "www/legal/legal_notice.html", "Mentions légales")


def personal_data(request: HttpRequest) -> HttpResponse:
    return _legal(request, "www/legal/personal_data.html", "Données personnelles")


def sitemap(request: HttpRequest) -> HttpResponse:
    return render(request, "www/legal/sitemap.html", {"title": "Plan du site"})


# ----------------------------------------------------------------- dashboard

def _dashboard_area(code: str | None) -> dashboard_selectors.Area:
    if code is None:
        return dashboard_selectors.Area("national")
    area = dashboard_selectors.area_for_code(code)
    if area is None:
        raise Http404("Territoire introuvable")
    return area


def dashboard(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Where collectivités stand: national, per région or per département."""
    area = _dashboard_area(code)
    filters = dashboard_selectors.Filters.from_query(request.GET)
    board = dashboard_selectors.dashboard(area, filters)
    current = area.organization.insee_code if area.level == "departement" else ""
    france = geo.build([{"code": row.key, "name": row.label, "count": row.value,
                         "label": f"{row.label} : {row.value_text}", "url": row.url}
                        for row in board.map_chart.rows], current=current)
    return render(request, "www/dashboard.html", {
        "board": board, "area": area, "filters": filters, "map": france,
        "legend": geo.legend(), "map_source": geo.source(), "map_current": current,
        "kind_choices": dashboard_selectors.KIND_FILTERS, "bands": dashboard_selectors.BANDS,
        "title": "Tableau de bord" + ("" if area.organization is None
                                      else f" — {area.organization.name}"),
    })


def dashboard_csv(request: HttpRequest, chart: str, code: str | None = None) -> HttpResponse:
    """The table of one chart of the dashboard, as a CSV file (same filters)."""
    area = _dashboard_area(code)
    filters = dashboard_selectors.Filters.from_query(request.GET)
    found = dashboard_selectors.dashboard(area, filters).chart(chart)
    if found is None:
        raise Http404("Graphique introuvable")
    place = f"-{area.code}" if area.code else "-france"
    return tables.csv_response(found.csv_rows(), f"tableau-de-bord{place}-{found.slug}.csv")
