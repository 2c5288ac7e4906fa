from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from recensia.accounts import permissions
from recensia.accounts.permissions import PermissionDenied
from recensia.core.forms import error_summary, submit
from recensia.search import selectors, services
from recensia.search.forms import SynonymForm
from recensia.search.index import FACETS
from recensia.search.models import SynonymGroup
from recensia.search.request import SORTS, SearchRequest


def project_list(request: HttpRequest) -> HttpResponse:
    """« Projets »: full text, facets, sort and page, all in the address."""
    g = request.GET
    try:
        page = int(g.get("page", "1"))
    except ValueError:
        page = 1
    results = selectors.search_projects(SearchRequest.from_params(g), page=page)
    query = g.copy()
    query.pop("page", None)
    return render(request, "search/list.html", {
        "results": results, "facet_labels": FACETS, "sorts": SORTS,
        "query_string": query.urlencode(), "title": "Projets",
    })


def project_suggestions(request: HttpRequest) -> HttpResponse:
    """Search as you type: a small list of links (htmx fragment, or a plain page)."""
    projects = selectors.suggestions(SearchRequest.from_params(request.GET))
    return render(request, "search/suggestions.html", {"projects": projects,
                                                       "title": "Suggestions"})


@login_required
def synonyms(request):
    if not permissions.can_manage_reference_lists(request.user):
        raise PermissionDenied("Cette page est réservée à l'équipe de modération.")
    form = SynonymForm(request.POST or None)
    if submit(form, lambda data: services.save_synonym_group(user=request.user,
                                                             terms=data["terms"]),
              default="terms"):
        messages.success(request, "Les synonymes sont enregistrés : la recherche en tient "
                                  "compte dès maintenant.")
        return redirect("search:synonyms")
    return render(request, "search/synonyms.html", {
        "groups": SynonymGroup.objects.order_by("id"), "form": form,
        "errors": error_summary(form), "title": "Synonymes de la recherche"})
