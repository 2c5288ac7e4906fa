"""Base form classes shared by every app: DSFR rendering, French messages."""

from django import forms
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


def error_summary(form: forms.BaseForm) -> list[tuple[str, str, str]]:
    """(field id, field label, message) for every error, to list them above the form."""
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


def formfield_callback(db_field, **kwargs):
    """Model form fields for our ModelForms: web addresses default to https."""
    from django.db import models

    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)
