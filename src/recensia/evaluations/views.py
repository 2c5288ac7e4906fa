"""Evaluation pages of a project: environmental footprint (and compliance)."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from recensia import footprint
from recensia.accounts import permissions
from recensia.evaluations import selectors, services
from recensia.evaluations.forms import (
    PREFIXES,
    ApiUsageFormSet,
    EdgeDevicesFormSet,
    GainsForm,
    SelfHostedFormSet,
    TrainingFormSet,
    initial_from_inputs,
)
from recensia.evaluations.models import FootprintAssessment
from recensia.projects.models import Project

SECTION_NAMES = {"api": "Usage d'IA générative", "self_hosted": "Serveur",
                 "edge": "Appareils", "training": "Entraînement"}
_PATH = re.compile(r"^(profiles|trainings)\[(\d+)\]\.?(\w*)")


def _project_or_404(request, slug) -> Project:
    project = get_object_or_404(Project.objects.select_related("owner"), slug=slug)
    if not permissions.can_view_project(request.user, project):
        raise Http404("Projet introuvable")
    return project


def _forbidden(request, message):
    return HttpResponseForbidden(render(request, "core/forbidden.html",
                                        {"message": message}).content)


def project_footprint(request, slug):
    project = _project_or_404(request, slug)
    latest = selectors.latest_footprint(project)
    result = selectors.result_of(latest) if latest else None
    recomputed = None
    if latest and latest.recomputed_from_id:
        recomputed = footprint.compare_results(
            selectors.result_of(latest.recomputed_from), result)
    return render(request, "evaluations/footprint.html", {
        "project": project, "assessment": latest, "result": result,
        "history": selectors.footprint_history(project), "comparison": recomputed,
        "variants": footprint.compare_variants(result.inputs) if result else [],
        "can_edit": permissions.can_edit_project(request.user, project),
        "title": f"Empreinte environnementale — {project.title}",
    })


def _formsets(data=None, files=None, initial=None):
    initial = initial or {}
    return {
        "api": ApiUsageFormSet(data, files, prefix=PREFIXES["api"],
                               initial=initial.get("api")),
        "self_hosted": SelfHostedFormSet(data, files, prefix=PREFIXES["self_hosted"],
                                         initial=initial.get("self_hosted")),
        "edge": EdgeDevicesFormSet(data, files, prefix=PREFIXES["edge"],
                                   initial=initial.get("edge")),
        "training": TrainingFormSet(data, files, prefix=PREFIXES["training"],
                                    initial=initial.get("training")),
    }


def _filled(formset):
    return [f for f in formset.forms if f.has_changed() and not f.cleaned_data.get("DELETE")]


@login_required
def edit_footprint(request, slug):
    project = _project_or_404(request, slug)
    if not permissions.can_edit_project(request.user, project):
        return _forbidden(request, "Seuls les membres de la collectivité porteuse peuvent "
                                   "évaluer l'empreinte de ce projet.")
    latest = selectors.latest_footprint(project)
    previous = latest.inputs if latest else {}
    errors: list[str] = []
    if request.method == "POST":
        sets = _formsets(request.POST, request.FILES)
        gains_form = GainsForm(request.POST, prefix="gains")
        if all(s.is_valid() for s in sets.values()) and gains_form.is_valid():
            profiles, owners = [], []
            for key in ("api", "self_hosted", "edge"):
                for form in _filled(sets[key]):
                    profiles.append(form.to_profile())
                    owners.append(form)
            old_csvs = [t.get("codecarbon_csv") for t in previous.get("trainings", [])]
            trainings, training_forms = [], []
            for i, form in enumerate(_filled(sets["training"])):
                trainings.append(form.to_training(old_csvs[i] if i < len(old_csvs) else None))
                training_forms.append(form)
            inputs = footprint.Inputs(profiles=profiles, trainings=trainings,
                                      gains=gains_form.to_gains(),
                                      inhabitants=project.owner.population)
            try:
                services.save_footprint(project=project, author=request.user, inputs=inputs)
            except footprint.FootprintError as exc:
                match = _PATH.match(exc.field)
                form = None
                if match:
                    group = owners if match.group(1) == "profiles" else training_forms
                    index = int(match.group(2))
                    form = group[index] if index < len(group) else None
                    name = match.group(3)
                    if form is not None:
                        form.add_error(name if name in form.fields else None, exc.message)
                if form is None:
                    errors.append(exc.message)
            else:
                messages.success(request, "L'empreinte est calculée et enregistrée avec ses "
                                          "données et les versions des méthodes.")
                return redirect("evaluations:footprint", slug=project.slug)
    else:
        sets = _formsets(initial=initial_from_inputs(previous))
        gains_form = GainsForm(prefix="gains", initial=previous.get("gains") or None)
    for key, formset in sets.items():
        for i, form in enumerate(formset.forms, start=1):
            for name, errs in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                where = f"{SECTION_NAMES[key]} n° {i}"
                errors += [f"{where} — {label} : {e}" if label else f"{where} : {e}"
                           for e in errs]
    return render(request, "evaluations/footprint_form.html", {
        "project": project, "sets": sets, "gains_form": gains_form, "errors": errors,
        "title": f"Évaluer l'empreinte — {project.title}",
    })


@require_POST
@login_required
def recompute_footprint(request, slug, pk):
    project = _project_or_404(request, slug)
    assessment = get_object_or_404(FootprintAssessment, pk=pk, project=project)
    try:
        services.recompute_footprint(assessment=assessment, author=request.user)
    except services.PermissionDenied as exc:
        return _forbidden(request, str(exc))
    except footprint.FootprintError as exc:
        messages.error(request, f"Recalcul impossible : {exc.message}")
    else:
        messages.success(request, "L'évaluation est recalculée avec les données actuelles ; "
                                  "l'ancienne reste dans l'historique.")
    return redirect("evaluations:footprint", slug=project.slug)


def national_footprint(request):
    return render(request, "evaluations/national_footprint.html", {
        "total": selectors.national_footprint_total(),
        "versions": footprint.data_versions(),
        "title": "Empreinte environnementale des projets",
    })


def methodology(request):
    return render(request, "footprint/methodologie.html", {
        "versions": footprint.data_versions(),
        "title": "Méthode de calcul de l'empreinte environnementale",
    })
