"""Purchase pages: start a grid from a preset, build it with its legal checks, choose the
clauses, score the offers, download the documents, publish and reuse. Thin views:
selectors read, services write, the pure modules compute."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from recensia import footprint
from recensia.accounts import permissions
from recensia.accounts.permissions import PermissionDenied
from recensia.core.forms import error_summary
from recensia.evaluations.forms import ApiUsageForm, EdgeDevicesForm, SelfHostedForm
from recensia.procurement import clauses as clause_logic
from recensia.procurement import documents, selectors, services
from recensia.procurement import grid as grid_logic
from recensia.procurement import scoring as scoring_logic
from recensia.procurement.forms import (
    TIER_CHOICES,
    ClausesForm,
    CriterionForm,
    CriterionFormSet,
    GridForm,
    NewGridForm,
    OfferForm,
    WithdrawForm,
    notes_form,
)
from recensia.procurement.models import Offer, PurchaseGrid
from recensia.projects.models import Project
from recensia.territories.models import Organization

FOOTPRINT_FORMS = {"api": (ApiUsageForm, "api"), "self_hosted": (SelfHostedForm, "serveur"),
                   "edge": (EdgeDevicesForm, "appareils")}


def _organizations(user):
    if not user.is_authenticated:
        return []
    return list(Organization.objects.filter(pk__in=permissions.active_organization_ids(user))
                .order_by("name", "id"))


def _grid_or_404(request, pk: int, *, edit: bool = False) -> PurchaseGrid:
    grid = selectors.grid_for_page(pk)
    if grid is None or not services.can_view_grid(request.user, grid):
        raise Http404("Grille introuvable")
    if edit and not services.can_edit_grid(request.user, grid):
        raise PermissionDenied("Seuls les membres de la collectivité qui a créé cette grille "
                               "peuvent la modifier.")
    return grid


def _project_from(request) -> Project | None:
    slug = request.GET.get("projet") or request.POST.get("projet") or ""
    if not slug:
        return None
    project = Project.objects.select_related("owner").filter(slug=slug).first()
    if project is None or not permissions.can_view_project(request.user, project):
        return None
    return project


def index(request: HttpRequest) -> HttpResponse:
    project = _project_from(request)
    organizations = _organizations(request.user)
    can_create = bool(organizations) or bool(
        project and permissions.can_edit_project(request.user, project))
    return render(request, "procurement/index.html", {
        "presets": grid_logic.presets().values(), "project": project,
        "form": NewGridForm(organizations=organizations) if can_create else None,
        "can_create": can_create,
        "my_grids": selectors.grids_of_user(request.user) if request.user.is_authenticated
        else [],
        "published": selectors.published_grids()[:50],
        "obligation_date": grid_logic.environmental_obligation_date(),
        "title": "Acheter une solution d'IA de façon responsable",
    })


@require_POST
@login_required
def create(request: HttpRequest) -> HttpResponse:
    project = _project_from(request)
    organizations = _organizations(request.user)
    form = NewGridForm(request.POST, organizations=organizations)
    if not form.is_valid():
        for _field, _label, message in error_summary(form):
            messages.error(request, message)
        return redirect("procurement:index")
    organization = next((o for o in organizations
                         if o.pk == form.cleaned_data.get("organization")), None)
    if organization is None and len(organizations) == 1:
        organization = organizations[0]
    if organization is None and project is None:
        raise PermissionDenied("Rejoignez d'abord votre collectivité pour préparer un achat.")
    grid = services.create_grid(author=request.user, organization=organization,
                                preset=form.cleaned_data["preset"], project=project)
    messages.success(request, "La grille est créée à partir de la grille de départ : adaptez "
                              "les critères et leurs poids à votre besoin.")
    return redirect("procurement:edit", pk=grid.pk)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    grid = _grid_or_404(request, pk)
    pure = grid.to_grid()
    can_edit = services.can_edit_grid(request.user, grid)
    return render(request, "procurement/detail.html", {
        "grid": grid, "pure": pure, "checks": grid_logic.check_grid(pure),
        "clauses": clause_logic.clauses_in_order(grid.clause_ids), "can_edit": can_edit,
        "offers_count": grid.offers.filter(withdrawn=False).count() if can_edit else 0,
        "organizations": _organizations(request.user),
        "methods": grid_logic.METHODS,
        "title": grid.title,
    })


def _criteria_errors(formset) -> list[tuple[str, str, str]]:
    rows = []
    for i, form in enumerate(formset.forms, start=1):
        for name, errs in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            rows += [(form[name].auto_id if name in form.fields else "",
                      f"Critère n° {i} — {label}", str(e)) for e in errs]
    rows += [("", "Critères", str(e)) for e in formset.non_form_errors()]
    return rows


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    grid = _grid_or_404(request, pk, edit=True)
    locked = grid.offers.filter(withdrawn=False).exists()
    errors: list[tuple[str, str, str]] = []
    if request.method == "POST" and not locked:
        form = GridForm(request.POST)
        formset = CriterionFormSet(request.POST, prefix="criteres")
        if form.is_valid() and formset.is_valid():
            rows = [f.to_dict() for f in formset.forms
                    if f.has_changed() and not f.cleaned_data.get("DELETE")]
            data = services.GridData(
                title=form.cleaned_data["title"], subject=form.cleaned_data["subject"],
                launch_date=form.cleaned_data["launch_date"],
                formalised=form.cleaned_data["formalised"], criteria=rows)
            try:
                services.update_grid(grid=grid, author=request.user, data=data,
                                     expected_version=_int(request.POST.get("version")))
            except grid_logic.GridError as exc:
                errors.append(("", "Grille", exc.message))
            except (services.EditConflict, services.GridLocked) as exc:
                errors.append(("", "Enregistrement impossible", str(exc)))
            else:
                problems = grid_logic.blocking(grid_logic.check_grid(grid.to_grid()))
                if problems:
                    count = len(problems)
                    what = f"{count} point est" if count == 1 else f"{count} points sont"
                    messages.warning(request, f"La grille est enregistrée, mais {what} à "
                                              "corriger avant de la publier ou de l'utiliser : "
                                              "voir les contrôles juridiques.")
                else:
                    messages.success(request, "La grille est enregistrée ; les contrôles "
                                              "juridiques sont satisfaits.")
                return redirect("procurement:edit", pk=grid.pk)
        errors += error_summary(form) + _criteria_errors(formset)
    else:
        form = GridForm(initial={
            "title": grid.title, "subject": grid.subject, "launch_date": grid.launch_date,
            "formalised": {True: "yes", False: "no"}.get(grid.formalised, "")})
        formset = CriterionFormSet(prefix="criteres", initial=[
            CriterionForm.initial_from(c) for c in grid.criteria])
    pure = grid.to_grid()
    return render(request, "procurement/edit.html", {
        "grid": grid, "form": form, "formset": formset, "errors": errors, "locked": locked,
        "checks": grid_logic.check_grid(pure), "pure": pure,
        "title": f"Critères — {grid.title}",
    })


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def choose_clauses(request: HttpRequest, pk: int) -> HttpResponse:
    grid = _grid_or_404(request, pk, edit=True)
    tier, rules = selectors.project_compliance(grid.project) if grid.project else ("", [])
    if request.method == "POST":
        form = ClausesForm(request.POST)
        if form.is_valid():
            try:
                services.set_clauses(grid=grid, author=request.user,
                                     clause_ids=form.cleaned_data["clauses"],
                                     tier=form.cleaned_data["tier"],
                                     expected_version=_int(request.POST.get("version")))
            except services.EditConflict as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "Le choix des clauses est enregistré.")
                return redirect("procurement:detail", pk=grid.pk)
    else:
        form = ClausesForm(initial={"clauses": grid.clause_ids, "tier": grid.tier or tier})
    suggestions = {s.clause.id: s.reasons for s in clause_logic.suggested_clauses(
        preset=grid.preset, tier=grid.tier or tier, obligation_rules=rules)}
    categories = [(key, label, [(c, suggestions.get(c.id, ())) for c in clauses])
                  for key, label, clauses in clause_logic.categories()]
    return render(request, "procurement/clauses.html", {
        "grid": grid, "form": form, "categories": categories,
        "chosen": set(form["clauses"].value() or []),
        "project_tier_label": dict(TIER_CHOICES).get(tier, "") if tier else "",
        "errors": error_summary(form),
        "title": f"Clauses — {grid.title}",
    })


def library(request: HttpRequest) -> HttpResponse:
    return render(request, "procurement/library.html", {
        "categories": clause_logic.categories(), "version": clause_logic.library_version(),
        "reporting": clause_logic.footprint_reporting_items(),
        "title": "Bibliothèque de clauses pour acheter une solution d'IA",
    })


@login_required
def offers(request: HttpRequest, pk: int) -> HttpResponse:
    grid = _grid_or_404(request, pk, edit=True)
    result = selectors.analysis(grid)
    return render(request, "procurement/offers.html", {
        "grid": grid, "analysis": result, "scoring": result.scoring,
        "withdrawn": selectors.withdrawn_offers(grid),
        "checks": grid_logic.blocking(grid_logic.check_grid(result.grid)),
        "title": f"Analyse des offres — {grid.title}",
    })


def _footprint_forms(data, kind_initial: str, preset_defaults: dict, stored: dict | None):
    initial = {key: {} for key in FOOTPRINT_FORMS}
    if stored and stored.get("profiles"):
        profile = dict(stored["profiles"][0])
        kind = profile.pop("kind", "")
        if kind == "self_hosted":
            profile["utilisation"] = round((profile.get("utilisation") or 0) * 100, 2)
        if kind == "edge":
            profile["duty_cycle"] = round((profile.get("duty_cycle") or 0) * 100, 2)
        initial[kind] = profile
    elif kind_initial in initial:
        defaults = dict(preset_defaults)
        defaults.pop("kind", None)
        if kind_initial == "self_hosted":
            defaults["utilisation"] = round(defaults.get("utilisation", 0.5) * 100, 2)
        if kind_initial == "edge":
            defaults["duty_cycle"] = round(defaults.get("duty_cycle", 1.0) * 100, 2)
        initial[kind_initial] = defaults
    return {key: klass(data, prefix=prefix, initial=initial[key])
            for key, (klass, prefix) in FOOTPRINT_FORMS.items()}


@login_required
def offer_form(request: HttpRequest, pk: int, offer_pk: int | None = None) -> HttpResponse:
    grid = _grid_or_404(request, pk, edit=True)
    offer = get_object_or_404(Offer, pk=offer_pk, grid=grid) if offer_pk else None
    pure = grid.to_grid()
    lines = [line for line in scoring_logic.scoring_lines(pure)
             if line.method == grid_logic.METHOD_NOTE]
    NotesForm, notes_initial = notes_form(lines, offer.notes if offer else None)
    preset = grid_logic.presets().get(grid.preset)
    preset_defaults = preset.footprint if preset else {}
    stored = offer.footprint_inputs if offer else None
    kind_initial = (stored["profiles"][0]["kind"] if stored and stored.get("profiles")
                    else preset_defaults.get("kind", "") if offer is None else "")
    errors: list[tuple[str, str, str]] = []
    data = request.POST if request.method == "POST" else None
    form = OfferForm(data, initial={} if data else {
        "vendor": offer.vendor if offer else "",
        "price_eur": offer.price_eur if offer else None, "footprint_kind": kind_initial})
    notes = NotesForm(data, prefix="notes", initial=notes_initial)
    fp_forms = _footprint_forms(data, kind_initial, preset_defaults, stored)
    if data is not None:
        kind = form.data.get("footprint_kind", "")
        fp_form = fp_forms.get(kind)
        valid = form.is_valid() & notes.is_valid() & (fp_form.is_valid() if fp_form else True)
        if valid:
            inputs = (footprint.Inputs(profiles=[fp_form.to_profile()]) if fp_form else None)
            offer_notes = {line.key: {"note": notes.cleaned_data[f"note_{line.key}"],
                                      "comment": notes.cleaned_data[f"comment_{line.key}"]}
                           for line in lines}
            try:
                services.save_offer(grid=grid, author=request.user, offer=offer,
                                    data=services.OfferData(
                                        vendor=form.cleaned_data["vendor"],
                                        price_eur=form.cleaned_data["price_eur"],
                                        notes=offer_notes, footprint_inputs=inputs))
            except footprint.FootprintError as exc:
                name = str(exc.path[-1])
                if fp_form is not None and name in fp_form.fields:
                    fp_form.add_error(name, exc.message)
                else:
                    errors.append(("", "Empreinte", exc.message))
            else:
                messages.success(request, "L'offre est enregistrée ; son empreinte est "
                                          "calculée par le moteur de RecensIA.")
                return redirect("procurement:offers", pk=grid.pk)
        errors = error_summary(form) + error_summary(notes) + (
            error_summary(fp_form) if fp_form else []) + errors
    return render(request, "procurement/offer_form.html", {
        "grid": grid, "offer": offer, "form": form, "notes": notes, "lines": lines,
        "fp_forms": fp_forms, "errors": errors,
        "has_footprint": any(c.method == grid_logic.METHOD_FOOTPRINT for c in pure.criteria),
        "title": f"{'Modifier' if offer else 'Saisir'} une offre — {grid.title}",
    })


@require_POST
@login_required
def offer_withdraw(request: HttpRequest, pk: int, offer_pk: int) -> HttpResponse:
    grid = _grid_or_404(request, pk, edit=True)
    offer = get_object_or_404(Offer, pk=offer_pk, grid=grid)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        services.withdraw_offer(offer=offer, author=request.user,
                                reason=form.cleaned_data["reason"])
        messages.success(request, f"L'offre de {offer.vendor} est retirée de l'analyse ; elle "
                                  "reste dans l'historique.")
    else:
        messages.error(request, "Indiquez le motif du retrait.")
    return redirect("procurement:offers", pk=grid.pk)


def _state_action(request, pk: int, action, success: str) -> HttpResponse:
    grid = _grid_or_404(request, pk, edit=True)
    try:
        action(grid=grid, author=request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect("procurement:detail", pk=grid.pk)


@require_POST
@login_required
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_action(request, pk, services.publish_grid,
                         "La grille est publiée : d'autres collectivités peuvent la consulter "
                         "et la réutiliser. Les offres restent confidentielles.")


@require_POST
@login_required
def archive(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_action(request, pk, services.archive_grid,
                         "La grille est archivée ; elle reste consultable dans l'historique.")


@require_POST
@login_required
def restore(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_action(request, pk, services.restore_grid, "La grille est sortie des archives.")


@require_POST
@login_required
def reuse(request: HttpRequest, pk: int) -> HttpResponse:
    source = _grid_or_404(request, pk)
    organizations = _organizations(request.user)
    organization = next((o for o in organizations
                         if o.pk == _int(request.POST.get("organization"))), None)
    if organization is None:
        raise PermissionDenied("Choisissez une collectivité dont vous êtes membre.")
    grid = services.reuse_grid(source=source, author=request.user, organization=organization)
    messages.success(request, f"La grille de {source.owner.name} est copiée pour "
                              f"{organization.name} : adaptez-la à votre achat.")
    return redirect("procurement:edit", pk=grid.pk)


def history(request: HttpRequest, pk: int) -> HttpResponse:
    grid = _grid_or_404(request, pk)
    return render(request, "procurement/history.html", {
        "grid": grid, "revisions": selectors.revisions(grid),
        "can_edit": services.can_edit_grid(request.user, grid),
        "title": f"Historique — {grid.title}",
    })


def document(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    if kind not in documents.KINDS or fmt not in documents.FORMATS:
        raise Http404("Document inconnu")
    grid = _grid_or_404(request, pk, edit=(kind == "analyse"))
    pure = grid.to_grid()
    today = date.today()
    site = request.build_absolute_uri("/").rstrip("/")
    if kind == "reglement":
        blocks = documents.rules_blocks(pure, organization=grid.owner.name, generated_on=today,
                                        methodology_url=f"{site}/empreinte/methodologie/")
    elif kind == "clauses":
        blocks = documents.clauses_blocks(clause_logic.clauses_in_order(grid.clause_ids),
                                          title=grid.title, organization=grid.owner.name,
                                          generated_on=today, site_url=site)
    else:
        result = selectors.analysis(grid)
        blocks = documents.analysis_blocks(
            pure, result.scoring, organization=grid.owner.name, generated_on=today,
            prices=result.prices, footprints=result.footprints, comments=result.comments,
            versions=result.versions)
    title = f"{documents.KINDS[kind]} — {grid.title}"
    content = documents.render(blocks, fmt, title=title,
                               footer=f"{grid.owner.name} — {documents.KINDS[kind]}",
                               created=today)
    response = HttpResponse(content, content_type=documents.FORMATS[fmt])
    name = slugify(f"{kind}-{grid.title}")[:80] or kind
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response

