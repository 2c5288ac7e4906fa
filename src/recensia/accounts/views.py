from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from recensia.accounts import selectors, services
from recensia.accounts.forms import LoginForm, MembershipRequestForm, SignupForm
from recensia.accounts.models import Membership, MembershipRole
from recensia.core.forms import error_summary
from recensia.projects.models import Project
from recensia.search.selectors import nearby_projects


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    extra_context = {"title": "Se connecter"}
    redirect_authenticated_user = True


def signup(request):
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_user(**form.cleaned_data)
        except ValidationError as exc:
            for name, errs in exc.message_dict.items():
                for err in errs:
                    form.add_error(name, err)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Votre compte est créé. Indiquez maintenant votre "
                                      "collectivité.")
            return redirect("accounts:me")
    return render(request, "accounts/signup.html", {
        "form": form, "errors": error_summary(form), "title": "Créer un compte"})


@login_required
def me(request):
    form = MembershipRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_membership(user=request.user,
                                        organization=form.cleaned_data["organization_code"],
                                        job_title=form.cleaned_data["job_title"])
        except ValidationError as exc:
            for errs in exc.message_dict.values():
                for err in errs:
                    form.add_error("organization_code", err)
        else:
            messages.success(request, "Votre demande est envoyée : un référent de la "
                                      "collectivité ou l'équipe de modération va la valider.")
            return redirect("accounts:me")
    memberships = selectors.memberships_of(request.user)
    org_ids = [m.organization_id for m in memberships if m.status == "active"]
    projects = (Project.objects.filter(owner_id__in=org_ids).select_related("owner")
                .order_by("-updated_at", "id"))
    nearby = []
    active = [m for m in memberships if m.status == "active"]
    if active:
        nearby = nearby_projects(active[0].organization)
    from recensia.accounts.models import ApiToken

    tokens = ApiToken.objects.filter(organization_id__in=org_ids).select_related(
        "organization", "created_by").order_by("-created_at", "id")
    return render(request, "accounts/me.html", {
        "tokens": tokens, "active_memberships": active,
        "nearby": nearby, "nearby_org": active[0].organization if active else None,
        "form": form, "errors": error_summary(form), "memberships": memberships,
        "projects": projects, "pending": selectors.pending_memberships(request.user),
        "title": "Mon compte",
    })


@require_POST
@login_required
def decide_membership(request, pk):
    membership = get_object_or_404(Membership, pk=pk)
    accept = request.POST.get("decision") == "accept"
    role = MembershipRole.REFERENT if request.POST.get("role") == "referent" \
        else MembershipRole.MEMBER
    try:
        services.decide_membership(membership=membership, decided_by=request.user,
                                   accept=accept, role=role)
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    else:
        messages.success(request, f"Demande de {membership.user} "
                                  f"{'acceptée' if accept else 'refusée'}.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "accounts:me"
    return redirect(target or "accounts:me")


@require_POST
@login_required
def create_token(request):
    from recensia.territories.models import Organization

    org = get_object_or_404(Organization, pk=request.POST.get("organization"))
    try:
        token, key = services.create_api_token(user=request.user, organization=org,
                                               name=request.POST.get("name", ""))
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
        return redirect("accounts:me")
    messages.warning(request, f"Clé d'API créée pour « {token.name} » : {key} — copiez-la "
                              "maintenant, elle ne sera plus affichée.")
    return redirect("accounts:me")


@require_POST
@login_required
def revoke_token(request, pk):
    from recensia.accounts.models import ApiToken

    token = get_object_or_404(ApiToken, pk=pk)
    services.revoke_api_token(token=token, by=request.user)
    messages.success(request, f"La clé « {token.name} » est révoquée.")
    return redirect("accounts:me")


@require_POST
@login_required
def end_membership(request, pk):
    membership = get_object_or_404(Membership, pk=pk)
    try:
        services.end_membership(membership=membership, by=request.user)
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    else:
        messages.success(request, f"Vous ne faites plus partie de "
                                  f"{membership.organization.name} sur la plateforme. Les "
                                  "projets de la collectivité ne sont pas modifiés.")
    return redirect("accounts:me")
