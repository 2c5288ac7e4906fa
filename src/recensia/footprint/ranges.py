"""Ranges (min / central / max) and the five impact criteria carried as ranges.

Arithmetic is interval arithmetic on non-negative quantities: adding two ranges adds
their bounds, multiplying multiplies bound by bound (min × min, max × max), which is the
outer envelope when every factor is non-negative. Subtraction (used only for the net
balance) takes the widest interval: (a.min − b.max, a.central − b.central, a.max − b.min).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


def _num(x: Any) -> float:
    return float(x)


@dataclass(frozen=True, slots=True)
class Range:
    min: float
    central: float
    max: float

    # ----- construction -------------------------------------------------------------
    @classmethod
    def point(cls, value: float) -> Range:
        v = float(value)
        return cls(v, v, v)

    @classmethod
    def zero(cls) -> Range:
        return _ZERO

    @classmethod
    def of(cls, low: float, central: float, high: float) -> Range:
        """Build a range and make sure min ≤ central ≤ max (sorting if needed)."""
        lo, c, hi = float(low), float(central), float(high)
        if lo > hi:
            lo, hi = hi, lo
        c = min(max(c, lo), hi)
        return cls(lo, c, hi)

    @classmethod
    def spread(cls, values: list[float] | tuple[float, ...], central: float | None = None) -> Range:
        """Range over a set of source values; central = median unless given."""
        vals = sorted(float(v) for v in values)
        if not vals:
            raise ValueError("empty spread")
        if central is None:
            n = len(vals)
            central = vals[n // 2] if n % 2 else (vals[n // 2 - 1] + vals[n // 2]) / 2
        return cls.of(vals[0], central, vals[-1])

    # ----- arithmetic ---------------------------------------------------------------
    def __add__(self, other: Range | float) -> Range:
        if isinstance(other, Range):
            return Range(self.min + other.min, self.central + other.central, self.max + other.max)
        o = float(other)
        return Range(self.min + o, self.central + o, self.max + o)

    def __radd__(self, other: Range | float) -> Range:
        if other == 0:  # lets sum() start from 0
            return self
        return self.__add__(other)

    def __sub__(self, other: Range | float) -> Range:
        if isinstance(other, Range):
            return Range(self.min - other.max, self.central - other.central, self.max - other.min)
        o = float(other)
        return Range(self.min - o, self.central - o, self.max - o)

    def __mul__(self, other: Range | float) -> Range:
        if isinstance(other, Range):
            return Range(self.min * other.min, self.central * other.central, self.max * other.max)
        o = float(other)
        if o >= 0:
            return Range(self.min * o, self.central * o, self.max * o)
        return Range(self.max * o, self.central * o, self.min * o)

    __rmul__ = __mul__

    def __truediv__(self, other: Range | float) -> Range:
        if isinstance(other, Range):
            return Range(_div(self.min, other.max), _div(self.central, other.central),
                         _div(self.max, other.min))
        o = float(other)
        if o == 0:
            raise ZeroDivisionError("division of a Range by zero")
        if o > 0:
            return self.__mul__(1.0 / o)
        return Range(self.max / o, self.central / o, self.min / o)

    def paired_sub(self, other: Range) -> Range:
        """Bound-by-bound difference, for comparing two results computed with the same
        constants (a variant against its baseline): (a.min − b.min, …), then sorted."""
        return Range.of(self.min - other.min, self.central - other.central, self.max - other.max)

    # ----- helpers ------------------------------------------------------------------
    @property
    def width_ratio(self) -> float:
        """max / min (inf when min is 0 and max is not)."""
        if self.min > 0:
            return self.max / self.min
        return 1.0 if self.max == 0 else math.inf

    def is_zero(self) -> bool:
        return self.min == 0 and self.central == 0 and self.max == 0

    def contains(self, value: float) -> bool:
        return self.min <= value <= self.max

    def as_tuple(self) -> tuple[float, float, float]:
        return (self.min, self.central, self.max)

    def to_dict(self) -> dict[str, float]:
        return {"min": self.min, "central": self.central, "max": self.max}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Range:
        return cls(_num(data["min"]), _num(data["central"]), _num(data["max"]))


def _div(a: float, b: float) -> float:
    if b == 0:
        return 0.0 if a == 0 else math.inf
    return a / b


_ZERO = Range(0.0, 0.0, 0.0)

IMPACT_FIELDS = ("energy_kwh", "gwp_kgco2e", "water_l", "adpe_kgsbeq", "pe_mj")

IMPACT_LABELS = {
    "energy_kwh": ("Énergie consommée", "kWh"),
    "gwp_kgco2e": ("Gaz à effet de serre", "kgCO2e"),
    "water_l": ("Eau consommée", "L"),
    "adpe_kgsbeq": ("Ressources abiotiques (minéraux et métaux)", "kgSb éq."),
    "pe_mj": ("Énergie primaire", "MJ"),
}


@dataclass(frozen=True, slots=True)
class Impacts:
    """The five criteria, each a Range. Energy is final electricity (usage only: the
    energy used to make hardware is counted in primary energy, ``pe_mj``)."""

    energy_kwh: Range
    gwp_kgco2e: Range
    water_l: Range
    adpe_kgsbeq: Range
    pe_mj: Range

    @classmethod
    def zero(cls) -> Impacts:
        return _ZERO_IMPACTS

    def __add__(self, other: Impacts) -> Impacts:
        if other is _ZERO_IMPACTS:
            return self
        if self is _ZERO_IMPACTS:
            return other
        return Impacts(
            self.energy_kwh + other.energy_kwh,
            self.gwp_kgco2e + other.gwp_kgco2e,
            self.water_l + other.water_l,
            self.adpe_kgsbeq + other.adpe_kgsbeq,
            self.pe_mj + other.pe_mj,
        )

    def __radd__(self, other: Impacts | int) -> Impacts:
        if isinstance(other, int) and other == 0:
            return self
        return self.__add__(other)  # type: ignore[arg-type]

    def scale(self, factor: float) -> Impacts:
        f = float(factor)
        return Impacts(
            self.energy_kwh * f, self.gwp_kgco2e * f, self.water_l * f,
            self.adpe_kgsbeq * f, self.pe_mj * f,
        )

    def __mul__(self, factor: float) -> Impacts:
        return self.scale(factor)

    __rmul__ = __mul__

    def __truediv__(self, divisor: float) -> Impacts:
        return self.scale(1.0 / float(divisor))

    def is_zero(self) -> bool:
        return all(getattr(self, f).is_zero() for f in IMPACT_FIELDS)

    def to_dict(self) -> dict[str, dict[str, float]]:
        return {f: getattr(self, f).to_dict() for f in IMPACT_FIELDS}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Impacts:
        return cls(*(Range.from_dict(data[f]) for f in IMPACT_FIELDS))


_ZERO_IMPACTS = Impacts(_ZERO, _ZERO, _ZERO, _ZERO, _ZERO)
