from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from recensia.accounts import permissions
from recensia.accounts.permissions import PermissionDenied
from recensia.accounts.selectors import members_of
from recensia.core.forms import error_summary
from recensia.evaluations.selectors import organization_footprint_total
from recensia.projects.selectors import organization_projects
from recensia.territories import selectors, services
from recensia.territories.forms import OtherBodyForm


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
        "footprint_total": organization_footprint_total(org),
        "title": org.name,
    })


@login_required
def other_body_create(request):
    if not permissions.can_manage_reference_lists(request.user):
        raise PermissionDenied("Seule l'équipe de modération peut ajouter un organisme.")
    form = OtherBodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.create_other_body(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for name, errs in exc.message_dict.items():
                for err in errs:
                    form.add_error(name if name in form.fields else None, err)
        else:
            messages.success(request, f"L'organisme « {org.name} » est ajouté.")
            return redirect(org)
    return render(request, "territories/other_body_form.html", {
        "form": form, "errors": error_summary(form), "title": "Ajouter un organisme public"})
