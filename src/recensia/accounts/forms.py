from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from recensia.core.forms import BaseForm
from recensia.territories.selectors import get_organization_by_code


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
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    email = forms.EmailField(label="Adresse électronique professionnelle",
                             help_text="Celle de votre collectivité, par exemple "
                                       "prenom.nom@mairie-exemple.fr.")
    password = forms.CharField(label="Mot de passe", strip=False, widget=forms.PasswordInput,
                               help_text="10 caractères au moins, pas uniquement des chiffres.")

    def clean_password(self):
        password = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password


class MembershipRequestForm(BaseForm):
    organization_code = forms.CharField(
        label="Code de votre collectivité",
        help_text="Code INSEE de la commune (5 caractères, par exemple 78490) ou SIREN de "
                  "l'intercommunalité (9 chiffres). Vous pouvez le retrouver sur la page "
                  "Collectivités.",
    )
    job_title = forms.CharField(label="Votre fonction", max_length=200, required=False,
                                help_text="Par exemple « secrétaire de mairie ».")

    def clean_organization_code(self):
        code = self.cleaned_data["organization_code"].strip()
        org = get_organization_by_code(code)
        if org is None:
            raise forms.ValidationError(f"Aucune collectivité ne porte le code « {code} ».")
        return org
