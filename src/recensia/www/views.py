"""Pages that show several apps at once. Thin: check permission, read, render."""

from __future__ import annotations

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
from recensia.projects import services as project_services
from recensia.search import selectors as search_selectors
from recensia.territories import selectors as territory_selectors
from recensia.territories import services as territory_services
from recensia.territories.forms import OtherBodyForm


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


def organization_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A collectivité's page, its public inventory of algorithms."""
    org = territory_selectors.get_organization_by_code(code)
    if org is None:
        raise Http404("Collectivité introuvable")
    if code != org.url_code:
        return redirect(org, permanent=True)
    projects = project_selectors.organization_projects(org, request.user)
    is_member = permissions.is_member_of(request.user, org)
    return render(request, "www/organization.html", {
        "org": org, "owned": projects["owned"], "partner": projects["partner"],
        "is_member": is_member,
        "members": account_selectors.members_of(org)
        if is_member or permissions.is_moderator(request.user) else [],
        "footprint_total": evaluation_selectors.organization_footprint_total(org),
        "own_membership": account_selectors.open_membership(request.user, org),
        "can_invite": permissions.can_invite_to(request.user, org),
        "title": org.name,
    })


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
        "missing": project_services.missing_for_submission(project) if can_edit else [],
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
