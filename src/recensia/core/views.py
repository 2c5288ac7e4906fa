from django.shortcuts import render


def accessibility(request):
    return render(request, "core/accessibility.html", {"title": "Accessibilité"})


def about(request):
    return render(request, "core/about.html", {"title": "À propos"})
