"""Forms of the purchase pages: the grid builder, the clause choice, an offer."""

from __future__ import annotations

from django import forms

from recensia.core.forms import BaseForm
from recensia.procurement import clauses as clause_logic
from recensia.procurement import grid as grid_logic

YES_NO_UNKNOWN = [("", "Je ne sais pas encore"), ("yes", "Oui"), ("no", "Non")]
TIER_CHOICES = [("", "Non évalué"), ("minimal", "Risque minimal"),
                ("transparency", "Obligations de transparence"),
                ("high_risk", "Haut risque"), ("prohibited", "Pratique interdite")]


class NewGridForm(BaseForm):
    preset = forms.ChoiceField(label="Type d'achat", widget=forms.RadioSelect)
    organization = forms.TypedChoiceField(label="Pour la collectivité", coerce=int,
                                          required=False)

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preset"].choices = [(p.key, p.title)
                                         for p in grid_logic.presets().values()]
        self.fields["organization"].choices = [(o.pk, o.name) for o in organizations]
        if len(organizations) <= 1:
            self.fields["organization"].widget = forms.HiddenInput()
            self.fields["organization"].initial = organizations[0].pk if organizations else None


class GridForm(BaseForm):
    title = forms.CharField(label="Titre de la grille", max_length=200)
    subject = forms.CharField(
        label="Objet du marché", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ce que la collectivité achète, en une ou deux phrases : chaque critère doit "
                  "être lié à cet objet.")
    launch_date = forms.DateField(
        label="Date prévue de lancement de la consultation", required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Les obligations dépendent de cette date : à partir du 21 août 2026, un "
                  "critère environnemental est obligatoire. Format : AAAA-MM-JJ.")
    formalised = forms.ChoiceField(
        label="Procédure formalisée (appel d'offres, procédure avec négociation, dialogue "
              "compétitif) ?", choices=YES_NO_UNKNOWN, required=False,
        help_text="Au-dessus des seuils européens, la procédure est formalisée et les critères "
                  "doivent être pondérés.")

    def clean_formalised(self):
        return {"yes": True, "no": False}.get(self.cleaned_data.get("formalised"))


class CriterionForm(BaseForm):
    label = forms.CharField(label="Libellé du critère", max_length=200)
    weight = forms.FloatField(label="Poids (points sur 100)", min_value=0, max_value=100)
    method = forms.ChoiceField(label="Mode de notation", choices=list(grid_logic.METHODS.items()),
                               initial=grid_logic.METHOD_NOTE)
    environmental = forms.BooleanField(
        label="Ce critère porte sur les caractéristiques environnementales de l'offre",
        required=False,
        help_text="Toujours vrai pour un critère noté sur l'empreinte calculée par RecensIA.")
    description = forms.CharField(label="Ce qui est apprécié", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    assessment = forms.CharField(
        label="Comment il est noté", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Formule, barème ou jeu d'essai : ces modalités sont annoncées aux "
                  "candidats.")
    subject_link = forms.CharField(label="Lien avec l'objet du marché", required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    subcriteria = forms.CharField(
        label="Sous-critères (un par ligne : libellé ; points)", required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Par exemple « Exactitude des réponses ; 15 ». Seulement pour un critère "
                  "noté par la commission ; les points des sous-critères font le poids du "
                  "critère.")

    def clean_subcriteria(self):
        rows = []
        for number, line in enumerate(self.cleaned_data.get("subcriteria", "").splitlines(),
                                      start=1):
            if not line.strip():
                continue
            label, sep, points = line.rpartition(";")
            if not sep or not label.strip():
                raise forms.ValidationError(
                    f"Ligne {number} : écrivez le libellé, un point-virgule, puis les points "
                    f"(par exemple « Exactitude des réponses ; 15 »), pas « {line.strip()} ».")
            try:
                weight = float(points.strip().replace(",", "."))
            except ValueError as exc:
                raise forms.ValidationError(
                    f"Ligne {number} : « {points.strip()} » n'est pas un nombre de points."
                ) from exc
            rows.append({"label": label.strip(), "weight": weight})
        return rows

    @staticmethod
    def initial_from(criterion: dict) -> dict:
        data = dict(criterion)
        data["weight"] = f"{criterion['weight']:g}"
        data["subcriteria"] = "\n".join(f"{s['label']} ; {s['weight']:g}"
                                        for s in criterion.get("subcriteria", []))
        return data

    def to_dict(self) -> dict:
        cd = self.cleaned_data
        return {"label": cd["label"], "weight": cd["weight"], "method": cd["method"],
                "environmental": cd["environmental"], "description": cd["description"],
                "assessment": cd["assessment"], "subject_link": cd["subject_link"],
                "subcriteria": cd["subcriteria"]}


class BaseCriterionFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Retirer ce critère de la grille"


CriterionFormSet = forms.formset_factory(CriterionForm, formset=BaseCriterionFormSet, extra=1,
                                         can_delete=True, max_num=grid_logic.MAX_CRITERIA)


class ClausesForm(BaseForm):
    clauses = forms.MultipleChoiceField(label="Clauses retenues", required=False,
                                        widget=forms.CheckboxSelectMultiple)
    tier = forms.ChoiceField(label="Niveau de risque du système (règlement européen sur l'IA)",
                             choices=TIER_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clauses"].choices = [(c.id, c.title)
                                          for c in clause_logic.library().values()]


class OfferForm(BaseForm):
    vendor = forms.CharField(label="Candidat", max_length=200)
    price_eur = forms.DecimalField(
        label="Prix total de l'offre (€)", required=False, min_value=0.01, max_digits=14,
        decimal_places=2, help_text="Le prix sur toute la durée du marché, tel que le "
                                    "candidat l'a indiqué.")
    footprint_kind = forms.ChoiceField(
        label="Données d'empreinte déclarées par le candidat", required=False,
        choices=[("", "Aucune donnée fournie"),
                 ("api", "Modèle d'IA utilisé par internet (API)"),
                 ("self_hosted", "Serveurs dédiés ou loués"),
                 ("edge", "Appareils installés sur le terrain")],
        help_text="Choisissez le cas décrit par le candidat, puis remplissez la partie "
                  "correspondante plus bas ; les autres parties sont ignorées.")


def notes_form(lines, initial: dict | None = None) -> tuple[type[forms.Form], dict]:
    """A form with a note (0 to 10) and a justification per line scored by the committee."""
    initial = initial or {}
    fields = {}
    for line in lines:
        fields[f"note_{line.key}"] = forms.FloatField(
            label=f"{line.label} — note sur 10", required=False, min_value=0,
            max_value=grid_logic.NOTE_MAX,
            help_text=f"Compte pour {line.weight:g} points ; laissez vide si non noté.")
        fields[f"comment_{line.key}"] = forms.CharField(
            label=f"{line.label} — justification", required=False, max_length=2000,
            widget=forms.Textarea(attrs={"rows": 2}))
    form_class = type("NotesForm", (BaseForm,), fields)
    values = {}
    for key, value in initial.items():
        if isinstance(value, dict):
            values[f"note_{key}"] = value.get("note")
            values[f"comment_{key}"] = value.get("comment", "")
    return form_class, values


class WithdrawForm(BaseForm):
    reason = forms.CharField(label="Motif du retrait", max_length=500,
                             help_text="Par exemple : offre remise hors délai, offre "
                                       "irrégulière.")
