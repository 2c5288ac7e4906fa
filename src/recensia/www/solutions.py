"""Pages of the solutions catalogue and of pooling: they combine the catalogue, the
register and the collectivités. Thin: check permission, validate, call a service or a
selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from recensia.accounts import permissions
from recensia.accounts.permissions import PermissionDenied
from recensia.core.forms import error_summary, submit
from recensia.pooling import selectors, services
from recensia.pooling.forms import DecisionForm, JoinForm, OfferForm, ReferentForm, UseForm
from recensia.pooling.models import SolutionReferent, SolutionUse
from recensia.projects import selectors as project_selectors
from recensia.projects.models import ProjectPartner
from recensia.search.index import population_band
from recensia.solutions import services as solution_services
from recensia.solutions.forms import RecognitionForm, SolutionForm, VendorCheckForm
from recensia.territories import selectors as territory_selectors
from recensia.territories.models import Organization


def _my_organizations(user) -> list[Organization]:
    ids = permissions.active_organization_ids(user)
    return list(Organization.objects.filter(pk__in=ids).select_related(
        "departement", "region", "epci").order_by("name", "id"))


def _solution(slug: str):
    solution = selectors.get_solution(slug)
    if solution is None:
        raise Http404("Solution introuvable")
    return solution


# ---------------------------------------------------------------- catalogue

def solution_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    solutions = selectors.catalogue()
    if q:
        solutions = solutions.filter(Q(name__icontains=q) | Q(summary__icontains=q)
                                     | Q(vendor__name__icontains=q))
    if request.GET.get("reconnues") == "1":
        solutions = solutions.filter(recognised=True)
    solutions = list(solutions.order_by("name", "id"))
    counts = selectors.user_counts([s.pk for s in solutions])
    for solution in solutions:
        solution.user_count = counts.get(solution.pk, 0)
    return render(request, "www/solutions/list.html", {
        "solutions": solutions, "q": q, "recognised_only": request.GET.get("reconnues") == "1",
        "is_moderator": permissions.is_moderator(request.user),
        "title": "Catalogue des solutions",
    })


def solution_detail(request: HttpRequest, slug: str) -> HttpResponse:
    solution = _solution(slug)
    users = selectors.users_of(solution)
    projects = list(solution.projects.filter(state="published")
                .select_related("owner").order_by("title", "id"))
    return render(request, "www/solutions/detail.html", {
        "solution": solution, "users": users,
        "by_departement": selectors.users_by_departement(users),
        "by_kind": selectors.users_by_kind_and_size(users),
        "projects": projects,
        "offers": list(selectors.open_offers().filter(project__solution=solution)),
        "referents": selectors.referents_of(solution),
        "show_contacts": selectors.can_see_contacts(request.user),
        "is_member": bool(permissions.active_organization_ids(request.user)),
        "is_moderator": permissions.is_moderator(request.user),
        "vendor_check": solution.vendor.last_check if solution.vendor_id else None,
        "title": solution.name,
    })


def _member_form(request: HttpRequest, form_class, initial=None):
    organizations = _my_organizations(request.user)
    if not organizations:
        raise PermissionDenied("Seuls les membres validés d'une collectivité peuvent déclarer "
                               "l'usage d'une solution. Rejoignez d'abord votre collectivité "
                               "depuis « Mon compte ».")
    data = request.POST if request.method == "POST" else None
    return form_class(data, organizations=organizations, initial=initial)


@login_required
def declare_use(request: HttpRequest, slug: str) -> HttpResponse:
    solution = _solution(slug)
    form = _member_form(request, UseForm)
    if submit(form, lambda data: services.declare_use(
            user=request.user, solution=solution, organization=data["organization"],
            values=data)):
        messages.success(request, f"Merci : votre usage de {solution.name} est enregistré.")
        return redirect(solution)
    return render(request, "www/solutions/form.html", {
        "solution": solution, "form": form, "errors": error_summary(form),
        "title": f"Nous utilisons {solution.name}", "submit": "Enregistrer",
        "intro": "Dites aux autres collectivités que vous utilisez cette solution : elles "
                 "sauront à qui s'adresser. Votre déclaration est publique (sauf les "
                 "coordonnées des personnes).",
    })


@login_required
def declare_referent(request: HttpRequest, slug: str) -> HttpResponse:
    solution = _solution(slug)
    form = _member_form(request, ReferentForm, initial={"contact_email": request.user.email})
    if submit(form, lambda data: services.declare_referent(
            user=request.user, solution=solution, organization=data["organization"],
            values=data)):
        messages.success(request, f"Vous êtes référent de {solution.name} pour votre "
                                  "collectivité.")
        return redirect(solution)
    return render(request, "www/solutions/form.html", {
        "solution": solution, "form": form, "errors": error_summary(form),
        "title": f"Je suis référent de {solution.name}", "submit": "Me déclarer référent",
        "intro": "Un référent répond aux questions des autres collectivités sur cette "
                 "solution. Vos coordonnées ne sont montrées qu'aux agents connectés.",
    })


@login_required
def withdraw_declaration(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    solution = _solution(slug)
    if request.method != "POST":
        return redirect(solution)
    if kind == "usage":
        services.withdraw_use(user=request.user,
                              use=get_object_or_404(SolutionUse, pk=pk, solution=solution))
    else:
        services.withdraw_referent(user=request.user, referent=get_object_or_404(
            SolutionReferent, pk=pk, solution=solution))
    messages.success(request, "Votre déclaration est retirée.")
    return redirect(solution)


@login_required
def moderate_solution(request: HttpRequest, slug: str) -> HttpResponse:
    if not permissions.is_moderator(request.user):
        raise PermissionDenied("Cette page est réservée à l'équipe de modération.")
    solution = _solution(slug)
    today = timezone.localdate()
    recognition = RecognitionForm(
        request.POST if request.POST.get("form") == "label" else None,
        initial={"recognised": "yes" if solution.recognised else "no", "on": today,
                 "reason": solution.recognition_reason})
    check = VendorCheckForm(request.POST if request.POST.get("form") == "check" else None,
                            initial={"checked_on": today})
    done = submit(recognition, lambda data: solution_services.set_recognition(
        solution=solution, author=request.user, recognised=data["recognised"],
        reason=data["reason"], on=data["on"]))
    if solution.vendor_id:
        done = done or submit(check, lambda data: solution_services.record_vendor_check(
            vendor=solution.vendor, author=request.user, **data))
    if done:
        messages.success(request, "Enregistré.")
        return redirect(solution)
    labels = {f.name: str(f.verbose_name) for f in solution._meta.fields}
    return render(request, "www/solutions/moderate.html", {
        "solution": solution, "recognition": recognition, "check": check,
        "errors": error_summary(recognition) + error_summary(check),
        "revisions": [(rev, [labels.get(name, name) for name in rev.changed_fields])
                      for rev in solution.revisions.select_related("author").order_by("-number")],
        "title": f"Modérer {solution.name}",
    })


@login_required
def edit_solution(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """A moderator creates or changes a catalogue entry (a version is kept each time)."""
    if not permissions.is_moderator(request.user):
        raise PermissionDenied("Seule l'équipe de modération modifie le catalogue des "
                               "solutions.")
    solution = _solution(slug) if slug else None
    form = SolutionForm(request.POST or None, instance=solution)
    saved = submit(form, lambda data: solution_services.save_solution(
        author=request.user, solution=selectors.get_solution(slug) if slug else None,
        values={name: data[name] for name in solution_services.EDITABLE},
        vendor_name=data["vendor_name"], vendor_siren=data["vendor_siren"]))
    if saved:
        messages.success(request, "La fiche de la solution est enregistrée.")
        return redirect(saved)
    return render(request, "www/solutions/edit.html", {
        "solution": solution, "form": form, "errors": error_summary(form),
        "title": f"Modifier {solution.name}" if solution else "Ajouter une solution",
    })


# ---------------------------------------------------------------- for my collectivité

def for_my_collectivity(request: HttpRequest) -> HttpResponse:
    """« Des solutions pour ma collectivité »: a member gets hers; anyone may choose one."""
    mine = _my_organizations(request.user)
    code = request.GET.get("collectivite", "")
    organization = territory_selectors.get_organization_by_code(code) if code else None
    if organization is None and mine and not request.GET.get("q"):
        organization = mine[0]
    query = request.GET.get("q", "").strip()[:100]
    choices = territory_selectors.search_organizations(query, limit=10) if query else []
    return render(request, "www/solutions/for_me.html", {
        "organization": organization, "mine": mine, "q": query, "choices": choices,
        "suggestions": selectors.solutions_for(organization) if organization else [],
        "offers": selectors.offers_near(organization) if organization else [],
        "band": selectors.BAND_LABELS.get(
            population_band(organization.population)) if organization else None,
        "show_contacts": selectors.can_see_contacts(request.user),
        "title": "Des solutions pour ma collectivité",
    })


# ---------------------------------------------------------------- pooling

def _project(request: HttpRequest, slug: str):
    project = project_selectors.project_for_page(slug)
    if project is None or not permissions.can_view_project(request.user, project):
        raise Http404("Projet introuvable")
    return project


@login_required
def pooling_offer(request: HttpRequest, slug: str) -> HttpResponse:
    """The lead collectivité opens its project to others (or changes the conditions)."""
    project = _project(request, slug)
    if not permissions.can_edit_project(request.user, project):
        raise PermissionDenied("Seuls les membres de la collectivité porteuse ouvrent ce "
                               "projet à la mutualisation.")
    offer = selectors.offer_of(project)
    if request.method == "POST" and request.POST.get("action") == "close" and offer:
        services.close_offer(user=request.user, offer=offer)
        messages.success(request, "La mutualisation est fermée à de nouvelles demandes.")
        return redirect(project)
    initial = ({name: getattr(offer, name) for name in services.OFFER_FIELDS} if offer else
               {"contact_email": project.contact_email,
                "contact_name": request.user.get_full_name()})
    form = OfferForm(request.POST if request.method == "POST" else None, initial=initial)
    if submit(form, lambda data: services.open_offer(user=request.user, project=project,
                                                     values=data)):
        messages.success(request, "Votre projet est ouvert à la mutualisation.")
        return redirect(project)
    return render(request, "www/solutions/offer_form.html", {
        "project": project, "offer": offer, "form": form, "errors": error_summary(form),
        "title": f"Mutualiser « {project.title} »",
    })


@login_required
def pooling_join(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug)
    offer = selectors.offer_of(project)
    if not services.offer_is_open(offer):
        raise Http404("Ce projet n'est pas ouvert à la mutualisation")
    form = _member_form(request, JoinForm)
    link = submit(form, lambda data: services.ask_to_join(
        user=request.user, project=project, organization=data["organization"],
        role=data["role"], message=data["message"]), default="organization")
    if link:
        messages.success(request, "Votre demande est envoyée à la collectivité cheffe de "
                                  "file. Votre collectivité apparaîtra sur le projet quand "
                                  "elle l'aura acceptée." if link.status == "pending" else
                         "Vous participez désormais à ce projet.")
        return redirect(project)
    return render(request, "www/solutions/join.html", {
        "project": project, "offer": offer, "form": form, "errors": error_summary(form),
        "title": f"Rejoindre « {project.title} »",
    })


@login_required
def pooling_requests(request: HttpRequest) -> HttpResponse:
    """Requests and invitations waiting for an answer from the user's collectivités."""
    return render(request, "www/solutions/requests.html", {
        "to_answer": [(link, DecisionForm(prefix=f"d{link.pk}"))
                      for link in selectors.requests_to_answer(request.user)],
        "sent": selectors.requests_sent(request.user), "errors": [],
        "title": "Demandes de mutualisation et de partenariat",
    })


@login_required
def pooling_decide(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(ProjectPartner.objects.select_related("project", "organization"),
                             pk=pk)
    if not services.can_decide(request.user, link):
        raise PermissionDenied("Cette demande attend la réponse de l'autre collectivité, ou a "
                               "déjà reçu une réponse.")
    form = DecisionForm(request.POST or None, prefix=f"d{link.pk}")
    done = submit(form, lambda data: services.decide(
        user=request.user, link=link, accept=data["decision"] == "accept",
        reason=data["reason"]))
    if done:
        messages.success(request, f"Réponse enregistrée : {link.organization.name} "
                                  f"{'participe' if done.is_public else 'ne participe pas'} "
                                  f"au projet « {link.project.title} ».")
        return redirect("www:pooling_requests")
    return render(request, "www/solutions/requests.html", {
        "to_answer": [(link, form)], "sent": [], "errors": error_summary(form),
        "title": "Demandes de mutualisation et de partenariat",
    })
