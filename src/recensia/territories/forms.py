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


class ServiceContactForm(BaseForm):
    label = forms.CharField(label="Service à contacter", max_length=200, required=False,
                            help_text="Par exemple « Direction du numérique » ou « Accueil de "
                                      "la mairie ».")
    email = forms.EmailField(label="Adresse électronique du service", required=False,
                             help_text="Une adresse de service plutôt que nominative. Elle "
                                       "est publiée sur la page de la collectivité et dans "
                                       "son inventaire des algorithmes.",
                             error_messages={"invalid": "Saisissez une adresse électronique "
                                                        "complète, par exemple "
                                                        "numerique@mairie.fr."})

    def clean(self):
        data = super().clean()
        if data.get("label") and not data.get("email"):
            self.add_error("email", "Indiquez l'adresse du service, sans quoi personne ne "
                                    "peut lui écrire.")
        return data
