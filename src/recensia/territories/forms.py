from django import forms

from recensia.core.forms import BaseForm
from recensia.territories.models import OtherBodyType


class OtherBodyForm(BaseForm):
    name = forms.CharField(label="Nom de l'organisme", max_length=200,
                           help_text="Par exemple « SDIS du Var » ou « Syndicat des eaux ».")
    other_type = forms.ChoiceField(label="Nature de l'organisme", choices=OtherBodyType.choices)
    departement_code = forms.CharField(label="Code du département", max_length=3, required=False,
                                       help_text="Par exemple 83 ou 2A.")
    siren = forms.RegexField(label="SIREN", regex=r"^\d{9}$", required=False,
                             error_messages={"invalid": "Le SIREN compte exactement 9 chiffres."})
    website = forms.URLField(label="Site web", required=False, assume_scheme="https")
