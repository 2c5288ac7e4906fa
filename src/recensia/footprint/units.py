"""Unit conversions and the equivalences used to explain figures."""

from __future__ import annotations

from . import constants as C
from .ranges import Range


def lb_to_kg(pounds: float) -> float:
    return float(pounds) * C.LB_TO_KG


def lb_to_tonnes(pounds: float) -> float:
    return lb_to_kg(pounds) / 1000.0


def paris_new_york_round_trips(kgco2e: float | Range) -> float | Range:
    """Number of Paris–New York return flights per passenger (ADEME Impact CO2: 1,770 kgCO2e
    each)."""
    return kgco2e / C.PARIS_NY_ROUND_TRIP_KGCO2E



def tgv_km(kgco2e: float | Range) -> float | Range:
    return kgco2e / C.TGV_KGCO2E_PER_KM


