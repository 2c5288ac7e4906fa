"""Thin views: parse the request, call a selector or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from recensia.accounts import permissions
from recensia.accounts.permissions import PermissionDenied
from recensia.core.forms import add_errors, error_summary, submit
from recensia.core.http import client_ip
from recensia.projects import fields as F
from recensia.projects import selectors, services, taxonomy
from recensia.projects.forms import (
    AnswerReportForm,
    ProjectForm,
    RejectForm,
    ReportForm,
    TaxonomyForm,
)
from recensia.projects.merge import merge
from recensia.projects.models import (
    Domain,
    Project,
    Technique,
)
from recensia.territories.models import Organization


def _owner_choices(user) -> QuerySet[Organization]:
    if user.is_superuser:
        return Organization.objects.filter(is_obsolete=False)
    return Organization.objects.filter(pk__in=permissions.draft_organization_ids(user))


ALL_STEPS = "tout"  # ?etape=tout: the whole project on one page
STEP_FIELD = "etape"  # the step a posted form holds; none posted: the whole project
NEXT_FIELD = "suite"  # where to go once saved: a step, or the project page


def _step(request: HttpRequest) -> F.Step | None:
    """The step shown or posted; None for the whole project on one page."""
    if request.method == "POST":
        key = request.POST.get(STEP_FIELD)
        if key is None:
            return None
    else:
        key = request.GET.get(STEP_FIELD) or F.STEP_KEYS[0]
        if key == ALL_STEPS:
            return None
    if key not in F.STEP_KEYS:
        raise Http404("Étape inconnue")
    return F.STEPS[F.STEP_KEYS.index(key)]


def _after_save(request: HttpRequest, project: Project, step: F.Step | None) -> HttpResponse:
    wanted = request.POST.get(NEXT_FIELD, "")
    if step is not None and wanted in F.STEP_KEYS:
        return redirect(f"{reverse('projects:edit', args=[project.slug])}?{STEP_FIELD}={wanted}")
    return redirect(project)


def _steps_context(step: F.Step | None) -> dict:
    if step is None:
        return {"step": None}
    number = F.STEPS.index(step) + 1
    return {"step": step, "step_number": number, "steps": F.STEPS,
            "previous_step": F.STEPS[number - 2] if number > 1 else None,
            "next_step": F.STEPS[number] if number < len(F.STEPS) else None}


def _edit(request: HttpRequest, project: Project | None) -> HttpResponse:
    owners = _owner_choices(request.user)
    step = _step(request)
    if project is None and step is not None and step is not F.STEPS[0]:
        return redirect("projects:create")  # later steps need the draft the first one makes
    form = ProjectForm(request.POST or None, project=project, owner_choices=owners, step=step)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            if project is None:
                project = services.create_project(author=request.user, data=form.to_data())
                messages.success(request, "Le projet est enregistré comme brouillon. "
                                          "Soumettez-le quand il est prêt à être publié.")
            else:
                project = services.update_project(
                    project=project, author=request.user, data=form.to_data(),
                    expected_version=form.cleaned_data.get("version"))
                messages.success(request, saved_message(project, step))
            return _after_save(request, project, step)
        except services.MergeNeeded as exc:
            return render_merge_choice(request, project, exc)
        except services.EditConflict as exc:
            conflict = exc
            labels = selectors.field_labels()
            conflict.labels = [labels.get(n, n) for n in exc.changed_fields]
            # Keep what the user typed; the next save is made against the new version.
            data = request.POST.copy()
            data["version"] = str(exc.project.version)
            form = ProjectForm(data, project=project, owner_choices=owners, step=step)
            form.is_valid()
        except ValidationError as exc:
            add_errors(form, exc)
    title = f"Modifier « {project.title} »" if project else "Déclarer un projet"
    return render(request, "projects/form.html", {
        "form": form, "project": project, "errors": form.summary(), "conflict": conflict,
        "cancel_url": project.get_absolute_url() if project else reverse("www:me"),
        "heading": title, "all_steps": ALL_STEPS,
        "form_url": reverse("projects:edit", args=[project.slug]) if project
        else reverse("projects:create"),
        "title": f"{title} — étape {F.STEPS.index(step) + 1} sur {len(F.STEPS)} : "
                 f"{step.title}" if step else title,
        **_steps_context(step),
    })


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    if not _owner_choices(request.user).exists():
        messages.info(request, "Pour déclarer un projet, rejoignez d'abord votre collectivité : "
                               "un référent ou la modération validera votre demande.")
        return redirect("www:me")
    return _edit(request, None)


@login_required
def project_edit(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(Project, slug=slug)
    if not permissions.can_edit_project(request.user, project):
        raise PermissionDenied("Seuls les membres de la collectivité porteuse peuvent "
                                   "modifier ce projet.")
    return _edit(request, project)


def _action(request: HttpRequest, slug: str, func, success: str, **kwargs) -> HttpResponse:
    project = get_object_or_404(Project, slug=slug)
    try:
        func(project=project, **kwargs)
        messages.success(request, success)
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    return redirect(project)


@require_POST
@login_required
def project_submit(request, slug):
    return _action(request, slug, services.submit_project,
                   "Le projet est soumis : l'équipe de modération va le relire.",
                   author=request.user)


@require_POST
@login_required
def project_publish(request, slug):
    return _action(request, slug, services.publish_project, "Le projet est publié.",
                   moderator=request.user)


@login_required
def project_reject(request, slug):
    project = get_object_or_404(Project, slug=slug)
    if not permissions.can_moderate_project(request.user, project):
        raise PermissionDenied("Seule l'équipe de modération peut refuser un projet.")
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _action(request, slug, services.reject_project,
                       "Le projet est refusé ; la collectivité voit le motif.",
                       moderator=request.user, reason=form.cleaned_data["reason"])
    return render(request, "projects/reject.html", {
        "form": form, "project": project, "title": "Refuser un projet",
        "errors": error_summary(form)})


@require_POST
@login_required
def project_archive(request, slug):
    return _action(request, slug, services.archive_project,
                   "Le projet est archivé. Il reste consultable par votre collectivité et peut "
                   "être sorti des archives.", author=request.user)


@require_POST
@login_required
def project_unarchive(request, slug):
    return _action(request, slug, services.unarchive_project, "Le projet est sorti des archives.",
                   author=request.user)


def project_history(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(Project, slug=slug)
    if not permissions.can_view_project(request.user, project):
        raise Http404("Projet introuvable")
    can_edit = permissions.can_edit_project(request.user, project)
    full = can_edit or permissions.is_moderator(request.user)
    return render(request, "projects/history.html", {
        "project": project, "versions": selectors.revisions_with_changes(project, full=full),
        "can_edit": can_edit, "full": full,
        "title": f"Historique de « {project.title} »",
    })


@require_POST
@login_required
def project_restore(request, slug, number):
    project = get_object_or_404(Project, slug=slug)
    revision = selectors.get_revision(project, number)
    if revision is None:
        raise Http404("Version introuvable")
    try:
        restored = services.restore_revision(
            project=project, revision=revision, author=request.user,
            expected_version=int(request.POST.get("version") or 0) or None)
        if restored.proposed_change:
            messages.success(request, saved_message(restored))
        else:
            messages.success(request, f"La version {number} est restaurée ; l'état précédent "
                                      "reste dans l'historique.")
    except services.EditConflict:
        messages.error(request, "Le projet a changé entre-temps : relisez l'historique avant de "
                                "restaurer.")
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    return redirect("projects:history", slug=slug)


TAXONOMIES = {"domaines": (Domain, "Domaines d'action publique"),
              "techniques": (Technique, "Techniques d'IA")}


@login_required
def taxonomy_list(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in TAXONOMIES:
        raise Http404
    if not permissions.can_manage_reference_lists(request.user):
        raise PermissionDenied("Cette page est réservée à l'équipe de modération.")
    model, label = TAXONOMIES[kind]
    form = TaxonomyForm(request.POST or None)
    if saved := submit(form, lambda data: taxonomy.save_taxonomy_entry(
            user=request.user, model=model, **data)):
        messages.success(request, f"« {saved.name} » est ajouté à la liste.")
        return redirect("projects:taxonomy", kind=kind)
    return render(request, "projects/taxonomy.html", {
        "entries": model.objects.order_by("position", "name"), "form": form, "kind": kind,
        "title": label, "errors": error_summary(form), "taxonomies": TAXONOMIES,
    })




# ---------------------------------------------------------------- moderated changes, merges

def saved_message(project: Project, step: F.Step | None = None) -> str:
    if getattr(project, "proposed_change", None):
        return ("Vos modifications sont envoyées à l'équipe de modération. La version publiée "
                "reste en ligne jusqu'à leur validation ; la fiche indique où en est la "
                "relecture.")
    if step is not None:
        return f"L'étape « {step.title} » est enregistrée."
    return "Vos modifications sont enregistrées."


MERGE_SALT = "projects.merge"
MERGE_MAX_AGE = 24 * 3600


def render_merge_choice(request: HttpRequest, project: Project,
                        conflict: services.MergeNeeded, *, error: str = "") -> HttpResponse:
    """The fields both people changed, side by side, for the person to choose; the other
    changes of both are already merged and travel in a signed form field."""
    labels = selectors.field_labels()
    token = signing.dumps({
        "user": request.user.pk, "seen": conflict.seen, "action": conflict.action,
        "merged": {k: conflict.result.merged.get(k) for k in conflict.seen},
        "conflicts": [c.key for c in conflict.result.conflicts]}, salt=MERGE_SALT,
        compress=True)
    rows = [{"key": c.key, "label": labels.get(c.key, c.key),
             "mine": selectors.readable(c.key, c.mine),
             "theirs": selectors.readable(c.key, c.theirs)} for c in conflict.result.conflicts]
    merged_labels = [labels.get(k, k) for k in conflict.result.theirs_only]
    return render(request, "projects/merge.html", {
        "project": project, "rows": rows, "token": token, "authors": conflict.authors,
        "merged_labels": merged_labels, "error": error,
        "title": f"Choisir les valeurs à garder — « {project.title} »",
    }, status=409)


@require_POST
@login_required
def project_merge(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(Project, slug=slug)
    if not permissions.can_edit_project(request.user, project):
        raise PermissionDenied("Seuls les membres de la collectivité porteuse peuvent "
                               "modifier ce projet.")
    try:
        payload = signing.loads(request.POST.get("jeton", ""), salt=MERGE_SALT,
                                max_age=MERGE_MAX_AGE)
    except signing.BadSignature:
        payload = None
    if not payload or payload.get("user") != request.user.pk:
        messages.error(request, "Ce choix a expiré (plus de 24 heures) : ouvrez de nouveau "
                                "le formulaire pour refaire vos modifications.")
        return redirect("projects:edit", slug=slug)
    choices = {key: request.POST.get(f"choix-{key}") for key in payload["conflicts"]}
    if any(choice not in ("mienne", "autre") for choice in choices.values()):
        conflict = services.MergeNeeded(
            project, merge(payload["seen"], payload["merged"], payload["seen"]),
            payload["seen"], [], payload["action"])
        conflict.result.conflicts = [c for c in conflict.result.conflicts
                                     if c.key in payload["conflicts"]]
        return render_merge_choice(request, project, conflict,
                                   error="Choisissez une valeur pour chaque champ.")
    try:
        project = services.settle_conflict(
            project=project, author=request.user, seen=payload["seen"],
            merged=payload["merged"], action=payload["action"],
            keep_theirs=[key for key, choice in choices.items() if choice == "autre"])
    except services.MergeNeeded as exc:
        return render_merge_choice(request, project, exc, error=(
            "La fiche a encore été modifiée pendant votre choix : voici les nouveaux écarts."))
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
        return redirect("projects:edit", slug=slug)
    messages.success(request, saved_message(project))
    return redirect(project)


def _proposal_or_404(request: HttpRequest, slug: str, pk: int):
    project = get_object_or_404(Project, slug=slug)
    proposal = selectors.get_proposal(project, pk)
    if proposal is None or not (permissions.can_edit_project(request.user, project)
                                or permissions.is_moderator(request.user)):
        raise Http404("Modification introuvable")
    return project, proposal


@login_required
def proposal_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project, proposal = _proposal_or_404(request, slug, pk)
    can_moderate = permissions.can_moderate_project(request.user, project)
    form = RejectForm(request.POST or None) if can_moderate else None
    if request.method == "POST" and form is not None:
        if request.POST.get("decision") == "accepter":
            try:
                services.accept_proposal(proposal=proposal, moderator=request.user)
                messages.success(request, "Les modifications sont publiées ; la collectivité "
                                          "en est informée.")
                return redirect(project)
            except ValidationError as exc:
                for msg in exc.messages:
                    messages.error(request, msg)
                return redirect(proposal)
        if submit(form, lambda data: services.refuse_proposal(
                proposal=proposal, moderator=request.user, reason=data["reason"])):
            messages.success(request, "Les modifications sont refusées ; la collectivité voit "
                                      "le motif. La version publiée ne change pas.")
            return redirect("www:moderation")
    return render(request, "projects/proposal.html", {
        "project": project, "proposal": proposal, "can_moderate": can_moderate,
        "table": selectors.proposal_table(proposal), "form": form,
        "errors": error_summary(form) if form is not None else [],
        "title": f"Modifications proposées — « {project.title} »",
    })


# ---------------------------------------------------------------- error reports

def report_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(Project, slug=slug)
    if not project.is_public:
        raise Http404("Projet introuvable")
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        key = f"user-{request.user.pk}" if request.user.is_authenticated else \
            f"ip-{client_ip(request)}"
        try:
            report = services.report_error(project=project, client_key=key,
                                           **form.cleaned_data)
        except services.TooManyReports as exc:
            form.add_error(None, str(exc))
            status = 429
        else:
            messages.success(request, "Merci : votre signalement est transmis à l'équipe de "
                                      "modération et à la collectivité. Réponse au plus tard le "
                                      f"{date_format(report.due_on, 'j F Y')}.")
            return redirect(project)
    return render(request, "projects/report_form.html", {
        "project": project, "form": form, "errors": error_summary(form),
        "days": services.REPORT_ANSWER_DAYS, "title": "Signaler une erreur",
    }, status=status)


@login_required
def report_handle(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report(pk)
    if report is None:
        raise Http404("Signalement introuvable")
    if not permissions.can_moderate_project(request.user, report.project):
        raise PermissionDenied("Seule l'équipe de modération répond aux signalements.")
    form = AnswerReportForm(request.POST or None)
    if submit(form, lambda data: services.answer_report(report=report, moderator=request.user,
                                                         **data)):
        messages.success(request, "La réponse est envoyée ; la fiche n'affiche plus "
                                  "« signalement en cours ».")
        return redirect("www:moderation")
    return render(request, "projects/report_handle.html", {
        "report": report, "project": report.project, "form": form,
        "errors": error_summary(form), "title": "Répondre à un signalement",
    })
