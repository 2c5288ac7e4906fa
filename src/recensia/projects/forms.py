"""Project forms. The project form is built from ``fields.py``, section by section (the
whole project, or one step of the declaration), and what the user typed goes through the
entry path (``entry.read``), like every other source."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from recensia.core.forms import BaseForm, add_errors, error_summary
from recensia.projects import entry
from recensia.projects import fields as F
from recensia.projects.entry import ProjectData
from recensia.projects.models import Project, ReportOutcome
from recensia.territories.models import Organization

ROW_PREFIXES = {"indicators": "indicateurs", "sources": "sources"}
ROW_EXTRA = {"indicators": 1, "sources": 2}


class EntryField(forms.Field):
    """Hands what was typed, unchanged, to the entry path: it parses and checks it."""

    def to_python(self, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value

    def validate(self, value: Any) -> None:
        """Nothing here: required fields and values are checked by ``entry.read``."""


def _number_text(value: Any) -> Any:
    """A stored number as a French user writes it: 12500.50 → « 12500,5 »."""
    if not isinstance(value, Decimal):
        return value
    if value == value.to_integral():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f").replace(".", ",")


def _bounds(spec: F.Field) -> dict[str, str]:
    attrs = {}
    for validator in spec.model_field.validators:
        if isinstance(validator, MinValueValidator):
            attrs["min"] = str(validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            attrs["max"] = str(validator.limit_value)
    return attrs


def _widget(spec: F.Field) -> forms.Widget:
    length = {"maxlength": str(spec.max_length)} if spec.max_length else {}
    kind = spec.kind
    if kind == F.LONG_TEXT:
        return forms.Textarea(attrs={"rows": spec.lines, **length})
    if kind == F.CHOICE:
        return forms.Select(choices=spec.choices)
    if kind == F.YEAR:
        return forms.NumberInput(attrs=_bounds(spec))
    if kind == F.DATE:
        return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    if kind in (F.AMOUNT, F.NUMBER):
        return forms.TextInput(attrs={"inputmode": "decimal"})
    if kind == F.EMAIL:
        return forms.EmailInput(attrs=length)
    if kind == F.URL:
        return forms.URLInput(attrs=length)
    if kind == F.SIREN:
        return forms.TextInput(attrs={"inputmode": "numeric", "maxlength": "9"})
    return forms.TextInput(attrs=length)


def formfield(spec: F.Field) -> forms.Field:
    """The form field of a field of ``fields.py``."""
    # A list of choices always has a value selected: it is not shown as optional.
    common = {"label": spec.title, "help_text": spec.help_text,
              "required": spec.required or spec.kind == F.CHOICE}
    if spec.kind == F.OWNER:
        return forms.ModelChoiceField(queryset=Organization.objects.none(),
                                      empty_label="Choisissez la collectivité", **common)
    if spec.kind == F.TAXONOMY:
        return forms.ModelMultipleChoiceField(
            queryset=spec.reference.objects.filter(is_active=True),
            widget=forms.CheckboxSelectMultiple, **common)
    return EntryField(widget=_widget(spec), **common)


class _RowsFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Retirer cette ligne"

    def filled_forms(self) -> list[forms.Form]:
        """The rows to keep: those shown filled (unless removed), and new ones typed in."""
        kept = []
        for index, form in enumerate(self.forms):
            if form.cleaned_data.get("DELETE"):
                continue
            if index < self.initial_form_count() or form.has_changed():
                kept.append(form)
        return kept


def _rows_formset(spec: F.Field) -> type[forms.BaseFormSet]:
    row_form = type(f"{spec.item_title}Form", (BaseForm,),
                    {part.name: formfield(part) for part in spec.parts})
    return forms.formset_factory(row_form, formset=_RowsFormSet, extra=ROW_EXTRA[spec.name],
                                 can_delete=True)


ROW_FORMSETS = {spec.name: _rows_formset(spec) for spec in F.FIELDS if spec.kind == F.ROWS}


class ProjectForm(BaseForm):
    """The project, section by section, with the indicators and sources as lists of rows:
    every field of ``fields.py``, or with ``step`` only the fields of that step of the
    declaration (the others keep their value: the entry path reads only what is given)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, data=None, *, project: Project | None = None, owner_choices,
                 step: F.Step | None = None):
        self.project = project if project is not None and project.pk else None
        self.step = step
        super().__init__(data, initial=self._initial(owner_choices))
        if step is not None:
            for spec in F.FIELDS:
                if spec.kind != F.ROWS and spec.step is not step:
                    del self.fields[spec.name]
        if "owner" in self.fields:
            self.fields["owner"].queryset = owner_choices
        self.rows = {name: formset(data, prefix=ROW_PREFIXES[name],
                                   initial=self._initial_rows(name))
                     for name, formset in ROW_FORMSETS.items()
                     if step is None or F.field(name).step is step}
        self.entry: entry.Entry | None = None

    def _initial(self, owner_choices) -> dict[str, Any]:
        project = self.project
        initial: dict[str, Any] = {"version": project.version if project else None}
        for spec in F.FIELDS:
            if spec.kind == F.ROWS:
                continue
            value = entry.current_value(project, spec.name)
            if spec.kind == F.ORGANIZATIONS:
                value = ", ".join(org.url_code for org in value)
            elif spec.kind == F.OWNER:
                value = value.pk if value else None
            initial[spec.name] = _number_text(value)
        if project is None and owner_choices.count() == 1:
            initial["owner"] = owner_choices.first().pk
        return initial

    def _initial_rows(self, name: str) -> list[dict[str, Any]]:
        rows = entry.current_value(self.project, name)
        return [{key: _number_text(value) for key, value in row.items()} for row in rows]

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound:
            return
        values = {spec.name: self.cleaned_data[spec.name] for spec in F.FIELDS
                  if spec.name in self.cleaned_data}
        filled: dict[str, Sequence[forms.Form]] = {}
        for name, formset in self.rows.items():
            if not formset.is_valid():
                continue
            filled[name] = formset.filled_forms()
            values[name] = [{part: form.cleaned_data.get(part) for part in form.fields
                             if part != "DELETE"} for form in filled[name]]
        self.entry = entry.read(values, base=self.project)
        add_errors(self, self.entry.problems, rows=filled)

    def is_valid(self) -> bool:
        return super().is_valid() and all(f.is_valid() for f in self.rows.values())

    def to_data(self) -> ProjectData:
        return self.entry.data

    def sections(self) -> list[dict[str, Any]]:
        """What the template shows: each section (of the step) with its fields, each with
        its « en savoir plus », or its list of rows."""
        shown = []
        for section in F.SECTIONS:
            if self.step is not None and section.key not in self.step.sections:
                continue
            specs = F.in_section(section.key)
            rows = next((s for s in specs if s.kind == F.ROWS), None)
            shown.append({
                "title": section.title, "hint": section.hint,
                "fields": [{"field": self[s.name], "more": s.more, "more_url": s.more_url}
                           for s in specs if s.kind != F.ROWS],
                "rows": self.rows[rows.name] if rows else None,
                "item_title": rows.item_title if rows else "",
            })
        return shown

    def summary(self) -> list[tuple[str, str, str]]:
        return error_summary(self, rows=[(F.field(name).item_title, formset)
                                         for name, formset in self.rows.items()])


ProjectForm.base_fields.update({spec.name: formfield(spec) for spec in F.FIELDS
                                if spec.kind != F.ROWS})


class RejectForm(BaseForm):
    reason = forms.CharField(label="Motif du refus", widget=forms.Textarea(attrs={"rows": 4}),
                             help_text="Ce message est envoyé à la collectivité : dites ce qu'il "
                                       "faut corriger.")


class TaxonomyForm(BaseForm):
    name = forms.CharField(label="Libellé", max_length=120)
    description = forms.CharField(label="Explication en langage courant", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    is_active = forms.BooleanField(label="Proposé dans les formulaires", required=False,
                                   initial=True)


class ReportForm(BaseForm):
    message = forms.CharField(
        label="Quelle erreur avez-vous constatée ?", max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Dites ce qui est faux et, si vous le savez, ce qui est juste (2 000 "
                  "caractères au plus). Ce message est lu par l'équipe de modération et par "
                  "la collectivité ; il n'est pas publié.")
    reporter_name = forms.CharField(label="Votre nom", max_length=120, required=False)
    reporter_email = forms.EmailField(
        label="Votre adresse électronique", required=False,
        help_text="Pour recevoir la réponse. Elle n'est jamais publiée. Format attendu : "
                  "nom@domaine.fr")


class AnswerReportForm(BaseForm):
    outcome = forms.ChoiceField(label="Conclusion", widget=forms.RadioSelect,
                                choices=ReportOutcome.choices)
    answer = forms.CharField(
        label="Réponse", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Envoyée à la personne qui a signalé l'erreur (si elle a laissé son "
                  "adresse) et à la collectivité.")
