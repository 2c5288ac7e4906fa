"""Evaluation pages of a project: environmental footprint (and compliance)."""

from __future__ import annotations

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
    QuestionnaireSteps,
)
from recensia.evaluations.forms import FootprintForms, model_choices
from recensia.evaluations.models import ComplianceAssessment, FootprintAssessment
from recensia.footprint import reference
from recensia.projects.models import Project
from recensia.territories.selectors import get_organization_by_code


def _project_or_404(request, slug) -> Project:
    project = get_object_or_404(Project.objects.select_related("owner"), slug=slug)
    if not permissions.can_view_project(request.user, project):
        raise Http404("Projet introuvable")
    return project


def _assessment_page(request, project: Project, template: str, heading: str,
                     **context) -> HttpResponse:
    """The page of a project's latest assessment, with its history."""
    return render(request, template, {
        "project": project, "can_edit": permissions.can_edit_project(request.user, project),
        "can_recompute": _can_recompute(request.user, project),
        "title": f"{heading} — {project.title}", **context})


def _project_to_assess(request, slug, what: str) -> Project:
    project = _project_or_404(request, slug)
    if not permissions.can_edit_project(request.user, project):
        raise PermissionDenied("Seuls les membres de la collectivité porteuse peuvent "
                               f"évaluer {what} de ce projet.")
    return project


def project_footprint(request, slug):
    project = _project_or_404(request, slug)
    latest = selectors.latest_footprint(project)
    result = selectors.result_of(latest) if latest else None
    recomputed = None
    if latest and latest.recomputed_from_id:
        recomputed = footprint.compare_results(
            selectors.result_of(latest.recomputed_from), result)
    return _assessment_page(
        request, project, "evaluations/footprint.html", "Empreinte environnementale",
        assessment=latest, result=result,
        headline=selectors.footprint_headline(result) if result else None,
        today=selectors.footprint_today(latest) if latest else None,
        history=selectors.footprint_history(project), comparison=recomputed,
        variants=footprint.compare_variants(result.inputs) if result else [])


def _can_recompute(user, project) -> bool:
    return permissions.can_edit_project(user, project) or permissions.is_moderator(user)


@login_required
def edit_footprint(request, slug):
    project = _project_to_assess(request, slug, "l'empreinte")
    latest = selectors.latest_footprint(project)
    forms = FootprintForms(request.POST or None, request.FILES or None,
                           previous=latest.inputs if latest else {},
                           service_initial=selectors.project_service(project))
    if request.method == "POST" and forms.is_valid():
        try:
            services.save_footprint(project=project, author=request.user,
                                    inputs=forms.to_inputs(inhabitants=project.owner.population))
        except footprint.FootprintError as exc:
            forms.add_engine_error(exc)
        else:
            messages.success(request, "L'empreinte est calculée et enregistrée avec ses "
                                      "données et les versions des méthodes.")
            return redirect("evaluations:footprint", slug=project.slug)
    return render(request, "evaluations/footprint_form.html", {
        "project": project, "sets": forms.sets, "gains_form": forms.gains,
        "models": model_choices(),
        "errors": forms.error_lines(), "title": f"Évaluer l'empreinte — {project.title}",
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
    return _assessment_page(
        request, project, "evaluations/compliance.html", "Conformité et opportunité",
        assessment=latest, result=latest.evaluation if latest else None,
        today=selectors.compliance_today(latest) if latest else None,
        history=selectors.compliance_history(project))


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
    """The questionnaire page by page (``QuestionnaireSteps``), then the opportunity and
    ethics questions, then the evaluation is stored."""
    project = _project_to_assess(request, slug, "la conformité")
    latest = selectors.latest_compliance(project)
    stored = latest.answers if latest else {}
    known = selectors.project_answers(project)
    opportunity_initial = {**selectors.project_opportunity(project),
                           **(stored.get("opportunity") or {})}
    if isinstance(opportunity_initial.get("alternatives_considered"), list):
        opportunity_initial["alternatives_considered"] = "\n".join(
            opportunity_initial["alternatives_considered"])
    if request.method == "POST":
        steps = QuestionnaireSteps(request.POST, known=known, stored=stored.get("legal", {}))
        action = request.POST.get("action", "save")
        opportunity = OpportunityForm(request.POST if action == "save" else None, prefix="o",
                                      initial=opportunity_initial)
        ethics = EthicsForm(request.POST if action == "save" else None, prefix="e",
                            initial=EthicsForm.initial_from(stored.get("ethics")))
        if steps.is_valid() and action == "continue":
            steps.advance()
        elif steps.is_valid() and action == "back":
            steps.back()
        elif action == "save" and steps.is_valid() and opportunity.is_valid() \
                and ethics.is_valid():
            services.save_compliance(project=project, author=request.user,
                                     answers=steps.answers(),
                                     opportunity_answers=opportunity.to_answers(),
                                     ethics_answers=ethics.to_answers())
            messages.success(request, "Les réponses et le résultat sont enregistrés, avec la "
                                      "version des règles appliquées.")
            return redirect("evaluations:compliance", slug=project.slug)
    else:
        steps = QuestionnaireSteps(known=known, stored=stored.get("legal", {}))
        steps.start()
        opportunity = OpportunityForm(prefix="o", initial=opportunity_initial)
        ethics = EthicsForm(prefix="e", initial=EthicsForm.initial_from(stored.get("ethics")))
    errors = error_summary(steps.display_form()) + error_summary(opportunity)
    return render(request, "evaluations/compliance_form.html", {
        "project": project, "steps": steps, "opportunity": opportunity, "ethics": ethics,
        "errors": errors, "title": f"Évaluer la conformité — {project.title}",
    })


def diagnostic(request):
    """Self-diagnosis without an account, page by page like a project's questionnaire;
    nothing is stored; the result can be printed."""
    data = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "result") if data is not None else ""
    steps = QuestionnaireSteps(data)
    opportunity = OpportunityForm(data if action == "result" else None, prefix="o")
    code_error = ""
    result = None
    organization = None
    if data is None:
        steps.start()
    elif steps.is_valid() and action == "continue":
        steps.advance()
    elif steps.is_valid() and action == "back":
        steps.back()
    elif action == "result" and steps.is_valid() and opportunity.is_valid():
        code = request.POST.get("collectivite", "").strip()
        if code:
            organization = get_organization_by_code(code)
            if organization is None:
                code_error = (f"Aucune collectivité ne porte le code « {code} » : le diagnostic "
                              "est fait sans elle.")
        result = services.run_compliance(
            answers=steps.answers(), opportunity_answers=opportunity.to_answers(),
            ethics_answers={}, organization=organization)
        steps.finished = True
    return render(request, "evaluations/diagnostic.html", {
        "steps": steps, "opportunity": opportunity, "result": result,
        "organization": organization, "code_error": code_error,
        "code": request.POST.get("collectivite", "") if data is not None else "",
        "errors": error_summary(steps.display_form()) + error_summary(opportunity),
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
