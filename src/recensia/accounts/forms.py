from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm

from recensia.accounts.models import MembershipRole, User
from recensia.core.forms import BaseForm

# Shown under the fields where a new password is chosen.
CHOOSING_HINT = (
    "12 caractères au moins, sans reprendre votre nom ni votre adresse électronique. Une "
    "phrase de quelques mots est facile à retenir.")


class LoginForm(AuthenticationForm, BaseForm):
    username = forms.EmailField(label="Adresse électronique",
                                widget=forms.EmailInput(attrs={"autocomplete": "email",
                                                               "autofocus": True}))
    password = forms.CharField(label="Mot de passe", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete":
                                                                 "current-password"}))
    error_messages = {
        "invalid_login": "Adresse électronique ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
    }


class SignupForm(BaseForm):
    first_name = forms.CharField(label="Prénom", max_length=150,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label="Nom", max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    email = forms.EmailField(label="Adresse électronique professionnelle",
                             help_text="Celle de votre collectivité, par exemple "
                                       "prenom.nom@mairie-exemple.fr. Un lien de confirmation "
                                       "y sera envoyé.",
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(label="Mot de passe", strip=False, help_text=CHOOSING_HINT,
                               widget=forms.PasswordInput(attrs={"autocomplete":
                                                                 "new-password"}))

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            # An unsaved user, so that the password is compared with the name and address.
            candidate = User(email=cleaned.get("email", ""),
                             username=cleaned.get("email", ""),
                             first_name=cleaned.get("first_name", ""),
                             last_name=cleaned.get("last_name", ""))
            try:
                password_validation.validate_password(password, user=candidate)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return cleaned


class JoinForm(BaseForm):
    """Step 2 of joining: the choice among the collectivités found (radio buttons rendered
    by the template) and the stated role."""

    organization = forms.TypedChoiceField(
        label="Votre collectivité", coerce=int, choices=(),
        error_messages={"required": "Choisissez votre collectivité dans la liste.",
                        "invalid_choice": "Choisissez votre collectivité dans la liste."})
    job_title = forms.CharField(label="Votre fonction", max_length=200,
                                widget=forms.TextInput(attrs={"autocomplete":
                                                              "organization-title"}),
                                help_text="Par exemple « secrétaire de mairie » ou « chargé de "
                                          "mission numérique ». Elle aide le référent à "
                                          "valider votre demande.")

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = {org.pk: org for org in organizations}
        self.fields["organization"].choices = [(org.pk, org.name) for org in organizations]

    def clean_organization(self):
        return self.organizations[self.cleaned_data["organization"]]


class DecisionForm(BaseForm):
    decision = forms.ChoiceField(
        label="Décision", widget=forms.RadioSelect,
        choices=[("accept", "Accepter comme membre"),
                 ("referent", "Accepter comme référent (valide à son tour les demandes)"),
                 ("refuse", "Refuser")],
        error_messages={"required": "Choisissez une décision."})
    reason = forms.CharField(label="Motif du refus", required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="À remplir seulement pour un refus : il est envoyé à la "
                                       "personne.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "refuse" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Expliquez le motif du refus : il est envoyé à la "
                                     "personne, qui pourra corriger sa demande.")
        return cleaned

    @property
    def decision_kwargs(self) -> dict:
        decision = self.cleaned_data["decision"]
        return {"accept": decision != "refuse",
                "role": MembershipRole.REFERENT if decision == "referent"
                else MembershipRole.MEMBER,
                "reason": self.cleaned_data.get("reason", "")}


class InvitationForm(BaseForm):
    organization = forms.TypedChoiceField(label="Collectivité", coerce=int, choices=())
    email = forms.EmailField(label="Adresse électronique de votre collègue",
                             help_text="Son adresse professionnelle. Elle ou il recevra un lien "
                                       "valable 14 jours.")

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = {org.pk: org for org in organizations}
        self.fields["organization"].choices = [(org.pk, org.display_name)
                                               for org in organizations]

    def clean_organization(self):
        return self.organizations[self.cleaned_data["organization"]]


class ResetRequestForm(PasswordResetForm, BaseForm):
    email = forms.EmailField(label="Adresse électronique de votre compte", max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class NewPasswordForm(SetPasswordForm, BaseForm):
    new_password1 = forms.CharField(
        label="Nouveau mot de passe", strip=False, help_text=CHOOSING_HINT,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    new_password2 = forms.CharField(
        label="Confirmation du nouveau mot de passe", strip=False,
        help_text="Tapez-le une seconde fois.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
