"""Template filters that show evaluation figures with the platform's rounding policy.

Every figure a person reads goes through :mod:`recensia.figures` (2 significant
digits for ranges, readable units); these filters only adapt it to templates.
"""

from __future__ import annotations

from datetime import date

from django import template

from recensia import figures as display
from recensia.compliance import format_date_fr

register = template.Library()


@register.filter
def span(value, kind=None) -> str:
    """A range with its unit: ``{{ result.total.gwp_kgco2e|span:"gwp" }}``."""
    return display.format_range(value, kind or None)


@register.filter
def quantity(value, kind) -> str:
    """A single value with its unit: ``{{ assessment.gwp_central_kg|quantity:"gwp" }}``."""
    return display.format_quantity(value, kind)


@register.filter
def constant(value, digits=display.CONSTANT_DIGITS) -> str:
    """A cited constant, at most 3 significant digits: ``{{ 0.1516|constant }}``."""
    if value is None or value == "":
        return "—"
    return display.format_number(float(value), int(digits))


@register.filter
def share(value) -> str:
    return display.format_share(value)


@register.filter
def change(value) -> str:
    return display.format_change(value)


@register.filter
def iso_date(value) -> str:
    """« 2026-11-28 » (or a date) → « 28 novembre 2026 »."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    return format_date_fr(value)


@register.filter
def triple(value) -> str:
    """A cited range as « min – central – max », 3 significant digits at most."""
    lo, mid, hi = (float(getattr(value, k)) for k in ("min", "central", "max"))
    return " – ".join(display.format_number(x, display.CONSTANT_DIGITS) for x in (lo, mid, hi))


VERSION_LABELS = {
    "engine": "moteur de calcul", "engine_version": "moteur de calcul",
    "ecologits": "paquet EcoLogits", "constants": "table des constantes",
    "constants_date": "date des constantes", "inputs_schema": "format des données saisies",
    "result_schema": "format des résultats", "rules_version": "règles",
    "rules_date": "date des règles",
}


@register.filter
def version_label(key) -> str:
    """French name of a version key (« constants » → « table des constantes »)."""
    return VERSION_LABELS.get(key, "autre élément")


@register.filter
def versions_fr(versions) -> str:
    """« moteur de calcul 1.0.0, table des constantes 2026.11.2… » for a versions dict."""
    if not versions:
        return ""
    return ", ".join(f"{version_label(k)} {v}" for k, v in versions.items()
                     if not str(k).endswith("_date") and k != "as_of")


@register.filter
def constant_quantity(value, kind) -> str:
    """A cited constant with its unit, 3 significant digits: 1 770 kg → « 1,77 t éq. CO2 »."""
    return display.format_quantity(value, kind, display.CONSTANT_DIGITS)
