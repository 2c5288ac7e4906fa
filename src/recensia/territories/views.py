from django.shortcuts import render

from recensia.territories import selectors
from recensia.territories.lookup import lookup_organizations


def organization_search(request):
    query = request.GET.get("q", "").strip()
    results = selectors.search_organizations(query, limit=50) if query else []
    return render(request, "territories/search.html", {
        "query": query, "results": results, "stats": selectors.organization_stats(),
        "title": "Collectivités",
    })


def organization_choices(request):
    """The radio list of collectivités matching ``q``: refreshed as the person types on the
    page « Rejoindre une collectivité » (the page works without it)."""
    lookup = lookup_organizations(request.GET.get("q", ""))
    return render(request, "territories/_choices.html", {
        "lookup": lookup, "choices": lookup.results, "query": lookup.query,
        "selected": str(lookup.results[0].pk) if len(lookup.results) == 1 else "",
        "organization_errors": []})
