from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from recensia.accounts import services
from recensia.accounts.forms import LoginForm, SignupForm
from recensia.accounts.models import ApiToken, Membership, MembershipRole
from recensia.core.forms import error_summary
from recensia.territories.models import Organization


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
            return redirect("www:me")
    return render(request, "accounts/signup.html", {
        "form": form, "errors": error_summary(form), "title": "Créer un compte"})


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
        target = "www:me"
    return redirect(target or "www:me")


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
