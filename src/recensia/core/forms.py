"""Base form classes shared by every app: DSFR rendering, French messages, errors."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm

from recensia.core.text import validate_no_control_characters


class BaseForm(DsfrBaseForm):
    """DSFR form that marks optional fields (current DSFR guidance) and refuses control
    characters (NUL…) in every text field, with a French message under the field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) \
                    and validate_no_control_characters not in field.validators:
                field.validators.append(validate_no_control_characters)

    def get_context(self) -> dict:
        context = forms.Form.get_context(self)
        context["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return context


def add_errors(form: forms.BaseForm, errors: ValidationError | Iterable[Any], *,
               default: str | None = None,
               rows: Mapping[str, Sequence[forms.BaseForm]] | None = None) -> None:
    """Shows on ``form`` the errors a service or a parser found.

    ``errors`` is a Django ``ValidationError`` (a dict by field, or a plain list) or a list
    of problems: objects with ``field`` and ``message`` and, for one item of a list shown
    as a list of forms (``rows[field]``, one form per item), ``item`` (from 1) and ``part``
    (a field of that item).
    An error whose field the form does not have goes to ``default`` (None: the whole
    form). A field already showing an error keeps its own message only.
    """
    if isinstance(errors, ValidationError):
        by_field = errors.message_dict if hasattr(errors, "error_dict") else {None: errors.messages}
        for name, messages in by_field.items():
            for message in messages:
                _add(form, name, message, default)
        return
    for problem in errors:
        item = getattr(problem, "item", None)
        row_forms = (rows or {}).get(problem.field)
        if item is not None and row_forms is not None and item <= len(row_forms):
            _add(row_forms[item - 1], problem.part, problem.message, None)
        elif problem.field in form.fields:
            _add(form, problem.field, problem.message, default)
        else:
            _add(form, None, str(problem), default)


def submit(form: forms.BaseForm, service: Callable[[dict[str, Any]], Any], *,
           default: str | None = None) -> Any:
    """Validates a bound form, then calls ``service`` with its cleaned data; a
    ``ValidationError`` the service raises is shown on the form (see ``add_errors``).
    Returns what the service returned (the object it wrote), or None when the form or the
    service refused."""
    if not form.is_bound or not form.is_valid():
        return None
    try:
        return service(form.cleaned_data)
    except ValidationError as exc:
        add_errors(form, exc, default=default)
        return None


def _add(form: forms.BaseForm, name: str | None, message: str, default: str | None) -> None:
    if name not in form.fields:
        name = default if default in form.fields else None
    if name is not None and form.has_error(name):
        return
    form.add_error(name, message)


def error_summary(form: forms.BaseForm, *,
                  rows: Iterable[tuple[str, forms.BaseFormSet]] = ()) -> list[tuple[str, str, str]]:
    """(field id, label, message) for every error, to list them above the form; the forms
    of each (title, formset) of ``rows`` are listed as « {title} n° 1 », « n° 2 »…"""
    summary = _form_summary(form)
    for title, formset in rows:
        for number, row_form in enumerate(formset.forms, start=1):
            summary += [(field_id, f"{title} n° {number}", f"{label} : {message}" if label
                         else message)
                        for field_id, label, message in _form_summary(row_form)]
    return summary


def _form_summary(form: forms.BaseForm) -> list[tuple[str, str, str]]:
    rows = []
    for name, errors in form.errors.items():
        if name == "__all__":
            rows += [("", "", str(e)) for e in errors]
            continue
        field = form.fields.get(name)
        label = str(field.label) if field is not None else name
        field_id = form[name].auto_id if field is not None else ""
        rows += [(field_id, label, str(e)) for e in errors]
    return rows
