"""Compliance, opportunity and ethics forms, generated from the engine's questions."""

from __future__ import annotations

from django import forms
from dsfr.utils import dsfr_input_class_attr

from recensia import compliance
from recensia.core.forms import BaseForm

UNKNOWN = ("", "Je ne sais pas")


class QuestionnaireForm(BaseForm):
    """One field per question of the AI Act / GDPR / CRPA questionnaire."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        texts = {q["id"]: q["text"] for q in compliance.QUESTIONS}
        for q in compliance.QUESTIONS:
            if q["type"] == "bool":
                field = forms.ChoiceField(
                    choices=[("yes", "Oui"), ("no", "Non"), UNKNOWN], required=False,
                    widget=forms.RadioSelect, initial="")
            else:
                field = forms.ChoiceField(
                    choices=[UNKNOWN] + [(c["value"], c["label"]) for c in q["choices"]],
                    required=False)
            field.label = q["text"]
            field.help_text = q.get("help", "")
            parents = [texts[p] for p in q.get("depends_on_questions", []) if p in texts]
            if parents:
                # Follow-up questions stay on the page (it works without JavaScript): say
                # which answer they depend on, so nobody wonders whether to fill them in.
                field.help_text = (f"Question complémentaire, selon votre réponse à « "
                                   f"{parents[0]} » ; sinon laissez « Je ne sais pas ». "
                                   + field.help_text)
            field.section = q["section"]
            self.fields[q["id"]] = field
        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)

    def sections(self):
        grouped: dict[str, list] = {}
        for name in self.fields:
            grouped.setdefault(self.fields[name].section, []).append(self[name])
        return list(grouped.items())

    def to_answers(self) -> dict:
        answers = {}
        for q in compliance.QUESTIONS:
            value = self.cleaned_data.get(q["id"], "")
            if value == "":
                continue
            answers[q["id"]] = (value == "yes") if q["type"] == "bool" else value
        return answers

    @staticmethod
    def initial_from(answers: dict) -> dict:
        initial = {}
        for q in compliance.QUESTIONS:
            if q["id"] in answers:
                value = answers[q["id"]]
                initial[q["id"]] = ("yes" if value else "no") if q["type"] == "bool" else value
        return initial


class OpportunityForm(BaseForm):
    need = forms.CharField(label="Le besoin réel, en quelques mots", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="Quel problème du service ou des habitants voulez-vous "
                                     "résoudre ?")
    alternatives_considered = forms.CharField(
        label="Solutions sans IA envisagées (une par ligne)", required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Par exemple : réorganiser l'accueil, un formulaire en ligne, un logiciel "
                  "classique.")
    non_ai_sufficient = forms.ChoiceField(
        label="Une de ces solutions suffirait-elle ?", required=False,
        choices=[UNKNOWN, ("yes", "Oui"), ("partly", "En partie"), ("no", "Non")])
    data_available = forms.ChoiceField(
        label="Les données nécessaires sont-elles disponibles et de qualité ?", required=False,
        choices=[UNKNOWN, ("yes", "Oui"), ("partial", "En partie"), ("no", "Non")])
    expertise = forms.ChoiceField(
        label="Les compétences pour piloter le projet", required=False,
        choices=[UNKNOWN, ("in_house", "Dans nos services"),
                 ("pooled", "Mutualisées (collectivité cheffe de file, opérateur public)"),
                 ("lacking", "Nous ne les avons pas")])
    investment_eur = forms.FloatField(label="Investissement (€)", required=False, min_value=0)
    yearly_cost_eur = forms.FloatField(label="Coût annuel (€)", required=False, min_value=0)
    years = forms.IntegerField(label="Durée d'utilisation prévue (années)", required=False,
                               min_value=1, max_value=50)
    budget_eur = forms.FloatField(label="Budget annuel de fonctionnement de la collectivité (€)",
                                  required=False, min_value=0,
                                  help_text="Pour situer le coût ; facultatif.")
    reversibility = forms.ChoiceField(
        label="Peut-on revenir en arrière ou changer de solution ?", required=False,
        choices=[UNKNOWN, ("easy", "Facilement"), ("possible", "Avec des efforts"),
                 ("hard", "Difficilement")])
    vendor_dependence = forms.ChoiceField(
        label="Dépendance au fournisseur", required=False,
        choices=[UNKNOWN, ("low", "Faible"), ("medium", "Moyenne"), ("high", "Forte")])

    def to_answers(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}


class EthicsForm(BaseForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        for section in compliance.ethics_checklist().sections:
            names = []
            for item in section.items:
                self.fields[f"e_{item.id}"] = forms.ChoiceField(
                    label=item.question, help_text=item.help, required=False,
                    choices=[("", "Pas encore répondu"), ("yes", "Oui"),
                             ("partial", "En partie"), ("no", "Non"), ("na", "Sans objet")])
                names.append(f"e_{item.id}")
            self.groups.append((section.title, section.summary, names))
        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)

    def grouped(self):
        return [(title, summary, [self[n] for n in names]) for title, summary, names in
                self.groups]

    def to_answers(self) -> dict:
        return {"answers": {k[2:]: v for k, v in self.cleaned_data.items() if v}}

    @staticmethod
    def initial_from(data: dict) -> dict:
        return {f"e_{k}": v for k, v in (data or {}).get("answers", {}).items()}


class CharterForm(BaseForm):
    collectivite_name = forms.CharField(label="Nom de la collectivité", max_length=200)
    principles = forms.MultipleChoiceField(
        label="Principes retenus", widget=forms.CheckboxSelectMultiple, required=False,
        help_text="Issus des chartes de Nantes, Montpellier, Bordeaux, Strasbourg, Toulouse et "
                  "de l'Isère.")
    custom_commitments = forms.CharField(
        label="Engagements propres (un par ligne)", required=False,
        widget=forms.Textarea(attrs={"rows": 3}))
    adoption_body = forms.CharField(label="Instance qui adoptera la charte", required=False,
                                    help_text="Par exemple « le conseil municipal ».")
    ethics_committee = forms.BooleanField(label="Créer un comité d'éthique", required=False,
                                          initial=True)
    annual_report = forms.BooleanField(label="Publier un bilan annuel", required=False,
                                       initial=True)
    applies_to_operators = forms.BooleanField(
        label="S'applique aussi aux prestataires et délégataires", required=False, initial=True)
    contact = forms.CharField(label="Contact (adresse de service)", required=False)
    format = forms.ChoiceField(label="Format du document",
                               choices=[("odt", "ODT (LibreOffice)"), ("docx", "DOCX (Word)"),
                                        ("pdf", "PDF")], initial="odt")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principles"].choices = [(p["id"], p["title"])
                                             for p in compliance.PRINCIPLES]
        self.fields["principles"].initial = [p["id"] for p in compliance.PRINCIPLES
                                             if p.get("default")]

    def to_answers(self) -> compliance.CharterAnswers:
        cd = self.cleaned_data
        return compliance.CharterAnswers(
            collectivite_name=cd["collectivite_name"], principles=list(cd["principles"]),
            custom_commitments=[x.strip() for x in cd["custom_commitments"].splitlines()
                                if x.strip()],
            adoption_body=cd["adoption_body"], ethics_committee=cd["ethics_committee"],
            annual_report=cd["annual_report"], applies_to_operators=cd["applies_to_operators"],
            contact=cd["contact"])
