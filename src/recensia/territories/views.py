from django.shortcuts import render

from recensia.territories import selectors


def organization_search(request):
    query = request.GET.get("q", "").strip()
    results = selectors.search_organizations(query, limit=50) if query else []
    return render(request, "territories/search.html", {
        "query": query, "results": results, "stats": selectors.organization_stats(),
        "title": "Collectivités",
    })
