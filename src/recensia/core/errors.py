"""Error answers: pages in the site's design, JSON under /api/ (same body as the API's
own errors: ``{"detail": "...", "errors": {...}}``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader

API_PREFIX = "/api/"


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def error_response(request: HttpRequest, status: int, detail: str, *,
                   errors: dict[str, list[str]] | None = None, template: str = "",
                   title: str = "") -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"detail": detail, "errors": errors or {}}, status=status,
                            json_dumps_params={"ensure_ascii": False})
    return render(request, template or "error.html",
                  {"title": title or "Erreur", "detail": detail, "errors": errors or {}},
                  status=status)


def bad_request(request, exception=None):
    return error_response(request, 400, "La demande est mal formée.", title="Demande invalide")


def page_not_found(request, exception=None):
    if wants_json(request):
        return error_response(request, 404, "Adresse inconnue de l'API : voir la "
                                            "documentation à /api/v1/.")
    return render(request, "404.html", status=404)


def server_error(request):
    if wants_json(request):
        return error_response(request, 500, "Erreur interne du service : réessayez dans "
                                            "quelques minutes.")
    # Without the request: no context processor, no database, so that it always renders.
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request, reason: str = ""):
    """Shown when a form comes back without its security token (page opened too long ago,
    cookies refused, or a form sent from another site)."""
    if wants_json(request):
        return error_response(request, 403, "Jeton de sécurité absent ou périmé : les "
                                            "écritures de l'API s'authentifient par une "
                                            "clé (Authorization: Bearer).")
    return render(request, "csrf_failure.html", {"title": "Formulaire expiré"}, status=403)
