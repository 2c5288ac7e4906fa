"""Moderators' forms: the « reconnue » label and the check of a vendor."""

from __future__ import annotations

from django import forms

from recensia.core.forms import BaseForm
from recensia.solutions.models import CompanyState

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RecognitionForm(BaseForm):
    recognised = forms.TypedChoiceField(
        label="Label « reconnue »", widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        choices=[("yes", "Attribuer le label"), ("no", "Ne pas attribuer ou retirer le label")])
    reason = forms.CharField(label="Motif", max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Ce qui justifie la décision (affiché sur la fiche).")
    on = forms.DateField(label="Date de la décision", widget=DATE_WIDGET)


class VendorCheckForm(BaseForm):
    state = forms.ChoiceField(label="Situation de l'entreprise", choices=CompanyState.choices,
                              widget=forms.RadioSelect)
    checked_on = forms.DateField(label="Vérifié le", widget=DATE_WIDGET)
    source_url = forms.URLField(label="Où la vérification a été faite", required=False,
                                assume_scheme="https",
                                help_text="Par exemple la page de l'entreprise sur "
                                          "l'annuaire des entreprises.")
    note = forms.CharField(label="Précision", max_length=300, required=False)
