"""Footprint forms: one small form per usage profile, in formsets (several per project)."""

from __future__ import annotations

import re

from django import forms

from recensia import footprint
from recensia.core.forms import BaseForm
from recensia.footprint.ecologits_bridge import provider_label

PERCENT_HELP = "En pourcentage, de 0 à 100."


class FrenchNumberField(forms.FloatField):
    """A number typed the French way: « 3 500 », « 3 500,5 », « 1 200 appels » are read
    3500, 3500.5 and 1200 (spaces between thousands, decimal comma, a trailing word)."""

    widget = forms.TextInput

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def prepare_value(self, value):
        if isinstance(value, float):
            return str(int(value)) if value.is_integer() else str(value).replace(".", ",")
        return value

    def to_python(self, value):
        if isinstance(value, str):
            text = re.sub(r"[\s\u00a0\u202f]", "", value)
            text = re.sub(r"[^\d,.\-]+$", "", text)  # « 1200appels », « 3500€ »
            value = text.replace(",", ".") if text.count(",") <= 1 else text
        return super().to_python(value)


def model_choices() -> list[tuple[str, str]]:
    """Every model EcoLogits knows, for the searchable list of the « Modèle » fields."""
    return [(model, provider_label(provider)) for provider in footprint.list_providers()
            for model in footprint.list_models(provider)]


class ServiceForm(BaseForm):
    """A service bought from a vendor: only what a buyer knows."""

    service = forms.ChoiceField(label="Type de service")
    vendor = forms.CharField(label="Éditeur (l'entreprise qui vend le service)", required=False,
                             max_length=200, help_text="Facultatif, par exemple « Publidia ».")
    product = forms.CharField(label="Nom du produit", required=False, max_length=200,
                              help_text="Facultatif.")
    volume = FrenchNumberField(
        label="Utilisation par mois", min_value=0,
        help_text="Un nombre, dans l'unité choisie ci-dessous. Par exemple « 1 200 ».")
    volume_unit = forms.ChoiceField(
        label="Ce nombre compte…", initial="requests",
        help_text="Le nombre de questions posées au service est le plus sûr (l'éditeur peut le "
                  "donner). À défaut : les conversations sur le site (environ 5 questions "
                  "chacune), les appels reçus par le standard automatisé (environ 6 échanges), "
                  "ou les agents qui l'utilisent (environ 15 demandes par jour ouvré).")
    provider = forms.ChoiceField(
        label="Fournisseur du modèle d'IA, si l'éditeur l'indique", required=False,
        help_text="Par exemple Mistral AI ou OpenAI. « Je ne sais pas » : le calcul prend des "
                  "modèles types, petits et grands, et la fourchette est plus large.")
    model = forms.CharField(
        label="Modèle, si l'éditeur l'indique", required=False, max_length=120,
        help_text="Tapez une partie du nom pour chercher dans la liste des modèles connus "
                  "(par exemple « mistral » ou « gpt »). Laissez vide si vous ne savez pas.")
    label = forms.CharField(label="Nom de l'usage", required=False, max_length=120,
                            help_text="Facultatif, par exemple « Assistant du site de la "
                                      "mairie ».")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", "Choisissez le type de service")] + [
            (k, s.label.capitalize()) for k, s in footprint.SERVICE_KINDS.items()]
        self.fields["volume_unit"].choices = [
            (k, u.label.capitalize()) for k, u in footprint.VOLUME_UNITS.items()]
        self.fields["provider"].choices = [("", "Je ne sais pas")] + [
            (p, provider_label(p)) for p in footprint.list_providers()]
        self.fields["model"].widget.attrs.update({"list": "modeles-connus",
                                                  "autocomplete": "off"})

    def to_profile(self) -> footprint.BoughtService:
        cd = self.cleaned_data
        return footprint.BoughtService(
            service=cd["service"], volume=cd["volume"], volume_unit=cd["volume_unit"],
            provider=cd["provider"] or None, model=cd["model"].strip() or None,
            vendor=cd["vendor"].strip(), product=cd["product"].strip(), label=cd["label"])


def _country_choices():
    return [(code, f"{data['name']}") for code, data in footprint.COUNTRIES.items()]


def _gpu_choices(empty: str):
    return [("", empty)] + [(code, gpu.label) for code, gpu in footprint.GPU_MODELS.items()]


class ApiUsageForm(BaseForm):
    label = forms.CharField(label="Nom de l'usage", required=False, max_length=120,
                            help_text="Par exemple « Assistant du standard ».")
    provider = forms.ChoiceField(label="Fournisseur du modèle")
    model = forms.CharField(label="Modèle", max_length=120,
                            help_text="Tapez une partie du nom pour chercher dans la liste "
                                      "des modèles connus, par exemple mistral-small-latest "
                                      "ou gpt-4o-mini.")
    requests_per_month = forms.FloatField(label="Requêtes par mois", min_value=0)
    use_case = forms.ChoiceField(label="Type d'usage", required=False,
                                 help_text="Fixe la longueur habituelle des réponses si vous ne "
                                           "la connaissez pas.")
    output_tokens = forms.IntegerField(label="Longueur moyenne des réponses (en jetons)",
                                       required=False, min_value=0,
                                       help_text="Un jeton vaut environ trois quarts de mot.")
    zone = forms.ChoiceField(label="Pays d'hébergement des calculs", required=False,
                             help_text="Laissez vide pour la zone déclarée par le fournisseur.")
    zone_documented = forms.BooleanField(
        label="Cet hébergement est documenté par un contrat ou une fiche du fournisseur",
        required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [("", "Choisissez le fournisseur")] + [
            (p, provider_label(p)) for p in footprint.list_providers()]
        self.fields["use_case"].choices = [("", "Je ne sais pas")] + [
            (k, k.capitalize()) for k in footprint.USE_CASES]
        self.fields["zone"].choices = [("", "Zone du fournisseur")] + _country_choices()
        self.fields["model"].widget.attrs.update({"list": "modeles-connus",
                                                  "autocomplete": "off"})

    def to_profile(self) -> footprint.ApiUsage:
        cd = self.cleaned_data
        return footprint.ApiUsage(
            provider=cd["provider"], model=cd["model"].strip(),
            requests_per_month=cd["requests_per_month"], use_case=cd["use_case"] or None,
            output_tokens=cd["output_tokens"], zone=cd["zone"] or None,
            zone_documented=cd["zone_documented"], label=cd["label"])


class SelfHostedForm(BaseForm):
    label = forms.CharField(label="Nom de l'usage", required=False, max_length=120)
    gpu_model = forms.ChoiceField(label="Carte graphique (GPU)", required=False)
    gpu_count = forms.IntegerField(label="Nombre de cartes graphiques", min_value=0, initial=0)
    cpu_cores = forms.IntegerField(label="Nombre de cœurs de processeur", min_value=0,
                                   initial=8)
    ram_gb = forms.FloatField(label="Mémoire vive (Go)", min_value=0, initial=32)
    hours_per_month = forms.FloatField(
        label="Heures de fonctionnement par mois", min_value=0, initial=730,
        help_text="Temps d'allumage, y compris quand la machine attend : 730 h = allumée en "
                  "permanence.")
    utilisation = forms.FloatField(label="Charge moyenne (%)", min_value=0, max_value=100,
                                   initial=50, help_text=PERCENT_HELP)
    pue = forms.FloatField(label="PUE du centre de données", required=False, min_value=1,
                           help_text="Rapport entre l'énergie totale du centre et celle des "
                                     "serveurs (1,1 à 2). Laissez vide si inconnu.")
    country = forms.ChoiceField(label="Pays d'hébergement", initial="FRA")
    requests_per_month = forms.FloatField(label="Requêtes traitées par mois", required=False,
                                          min_value=0)
    dedicated = forms.BooleanField(
        label="Matériel dédié (acheté ou loué pour ce seul projet)", required=False,
        initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gpu_model"].choices = _gpu_choices("Aucune (calcul sur processeur)")
        self.fields["country"].choices = _country_choices()

    def to_profile(self) -> footprint.SelfHosted:
        cd = self.cleaned_data
        return footprint.SelfHosted(
            gpu_model=cd["gpu_model"] or None, gpu_count=cd["gpu_count"] or 0,
            cpu_cores=cd["cpu_cores"] or 0, ram_gb=cd["ram_gb"] or 0,
            hours_per_month=cd["hours_per_month"], utilisation=cd["utilisation"] / 100,
            pue=cd["pue"], country=cd["country"], requests_per_month=cd["requests_per_month"],
            label=cd["label"], dedicated=cd["dedicated"])


class EdgeDevicesForm(BaseForm):
    label = forms.CharField(label="Nom de l'usage", required=False, max_length=120)
    device_class = forms.ChoiceField(label="Type d'appareil")
    count = forms.IntegerField(label="Nombre d'appareils", min_value=0)
    power_w = forms.FloatField(label="Puissance moyenne par appareil (W)", required=False,
                               min_value=0, help_text="Laissez vide pour la valeur type.")
    duty_cycle = forms.FloatField(label="Part du temps en fonctionnement (%)", min_value=0,
                                  max_value=100, initial=100, help_text=PERCENT_HELP)
    lifetime_years = forms.FloatField(label="Durée de vie (années)", required=False,
                                      min_value=0, help_text="Laissez vide pour la valeur type.")
    country = forms.ChoiceField(label="Pays", initial="FRA")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["device_class"].choices = [("", "Choisissez le type d'appareil")] + [
            (k, v.label.capitalize()) for k, v in footprint.DEVICE_CLASSES.items()]
        self.fields["country"].choices = _country_choices()

    def to_profile(self) -> footprint.EdgeDevices:
        cd = self.cleaned_data
        return footprint.EdgeDevices(
            device_class=cd["device_class"], count=cd["count"], power_w=cd["power_w"],
            duty_cycle=cd["duty_cycle"] / 100, lifetime_years=cd["lifetime_years"],
            country=cd["country"], label=cd["label"])


class TrainingForm(BaseForm):
    label = forms.CharField(label="Nom de l'entraînement", required=False, max_length=120)
    hours = forms.FloatField(label="Durée (heures)", required=False, min_value=0)
    gpu_model = forms.ChoiceField(label="Carte graphique (GPU)", required=False)
    gpu_count = forms.IntegerField(label="Nombre de cartes graphiques", min_value=0, initial=0)
    cpu_cores = forms.IntegerField(label="Nombre de cœurs", min_value=0, initial=0)
    ram_gb = forms.FloatField(label="Mémoire vive (Go)", min_value=0, initial=0)
    country = forms.ChoiceField(label="Pays", initial="FRA")
    codecarbon_file = forms.FileField(
        label="Ou fichier emissions.csv de CodeCarbon", required=False,
        help_text="Le fichier produit par l'outil de mesure CodeCarbon remplace les champs "
                  "ci-dessus.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gpu_model"].choices = _gpu_choices("Aucune")
        self.fields["country"].choices = _country_choices()

    def clean_codecarbon_file(self):
        upload = self.cleaned_data.get("codecarbon_file")
        if not upload:
            return None
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("Le fichier dépasse 5 Mo.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError("Le fichier n'est pas un CSV en UTF-8.") from exc

    def to_training(self, previous_csv: str | None = None) -> footprint.TrainingRun:
        cd = self.cleaned_data
        return footprint.TrainingRun(
            hours=cd["hours"], gpu_model=cd["gpu_model"] or None, gpu_count=cd["gpu_count"] or 0,
            cpu_cores=cd["cpu_cores"] or 0, ram_gb=cd["ram_gb"] or 0, country=cd["country"],
            codecarbon_csv=cd["codecarbon_file"] or previous_csv, label=cd["label"])


class GainsForm(BaseForm):
    water_m3 = forms.FloatField(label="Eau économisée par an (m³)", required=False, min_value=0)
    energy_kwh = forms.FloatField(label="Électricité économisée par an (kWh)", required=False,
                                  min_value=0)
    car_km = forms.FloatField(label="Kilomètres en voiture évités par an", required=False,
                              min_value=0)
    food_waste_kg = forms.FloatField(label="Gaspillage alimentaire évité par an (kg)",
                                     required=False, min_value=0)

    def to_gains(self) -> footprint.Gains | None:
        cd = {k: v or 0 for k, v in self.cleaned_data.items()}
        gains = footprint.Gains(**cd)
        return None if gains.is_empty() else gains


def _formset(form, extra):
    return forms.formset_factory(form, extra=extra, can_delete=True)


ServiceFormSet = _formset(ServiceForm, 1)
ApiUsageFormSet = _formset(ApiUsageForm, 1)
SelfHostedFormSet = _formset(SelfHostedForm, 1)
EdgeDevicesFormSet = _formset(EdgeDevicesForm, 1)
TrainingFormSet = _formset(TrainingForm, 1)

# Each part of the page: its formset, the prefix of its fields, its name in messages.
PARTS = {
    "service": (ServiceFormSet, "service", "Service acheté"),
    "api": (ApiUsageFormSet, "api", "Usage d'IA générative"),
    "self_hosted": (SelfHostedFormSet, "serveur", "Serveur"),
    "edge": (EdgeDevicesFormSet, "appareils", "Appareils"),
    "training": (TrainingFormSet, "entrainement", "Entraînement"),
}
PROFILE_PARTS = ("service", "api", "self_hosted", "edge")


def initial_from_inputs(data: dict) -> dict[str, list[dict]]:
    """Stored inputs → initial data of each formset (to edit an earlier assessment)."""
    result: dict[str, list[dict]] = {key: [] for key in PARTS}
    for profile in data.get("profiles", []):
        kind = profile.get("kind")
        values = {k: v for k, v in profile.items() if k != "kind"}
        if kind in ("self_hosted",):
            values["utilisation"] = round((values.get("utilisation") or 0) * 100, 2)
        if kind == "edge":
            values["duty_cycle"] = round((values.get("duty_cycle") or 0) * 100, 2)
        if kind in result:
            result[kind].append(values)
    for training in data.get("trainings", []):
        result["training"].append({k: v for k, v in training.items()
                                    if k not in ("kind", "codecarbon_csv")})
    return result


class FootprintForms:
    """Every form of the footprint page: a formset per kind of usage, the trainings and the
    declared gains. It builds the engine's inputs, and shows an engine error on the field
    its path names (``FootprintError.path``: ``("profiles", 2, "pue")``)."""

    def __init__(self, data=None, files=None, *, previous: dict | None = None,
                 service_initial: dict | None = None):
        previous = previous or {}
        initial = initial_from_inputs(previous) if data is None else {}
        if not previous.get("profiles") and service_initial:
            # What the project says of the service (also on POST: an untouched, prefilled
            # service is not a usage to compute).
            initial["service"] = [service_initial]
        self.sets = {key: formset(data, files, prefix=prefix, initial=initial.get(key))
                     for key, (formset, prefix, _name) in PARTS.items()}
        if data is None and initial.get("service"):
            # The service described already (or prefilled from the project): no blank copy.
            self.sets["service"] = _formset(ServiceForm, 0)(prefix="service",
                                                            initial=initial["service"])
        self.gains = GainsForm(data, prefix="gains", initial=previous.get("gains") or None)
        # A training keeps its CodeCarbon file when no new one is sent.
        self._previous_csvs = [t.get("codecarbon_csv") for t in previous.get("trainings", [])]
        # The form behind each item of the engine's lists, filled by to_inputs().
        self._forms_of: dict[str, list[forms.Form]] = {"profiles": [], "trainings": []}
        self.engine_errors: list[str] = []

    def is_valid(self) -> bool:
        return all([*(s.is_valid() for s in self.sets.values()), self.gains.is_valid()])

    @staticmethod
    def _filled(formset) -> list[forms.Form]:
        return [f for f in formset.forms if f.has_changed() and not f.cleaned_data.get("DELETE")]

    def to_inputs(self, *, inhabitants: int | None) -> footprint.Inputs:
        profiles = [f for key in PROFILE_PARTS for f in self._filled(self.sets[key])]
        trainings = self._filled(self.sets["training"])
        self._forms_of = {"profiles": profiles, "trainings": trainings}
        csvs = self._previous_csvs
        return footprint.Inputs(
            profiles=[form.to_profile() for form in profiles],
            trainings=[form.to_training(csvs[i] if i < len(csvs) else None)
                       for i, form in enumerate(trainings)],
            gains=self.gains.to_gains(), inhabitants=inhabitants)

    def add_engine_error(self, error: footprint.FootprintError) -> None:
        group, index, name = (*error.path, None, None)[:3]
        owners = self._forms_of.get(group, [])
        if isinstance(index, int) and index < len(owners):
            form = owners[index]
            form.add_error(name if name in form.fields else None, error.message)
        else:
            self.engine_errors.append(error.message)

    def error_lines(self) -> list[str]:
        """Every error, to list above the form: « Serveur n° 2 — PUE : … »."""
        lines = list(self.engine_errors)
        for key, formset in self.sets.items():
            part = PARTS[key][2]
            for number, form in enumerate(formset.forms, start=1):
                for name, errors in form.errors.items():
                    label = form.fields[name].label if name in form.fields else ""
                    lines += [f"{part} n° {number} — {label} : {e}" if label
                              else f"{part} n° {number} : {e}" for e in errors]
        return lines
