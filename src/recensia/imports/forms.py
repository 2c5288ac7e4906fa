"""Forms of the import assistant: the file, the meaning of each column, of each value."""

from __future__ import annotations

from django import forms

from recensia.core.forms import BaseForm
from recensia.imports.matching import PRESELECT, owner_suggestion, target_choices
from recensia.imports.reading import MAX_CELLS_PER_ROW, MAX_FILE_BYTES, MAX_ROWS
from recensia.projects import fields as F
from recensia.territories.models import OtherBodyType

OTHER = "__other__"
REQUEST = "__request__"
TO_KEYWORDS = "__keywords__"


class StartForm(BaseForm):
    organization = forms.ModelChoiceField(
        label="Collectivité", queryset=None, empty_label=None,
        help_text="Les correspondances que vous confirmez sont enregistrées pour elle ; les "
                  "lignes sans collectivité porteuse lui sont rattachées.")
    file = forms.FileField(
        label="Fichier à importer",
        help_text=f"Tableau CSV en UTF-8 (.csv) ou Excel (.xlsx), {MAX_FILE_BYTES // 2**20} Mo "
                  f"au plus, {MAX_ROWS:,} lignes au plus et {MAX_CELLS_PER_ROW} colonnes au "
                  "plus, avec les noms des colonnes sur la première ligne. Vos colonnes et "
                  "vos mots : l'assistant propose leur sens, vous confirmez."
                  .replace(",", "\u202f"))

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(f"Le fichier dépasse {MAX_FILE_BYTES // 2**20} Mo : "
                                        "découpez-le en plusieurs fichiers.")
        return upload


class ColumnsForm(BaseForm):
    remember = forms.BooleanField(
        label="Enregistrer ces correspondances pour mes prochains fichiers", required=False,
        initial=True)

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = proposals
        for number, proposal in enumerate(proposals):
            self.fields[f"column_{number}"] = forms.ChoiceField(
                label=f"Colonne « {proposal.column} »", choices=target_choices(),
                initial=proposal.target)

    def rows(self):
        return [(p, self[f"column_{n}"]) for n, p in enumerate(self.proposals)]

    def columns(self) -> dict[str, str]:
        return {p.column: self.cleaned_data[f"column_{n}"]
                for n, p in enumerate(self.proposals)}


def _choices_for(question) -> list[tuple[str, str]]:
    spec = F.BY_NAME[question.target]
    if spec.kind == F.CHOICE:
        return [("", "— Choisissez —"), *spec.choices]
    if spec.kind == F.TAXONOMY:
        return [("", "— Choisissez —"), *question.suggestion.candidates,
                (TO_KEYWORDS, "Aucun de la liste : garder ce mot dans les mots-clés")]
    return [("", "— Choisissez —"), *question.suggestion.candidates,
            (OTHER, "Une autre collectivité : tapez son nom ou son code ci-dessous"),
            (REQUEST, "Organisme absent : demander sa création à la modération")]


def _initial(question) -> str:
    current, suggestion = question.current, question.suggestion
    if current:
        if "body" in current:
            return REQUEST
        value = current.get("value")
        return (value[0] if value else TO_KEYWORDS) if isinstance(value, list) else value
    if suggestion.confidence < PRESELECT and suggestion.body is not None:
        return REQUEST
    if suggestion.value is None or suggestion.confidence < PRESELECT:
        return ""
    return suggestion.value[0] if isinstance(suggestion.value, list) else suggestion.value


class ValuesForm(BaseForm):
    """One choice per distinct value of the file (not per row)."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for n, q in enumerate(questions):
            label = f"{q.field_title} : « {q.key} »"
            self.fields[f"value_{n}"] = forms.ChoiceField(
                label=label, choices=_choices_for(q), initial=_initial(q), required=True,
                error_messages={"required": "Choisissez ce que veut dire cette valeur."})
            if F.BY_NAME[q.target].kind in (F.OWNER, F.ORGANIZATIONS):
                body = q.suggestion.body or {}
                self.fields[f"other_{n}"] = forms.CharField(
                    label=f"Autre collectivité pour « {q.key} »", required=False,
                    help_text="Nom, code INSEE, SIREN ou « dép. 29 ».")
                self.fields[f"type_{n}"] = forms.ChoiceField(
                    label=f"Nature de l'organisme à créer pour « {q.key} »",
                    choices=OtherBodyType.choices, initial=body.get("other_type"),
                    required=False)
                self.fields[f"name_{n}"] = forms.CharField(
                    label=f"Nom de l'organisme à créer pour « {q.key} »", required=False,
                    initial=body.get("name", q.key), max_length=200)
                self.fields[f"dep_{n}"] = forms.CharField(
                    label=f"Département de l'organisme à créer pour « {q.key} »",
                    required=False, initial=body.get("departement", ""), max_length=3,
                    help_text="Son numéro, par exemple 29.")
                if q.suggestion.partners:
                    self.fields[f"partners_{n}"] = forms.BooleanField(
                        label="Les autres collectivités nommées sont partenaires du projet",
                        required=False, initial=True)

    def rows(self):
        out = []
        for n, q in enumerate(self.questions):
            extra = {key: self[f"{key}_{n}"] for key in ("other", "type", "name", "dep",
                                                         "partners")
                     if f"{key}_{n}" in self.fields}
            out.append((q, self[f"value_{n}"], extra))
        return out

    def clean(self):
        cleaned = super().clean()
        values: dict[str, dict[str, dict]] = {}
        for n, q in enumerate(self.questions):
            answer = cleaned.get(f"value_{n}")
            if not answer:
                continue
            kind = F.BY_NAME[q.target].kind
            if kind == F.CHOICE:
                chosen = {"value": answer}
                if q.target == "status" and q.suggestion.start_year:
                    chosen["start_year"] = q.suggestion.start_year
            elif kind == F.TAXONOMY:
                chosen = {"value": [] if answer == TO_KEYWORDS else [answer]}
            else:
                chosen = self._organization(n, q, answer, cleaned)
                if chosen is None:
                    continue
            values.setdefault(q.target, {})[q.key] = chosen
        self.mapping_values = values
        return cleaned

    def _organization(self, n, q, answer, cleaned) -> dict | None:
        partners = q.suggestion.partners if cleaned.get(f"partners_{n}") else []
        if answer == REQUEST:
            name = (cleaned.get(f"name_{n}") or "").strip()
            if not name:
                self.add_error(f"name_{n}", "Indiquez le nom de l'organisme à créer.")
                return None
            return {"body": {"name": name, "other_type": cleaned.get(f"type_{n}") or "autre",
                             "departement": (cleaned.get(f"dep_{n}") or "").strip().upper()},
                    "partners": partners}
        if answer == OTHER:
            typed = (cleaned.get(f"other_{n}") or "").strip()
            found = owner_suggestion(typed) if typed else None
            if found is None or found.value is None:
                self.add_error(f"other_{n}", f"Aucune collectivité ne correspond à "
                                             f"« {typed} » : vérifiez le nom ou tapez son code "
                                             "(INSEE, SIREN, « dép. 29 »)." if typed else
                               "Tapez le nom ou le code de la collectivité.")
                return None
            return {"value": found.value, "partners": found.partners}
        return {"value": answer, "partners": partners}
