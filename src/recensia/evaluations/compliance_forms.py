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
            field.section = q["section"]
            self.fields[q["id"]] = field
        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)

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


def form_value(question: dict, value) -> str:
    """An answer of the engine as the value of its form field."""
    if value is None:
        return ""
    if question["type"] == "bool":
        return "yes" if value else "no"
    return str(value)


QUESTIONS_BY_ID = {q["id"]: q for q in compliance.QUESTIONS}


class QuestionnaireSteps:
    """The questionnaire page by page, without JavaScript and without storing a draft.

    Each page posts every answer given so far (earlier pages as hidden fields) and
    ``q-pages``, the questions shown on each page (« id,id|id »). ``action`` is
    « continue » (next page), « back » (previous page) or « save ». Questions answered in
    the project's form (``known``) are shown as such and never asked; a question that
    earlier answers rule out is not shown (the engine reads it « non »).
    """

    def __init__(self, data=None, *, known: dict | None = None, stored: dict | None = None):
        self.known = dict(known or {})
        self.stored = dict(stored or {})
        self.form = QuestionnaireForm(data, prefix="q") if data is not None else None
        raw = (data or {}).get("q-pages", "")
        self.pages = [[qid for qid in page.split(",") if qid in QUESTIONS_BY_ID]
                      for page in raw.split("|") if page] if raw else []
        self.finished = bool((data or {}).get("q-done"))

    def is_valid(self) -> bool:
        return self.form is None or self.form.is_valid()

    def given(self) -> dict:
        """Answers given on the pages (not the project's)."""
        if self.form is None or not self.form.is_valid():
            return {}
        return {k: v for k, v in self.form.to_answers().items() if k not in self.known}

    def answers(self) -> dict:
        """Every answer to evaluate: the project's, then the pages', without the answers to
        questions the others rule out."""
        return compliance.relevant_answers({**self.given(), **self.known})

    def _shown(self) -> set[str]:
        return {qid for page in self.pages for qid in page}

    def start(self) -> None:
        self.pages, self.finished = [], False
        self.advance()

    def advance(self) -> None:
        page = compliance.next_page({**self.given(), **self.known},
                                    skip={*self.known, *self._shown()})
        if page:
            self.pages.append([q["id"] for q in page])
            self.finished = False
        else:
            self.finished = True

    def back(self) -> None:
        if self.finished:
            self.finished = False
        elif len(self.pages) > 1:
            self.pages.pop()

    # ----- what the page shows
    @property
    def number(self) -> int:
        return len(self.pages)

    @property
    def current(self) -> list[str]:
        return [] if self.finished or not self.pages else self.pages[-1]

    def display_form(self) -> QuestionnaireForm:
        values = {**{k: v for k, v in self.stored.items() if k not in self.known},
                  **self.given()}
        initial = {qid: form_value(QUESTIONS_BY_ID[qid], v) for qid, v in values.items()
                   if qid in QUESTIONS_BY_ID}
        if self.form is not None and not self.form.is_valid():
            return self.form
        return QuestionnaireForm(prefix="q", initial=initial)

    def sections(self):
        """The fields of the current page, grouped by section."""
        form = self.display_form()
        grouped: dict[str, list] = {}
        for qid in self.current:
            grouped.setdefault(QUESTIONS_BY_ID[qid]["section"], []).append(form[qid])
        return list(grouped.items())

    def hidden(self) -> list[tuple[str, str]]:
        """(name, value) of the answers given on other pages, carried by this one."""
        current = set(self.current)
        return [(f"q-{qid}", form_value(QUESTIONS_BY_ID[qid], v))
                for qid, v in self.given().items() if qid not in current]

    @property
    def pages_value(self) -> str:
        return "|".join(",".join(page) for page in self.pages)

    def known_lines(self) -> list[tuple[str, str]]:
        """(question, answer) of what the project's form already says."""
        answers = {**self.given(), **self.known}
        return [(QUESTIONS_BY_ID[qid]["text"], compliance.answer_label(qid, v))
                for qid, v in self.known.items()
                if qid in QUESTIONS_BY_ID and compliance.is_question_relevant(qid, answers)]

    def counts(self) -> dict[str, int]:
        answers = self.answers()
        asked = self._shown()
        return {"asked": len(asked),
                "answered": len([q for q in asked if q in answers]),
                "known": len(self.known),
                "ruled_out": len(compliance.QUESTIONS) - len(asked) - len(self.known)}


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
