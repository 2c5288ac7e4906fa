"""How every figure is shown: one rounding policy for pages, exports and API display fields.

Pure Python (no Django). The data behind a footprint are uncertain by a factor of two or
more, so a figure never claims more precision than it has:

* a range (min, central, max) is shown with **2 significant digits**;
* a single cited constant with at most **3 significant digits** (``digits=3``);
* the unit is chosen so the number stays readable: g, kg, t for masses; mL, L, m³ for
  water; Wh, kWh, MWh, GWh for energy; kJ, MJ, GJ for primary energy;
* a relative change beyond +1 000 % is said as a factor (« × 15 000 »), not as a percent.

Raw values stay raw wherever they are stored or served as data (API ``result`` fields,
CSV numbers); only the words a person reads go through this module.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["RANGE_DIGITS", "CONSTANT_DIGITS", "KINDS", "round_sig", "format_number",
           "format_quantity", "format_range", "format_share", "format_change",
           "significant_digits", "impacts_text", "IMPACT_KINDS"]

RANGE_DIGITS = 2
CONSTANT_DIGITS = 3
NARROW_NBSP = "\u202f"


@dataclass(frozen=True)
class Kind:
    """A physical quantity: its units from the smallest, each with its size in the base
    unit the engine computes in (kg, L, kWh, MJ), and what follows the unit."""

    units: tuple[tuple[str, float], ...]
    suffix: str = ""


KINDS: dict[str, Kind] = {
    # greenhouse gases, base kgCO2e
    "gwp": Kind((("mg", 1e-6), ("g", 1e-3), ("kg", 1.0), ("t", 1e3), ("kt", 1e6)),
                " éq. CO2"),
    # mass of anything else, base kg
    "mass": Kind((("mg", 1e-6), ("g", 1e-3), ("kg", 1.0), ("t", 1e3), ("kt", 1e6))),
    # abiotic resources, base kg antimony equivalent
    "adpe": Kind((("µg", 1e-9), ("mg", 1e-6), ("g", 1e-3), ("kg", 1.0), ("t", 1e3)),
                 " éq. antimoine"),
    # water, base litre
    "water": Kind((("mL", 1e-3), ("L", 1.0), ("m³", 1e3), ("millions de m³", 1e9))),
    # electricity, base kWh
    "energy": Kind((("Wh", 1e-3), ("kWh", 1.0), ("MWh", 1e3), ("GWh", 1e6))),
    # primary energy, base MJ
    "pe": Kind((("J", 1e-6), ("kJ", 1e-3), ("MJ", 1.0), ("GJ", 1e3), ("TJ", 1e6))),
}


def round_sig(x: float, digits: int = RANGE_DIGITS) -> float:
    """``x`` rounded to ``digits`` significant digits (0 stays 0)."""
    x = float(x)
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, _decimals(x, digits))


def _decimals(x: float, digits: int) -> int:
    magnitude = math.floor(math.log10(abs(x)))
    decimals = digits - 1 - magnitude
    # 9.96 at 2 digits rounds to 10: one decimal fewer, so « 10 » and not « 10,0 »
    if abs(round(x, decimals)) >= 10 ** (magnitude + 1):
        decimals -= 1
    return decimals


def format_number(x: float, digits: int = RANGE_DIGITS) -> str:
    """French notation with at most ``digits`` significant digits: 12 345,6 → « 12 000 »,
    0,0024 → « 0,0024 », 32,0 → « 32 »; thousands separated by a narrow no-break space."""
    x = float(x)
    if x == 0:
        return "0"
    if math.isnan(x):
        return "—"
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    decimals = _decimals(x, digits)
    rounded = round(x, decimals)
    text = f"{abs(rounded):,.{max(decimals, 0)}f}"
    if "." in text:  # « 32,0 » would claim a precision the figure does not have
        text = text.rstrip("0").rstrip(".")
    text = text.replace(",", NARROW_NBSP).replace(".", ",")
    return ("−" if rounded < 0 else "") + text


def _unit(kind: Kind, reference: float) -> tuple[str, float]:
    """The largest unit in which ``reference`` is at least 1 (the smallest one below)."""
    reference = abs(reference)
    chosen = kind.units[0]
    for name, size in kind.units:
        if reference >= size:
            chosen = (name, size)
    # keep the base unit for exact zero
    if reference == 0:
        chosen = next(u for u in kind.units if u[1] == 1.0)
    return chosen


def format_quantity(value: float | None, kind: str, digits: int = RANGE_DIGITS) -> str:
    """A single value with its readable unit: 2 060 (gwp) → « 2,1 t éq. CO2 »."""
    if value is None:
        return "—"
    k = KINDS[kind]
    name, size = _unit(k, float(value))
    return f"{format_number(float(value) / size, digits)} {name}{k.suffix}"


def _bounds(value: Any) -> tuple[float, float, float]:
    if isinstance(value, Mapping):
        return float(value["min"]), float(value["central"]), float(value["max"])
    return float(value.min), float(value.central), float(value.max)


def format_range(value: Any, kind: str | None = None, digits: int = RANGE_DIGITS) -> str:
    """A range as « 1,2 à 3,4 t éq. CO2 (valeur centrale : 2,1 t éq. CO2) », one unit
    for the three figures, chosen from the largest bound. ``value`` is a Range or its
    dict form; without ``kind`` the numbers are shown without unit."""
    if value is None:
        return "—"
    lo, mid, hi = _bounds(value)
    if kind is None:
        name, size, suffix = "", 1.0, ""
    else:
        k = KINDS[kind]
        name, size = _unit(k, max(abs(lo), abs(hi)))
        suffix = k.suffix
    unit = f" {name}{suffix}" if name else ""
    def fmt(x):
        return format_number(x / size, digits)
    if fmt(lo) == fmt(hi):
        return f"{fmt(mid)}{unit}"
    return f"{fmt(lo)} à {fmt(hi)}{unit} (valeur centrale : {fmt(mid)}{unit})"


def format_share(share: float | None, digits: int = RANGE_DIGITS) -> str:
    """A share of a total (0 to 1) as a percent: 0,934 → « 93 % »."""
    if share is None:
        return "—"
    return f"{format_number(float(share) * 100, digits)}{NARROW_NBSP}%"


def format_change(relative: float | None, digits: int = RANGE_DIGITS) -> str:
    """A relative change: 0,153 → « +15 % », −0,5 → « −50 % »; from +1 000 % on, the
    factor: 15 318 → « × 15 000 » (a percent with 7 digits says nothing more)."""
    if relative is None:
        return "—"
    relative = float(relative)
    if relative >= 9.995:
        return f"× {format_number(1.0 + relative, digits)}"
    if relative == 0:
        return f"0{NARROW_NBSP}%"
    sign = "+" if relative > 0 else ""
    return f"{sign}{format_number(relative * 100, digits)}{NARROW_NBSP}%"


def significant_digits(text: str) -> int:
    """How many significant digits a figure written in French carries (« 56,039 » → 5,
    « 11 600 » → 3, « 0,0024 » → 2): the yardstick of the precision tests."""
    digits = "".join(c for c in text if c.isdigit() or c == ",")
    integer, _, decimals = digits.partition(",")
    if decimals:
        return len((integer + decimals).lstrip("0"))
    return len(integer.lstrip("0").rstrip("0")) or 1


#: Which display kind each impact criterion of a result uses.
IMPACT_KINDS = {"energy_kwh": "energy", "gwp_kgco2e": "gwp", "water_l": "water",
                "adpe_kgsbeq": "adpe", "pe_mj": "pe"}


def impacts_text(impacts: Mapping[str, Any]) -> dict[str, str]:
    """The five criteria of an ``Impacts`` (dict form) as the sentences a page shows:
    ``{"gwp_kgco2e": "1,2 à 3,4 t éq. CO2 (valeur centrale : 2,1 t éq. CO2)", …}``."""
    return {name: format_range(impacts[name], kind) for name, kind in IMPACT_KINDS.items()
            if name in impacts}
