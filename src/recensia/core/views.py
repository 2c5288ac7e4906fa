from django.shortcuts import render

from recensia.projects import selectors
from recensia.search.selectors import latest_published


def home(request):
    return render(request, "core/home.html", {
        "figures": selectors.home_figures(),
        "latest": latest_published(),
        "title": "Accueil",
    })


def accessibility(request):
    return render(request, "core/accessibility.html", {"title": "Accessibilité"})


def about(request):
    return render(request, "core/about.html", {"title": "À propos"})
