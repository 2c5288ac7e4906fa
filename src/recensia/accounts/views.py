from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from recensia.accounts import permissions, proconnect, selectors, services
from recensia.accounts.forms import (
    DecisionForm,
    InvitationForm,
    JoinForm,
    LoginForm,
    NewPasswordForm,
    ResetRequestForm,
    SignupForm,
)
from recensia.accounts.models import ApiToken, Membership
from recensia.core.forms import error_summary, submit
from recensia.core.mail import site_link
from recensia.territories.lookup import lookup_organizations
from recensia.territories.models import Organization
from recensia.territories.selectors import get_organization_by_code


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    extra_context = {"title": "Se connecter"}
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs),
                "proconnect_enabled": proconnect.is_enabled()}


class LogoutView(auth_views.LogoutView):
    """Signs out; a person who came with ProConnect is signed out of ProConnect too."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get("oidc_id_token", "")
        response = super().post(request, *args, **kwargs)
        if id_token and proconnect.is_enabled():
            target = proconnect.logout_url(id_token, site_link(reverse("www:home")))
            if target:
                return redirect(target)
        return response


def signup(request):
    invitation = services.find_invitation(request.GET.get("invitation", ""))
    initial = {"email": invitation.email} if invitation else {}
    form = SignupForm(request.POST or None, initial=initial)
    if user := submit(form, lambda data: services.create_user(**data)):
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if invitation and user.email == invitation.email.lower():
            return redirect("accounts:invitation", key=request.GET["invitation"])
        messages.success(request, f"Votre compte est créé. Ouvrez le lien que nous venons "
                                  f"d'envoyer à {user.email} pour confirmer votre adresse, "
                                  "puis demandez à rejoindre votre collectivité.")
        return redirect("www:me")
    return render(request, "accounts/signup.html", {
        "form": form, "errors": error_summary(form), "title": "Créer un compte",
        "proconnect_enabled": proconnect.is_enabled()})


def confirm_email(request, uidb64, token):
    user = services.confirm_email(uidb64=uidb64, token=token)
    if user is None:
        return render(request, "accounts/confirm_email_failed.html", {
            "title": "Lien de confirmation expiré"}, status=400)
    messages.success(request, f"Votre adresse {user.email} est confirmée. Vous pouvez "
                              "demander à rejoindre votre collectivité.")
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect("accounts:join")
    return redirect(f"{reverse('accounts:login')}?next={reverse('accounts:join')}")


@require_POST
@login_required
def resend_confirmation(request):
    services.send_email_confirmation(user=request.user)
    messages.success(request, f"Un nouveau lien de confirmation est envoyé à "
                              f"{request.user.email}.")
    return redirect("www:me")


@login_required
def join(request):
    """Join a collectivité: search by name or code (GET), then choose and send (POST)."""
    query = (request.POST.get("q") or request.GET.get("q") or "").strip()
    preselected = get_organization_by_code(request.POST.get("collectivite")
                                           or request.GET.get("collectivite", ""))
    lookup = lookup_organizations(query)
    choices = list(lookup.results)
    if preselected is not None and not preselected.is_obsolete \
            and preselected.pk not in {org.pk for org in choices}:
        choices.insert(0, preselected)
    form = JoinForm(request.POST or None, organizations=choices,
                    initial={"organization": preselected.pk if preselected
                             else choices[0].pk if len(choices) == 1 else None})
    if membership := submit(form, lambda data: services.request_membership(
            user=request.user, organization=data["organization"],
            job_title=data["job_title"]), default="organization"):
        messages.success(request, f"Votre demande pour rejoindre "
                                  f"{membership.organization.name} est envoyée : un "
                                  "référent de la collectivité ou l'équipe de modération "
                                  "va y répondre, et vous serez prévenu par courriel. En "
                                  "attendant, vous pouvez préparer des brouillons de "
                                  "projets.")
        return redirect("www:me")
    return render(request, "accounts/join.html", {
        "form": form, "errors": error_summary(form), "lookup": lookup, "query": query,
        "choices": choices, "preselected": preselected,
        "selected": str(form["organization"].value() or ""),
        "title": "Rejoindre une collectivité",
    })


@login_required
def membership_decision(request, pk):
    """The page where a référent or a moderator decides on a request to join."""
    membership = get_object_or_404(
        Membership.objects.select_related("user", "organization", "decided_by"), pk=pk)
    if not permissions.can_validate_membership(request.user, membership):
        raise permissions.PermissionDenied(
            "Seuls un référent de cette collectivité ou l'équipe de modération peuvent "
            "examiner cette demande.")
    form = DecisionForm(request.POST or None)
    if submit(form, lambda data: services.decide_membership(
            membership=membership, decided_by=request.user, **form.decision_kwargs)):
        accepted = form.decision_kwargs["accept"]
        messages.success(request, f"Demande de {membership.user} "
                                  f"{'acceptée' if accepted else 'refusée'} : un courriel "
                                  "l'en informe.")
        return redirect(_safe_next(request, "www:me"))
    return render(request, "accounts/decision.html", {
        "facts": selectors.decision_facts(membership), "form": form,
        "errors": error_summary(form), "is_pending": membership.status == "pending",
        "next": _safe_next(request, ""),
        "title": f"Demande de {membership.user} pour {membership.organization.name}",
    })


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse(default) if default else ""


@login_required
def invite(request):
    """A référent invites a colleague by e-mail."""
    organizations = list(selectors.referent_organizations(request.user))
    requested = get_organization_by_code(request.GET.get("collectivite", ""))
    if requested is not None and permissions.can_invite_to(request.user, requested) \
            and requested.pk not in {org.pk for org in organizations}:
        organizations.insert(0, requested)
    if not organizations:
        raise permissions.PermissionDenied("Seuls les référents d'une collectivité peuvent "
                                           "inviter des collègues.")
    form = InvitationForm(request.POST or None, organizations=organizations,
                          initial={"organization": (requested or organizations[0]).pk})
    if sent := submit(form, lambda data: services.invite_colleague(
            by=request.user, organization=data["organization"], email=data["email"]),
            default="email"):
        invitation, _key = sent
        messages.success(request, f"Invitation envoyée à {invitation.email} : le lien est "
                                  f"valable jusqu'au {invitation.expires_at:%d/%m/%Y}.")
        return redirect(invitation.organization)
    return render(request, "accounts/invite.html", {
        "form": form, "errors": error_summary(form), "title": "Inviter un collègue"})


def invitation(request, key):
    found = services.find_invitation(key)
    if found is None:
        raise Http404("Invitation introuvable ou expirée")
    if request.method == "POST" and request.user.is_authenticated:
        try:
            membership = services.accept_invitation(user=request.user, key=key)
        except ValidationError as exc:
            for msg in exc.messages:
                messages.error(request, msg)
        else:
            messages.success(request, f"Vous êtes membre de {membership.organization.name}.")
            return redirect(membership.organization)
    return render(request, "accounts/invitation.html", {
        "invitation": found, "key": key,
        "matches": request.user.is_authenticated
        and request.user.email.lower() == found.email.lower(),
        "title": f"Invitation à rejoindre {found.organization.name}"})


# ---------------------------------------------------------------- password reset

class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/emails/password_reset.txt"
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_context = {"title": "Mot de passe oublié"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["errors"] = error_summary(context["form"])
        return context

    def form_valid(self, form):
        self.extra_email_context = {"site_url": site_link("")}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"
    extra_context = {"title": "Courriel envoyé"}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    extra_context = {"title": "Choisir un nouveau mot de passe"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["errors"] = error_summary(context["form"]) if context.get("form") else []
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_was_reset(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
    extra_context = {"title": "Mot de passe changé"}


@require_POST
@login_required
def decide_membership(request, pk):
    """Kept for forms posted to the old address: the decision page does the work."""
    return membership_decision(request, pk)


@require_POST
@login_required
def create_token(request):
    org = get_object_or_404(Organization, pk=request.POST.get("organization"))
    try:
        token, key = services.create_api_token(user=request.user, organization=org,
                                               name=request.POST.get("name", ""))
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
        return redirect("www:me")
    messages.warning(request, f"Clé d'API créée pour « {token.name} » : {key} — copiez-la "
                              "maintenant, elle ne sera plus affichée.")
    return redirect("www:me")


@require_POST
@login_required
def revoke_token(request, pk):
    token = get_object_or_404(ApiToken, pk=pk)
    services.revoke_api_token(token=token, by=request.user)
    messages.success(request, f"La clé « {token.name} » est révoquée.")
    return redirect("www:me")


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
    return redirect("www:me")
