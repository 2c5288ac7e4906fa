from django.http import Http404
from django.shortcuts import redirect, render

from recensia.accounts import permissions
from recensia.accounts.selectors import members_of
from recensia.projects.selectors import organization_projects
from recensia.territories import selectors


def organization_search(request):
    query = request.GET.get("q", "").strip()
    results = selectors.search_organizations(query, limit=50) if query else []
    return render(request, "territories/search.html", {
        "query": query, "results": results, "stats": selectors.organization_stats(),
        "title": "Collectivités",
    })


def organization_detail(request, code: str):
    org = selectors.get_organization_by_code(code)
    if org is None:
        raise Http404("Collectivité introuvable")
    if code != org.url_code:
        return redirect(org, permanent=True)
    projects = organization_projects(org, request.user)
    is_member = permissions.is_member_of(request.user, org)
    return render(request, "territories/detail.html", {
        "org": org, "owned": projects["owned"], "partner": projects["partner"],
        "is_member": is_member,
        "members": members_of(org) if is_member or permissions.is_moderator(request.user)
        else [],
        "title": org.name,
    })
