"""Moderators' forms: the « reconnue » label and the check of a vendor."""

from __future__ import annotations

from django import forms

from recensia.core.forms import BaseForm
from recensia.solutions.models import CompanyState, Deployment, Solution

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


class SolutionForm(forms.ModelForm, BaseForm):
    """A catalogue entry, as a moderator enters it (never a vendor)."""

    vendor_name = forms.CharField(label="Fournisseur", max_length=200, required=False,
                                  help_text="Nom de l'entreprise ou de l'organisme.")
    vendor_siren = forms.CharField(label="SIREN du fournisseur", max_length=11, required=False,
                                   help_text="9 chiffres ; la clé de contrôle est vérifiée.")
    deployments = forms.MultipleChoiceField(label="Modes d'installation", required=False,
                                            choices=Deployment.choices,
                                            widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Solution
        fields = ["name", "summary", "website", "open_source", "licence", "repository_url",
                  "hosting_country", "secnumcloud", "deployments", "pricing", "pricing_detail",
                  "accessibility", "languages", "procurement_vehicles", "procurement_url"]
        widgets = {"procurement_vehicles": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.vendor_id:
            self.fields["vendor_name"].initial = self.instance.vendor.name
            self.fields["vendor_siren"].initial = self.instance.vendor.siren

    def _post_clean(self):
        # The service validates and saves; the form only reads the values.
        pass
