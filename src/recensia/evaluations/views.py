"""Evaluation pages of a project: environmental footprint (and compliance)."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from recensia import compliance, footprint
from recensia.accounts import permissions
from recensia.accounts.permissions import PermissionDenied
from recensia.core.forms import error_summary
from recensia.evaluations import selectors, services
from recensia.evaluations.compliance_forms import (
    CharterForm,
    EthicsForm,
    OpportunityForm,
    QuestionnaireForm,
)
from recensia.evaluations.forms import (
    PREFIXES,
    ApiUsageFormSet,
    EdgeDevicesFormSet,
    GainsForm,
    SelfHostedFormSet,
    TrainingFormSet,
    initial_from_inputs,
)
from recensia.evaluations.models import ComplianceAssessment, FootprintAssessment
from recensia.footprint import reference
from recensia.projects.models import Project
from recensia.territories.selectors import get_organization_by_code

SECTION_NAMES = {"api": "Usage d'IA générative", "self_hosted": "Serveur",
                 "edge": "Appareils", "training": "Entraînement"}
_PATH = re.compile(r"^(profiles|trainings)\[(\d+)\]\.?(\w*)")


def _project_or_404(request, slug) -> Project:
    project = get_object_or_404(Project.objects.select_related("owner"), slug=slug)
    if not permissions.can_view_project(request.user, project):
        raise Http404("Projet introuvable")
    return project



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
        "today": selectors.footprint_today(latest) if latest else None,
        "can_recompute": _can_recompute(request.user, project),
        "history": selectors.footprint_history(project), "comparison": recomputed,
        "variants": footprint.compare_variants(result.inputs) if result else [],
        "can_edit": permissions.can_edit_project(request.user, project),
        "title": f"Empreinte environnementale — {project.title}",
    })


def _can_recompute(user, project) -> bool:
    return permissions.can_edit_project(user, project) or permissions.is_moderator(user)


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
        raise PermissionDenied("Seuls les membres de la collectivité porteuse peuvent "
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
        "tables": reference.methodology(),
        "title": "Méthode de calcul de l'empreinte environnementale",
    })


def equivalences(request):
    return render(request, "footprint/equivalences.html", {
        "equivalences": reference.equivalences(),
        "paris_ny": reference.methodology()["paris_ny"],
        "title": "Équivalences : se représenter une empreinte",
    })


def changes(request):
    return render(request, "evaluations/changes.html", {
        "entries": selectors.changes(),
        "rules_version": compliance.RULES_VERSION,
        "constants_version": footprint.CONSTANTS_VERSION,
        "title": "Ce qui a changé dans les règles et les chiffres",
    })


# ----------------------------------------------------------------- compliance

def project_compliance(request, slug):
    project = _project_or_404(request, slug)
    latest = selectors.latest_compliance(project)
    return render(request, "evaluations/compliance.html", {
        "project": project, "assessment": latest,
        "result": latest.evaluation if latest else None,
        "today": selectors.compliance_today(latest) if latest else None,
        "can_recompute": _can_recompute(request.user, project),
        "history": selectors.compliance_history(project),
        "can_edit": permissions.can_edit_project(request.user, project),
        "title": f"Conformité et opportunité — {project.title}",
    })


@require_POST
@login_required
def recompute_compliance(request, slug, pk):
    project = _project_or_404(request, slug)
    assessment = get_object_or_404(ComplianceAssessment, pk=pk, project=project)
    services.recompute_compliance(assessment=assessment, author=request.user)
    messages.success(request, "Les réponses sont évaluées avec les règles du jour ; l'ancien "
                              "résultat reste dans l'historique.")
    return redirect("evaluations:compliance", slug=project.slug)


@login_required
def edit_compliance(request, slug):
    project = _project_or_404(request, slug)
    if not permissions.can_edit_project(request.user, project):
        raise PermissionDenied("Seuls les membres de la collectivité porteuse peuvent "
                                   "évaluer la conformité de ce projet.")
    latest = selectors.latest_compliance(project)
    stored = latest.answers if latest else {}
    if request.method == "POST":
        legal = QuestionnaireForm(request.POST, prefix="q")
        opportunity = OpportunityForm(request.POST, prefix="o")
        ethics = EthicsForm(request.POST, prefix="e")
        if legal.is_valid() and opportunity.is_valid() and ethics.is_valid():
            services.save_compliance(project=project, author=request.user,
                                     answers=legal.to_answers(),
                                     opportunity_answers=opportunity.to_answers(),
                                     ethics_answers=ethics.to_answers())
            messages.success(request, "Les réponses et le résultat sont enregistrés, avec la "
                                      "version des règles appliquées.")
            return redirect("evaluations:compliance", slug=project.slug)
    else:
        legal = QuestionnaireForm(prefix="q",
                                  initial=QuestionnaireForm.initial_from(stored.get("legal", {})))
        opportunity = OpportunityForm(prefix="o", initial=stored.get("opportunity") or None)
        ethics = EthicsForm(prefix="e", initial=EthicsForm.initial_from(stored.get("ethics")))
    return render(request, "evaluations/compliance_form.html", {
        "project": project, "legal": legal, "opportunity": opportunity, "ethics": ethics,
        "errors": error_summary(legal) + error_summary(opportunity),
        "title": f"Évaluer la conformité — {project.title}",
    })


def diagnostic(request):
    """Self-diagnosis without an account: nothing is stored; the result can be printed."""
    legal = QuestionnaireForm(request.POST or None, prefix="q")
    opportunity = OpportunityForm(request.POST or None, prefix="o")
    code_error = ""
    result = None
    organization = None
    if request.method == "POST" and legal.is_valid() and opportunity.is_valid():
        code = request.POST.get("collectivite", "").strip()
        if code:
            organization = get_organization_by_code(code)
            if organization is None:
                code_error = (f"Aucune collectivité ne porte le code « {code} » : le diagnostic "
                              "est fait sans elle.")
        result = services.run_compliance(
            answers=legal.to_answers(), opportunity_answers=opportunity.to_answers(),
            ethics_answers={}, organization=organization)
    return render(request, "evaluations/diagnostic.html", {
        "legal": legal, "opportunity": opportunity, "result": result,
        "organization": organization, "code_error": code_error,
        "code": request.POST.get("collectivite", "") if request.method == "POST" else "",
        "errors": error_summary(legal) + error_summary(opportunity),
        "title": "Auto-diagnostic d'un projet d'IA",
    })


def charter(request):
    form = CharterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        document = compliance.draft_charter(form.to_answers())
        fmt = form.cleaned_data["format"]
        builders = {
            "odt": (compliance.charter_odt, "application/vnd.oasis.opendocument.text"),
            "docx": (compliance.charter_docx, "application/vnd.openxmlformats-officedocument."
                                              "wordprocessingml.document"),
            "pdf": (compliance.charter_pdf, "application/pdf"),
        }
        build, mime = builders[fmt]
        response = HttpResponse(build(document), content_type=mime)
        name = slugify(form.cleaned_data["collectivite_name"]) or "collectivite"
        response["Content-Disposition"] = f'attachment; filename="charte-ethique-ia-{name}.{fmt}"'
        return response
    return render(request, "evaluations/charter.html", {
        "form": form, "errors": error_summary(form),
        "title": "Rédiger une charte éthique de l'IA",
    })
