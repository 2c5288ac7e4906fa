"""Unit conversions, equivalences and the seed's figures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from recensia.footprint import (
    COUNTRIES,
    SEED_FIGURES,
    SOURCES,
    ApiUsage,
    Inputs,
    Range,
    assess,
    units,
)
from recensia.footprint.constants import EQUIVALENCES

METHODOLOGY = (Path(__file__).resolve().parents[2] / "src" / "recensia" / "templates"
               / "footprint" / "methodologie.html")


def test_strubell_pounds_to_tonnes():
    assert units.lb_to_tonnes(626_155) == pytest.approx(284.0, abs=0.5)
    assert units.lb_to_tonnes(78_468) == pytest.approx(35.6, abs=0.1)


def test_paris_new_york_equivalence():
    assert units.paris_new_york_round_trips(2060.0) == pytest.approx(1.0)
    # Strubell et al.: 284 t ≈ 138 round trips; GPT-3 training 552 t ≈ 268.
    assert units.paris_new_york_round_trips(units.lb_to_kg(626_155)) == pytest.approx(138, abs=0.5)
    assert units.paris_new_york_round_trips(552_000) == pytest.approx(268, abs=0.5)


def test_result_equivalences_use_dated_ademe_factors():
    result = assess(Inputs(profiles=[ApiUsage("openai", "gpt-4o", 100_000, output_tokens=500)]))
    gwp = result.total.gwp_kgco2e
    by_label = {e.label: e for e in result.equivalences}
    ny = by_label["allers-retours Paris–New York en avion (par passager)"]
    assert ny.value.central == pytest.approx(gwp.central / 2060.0)
    assert ny.value.max == pytest.approx(gwp.max / 2060.0)
    car = by_label["km en voiture thermique (essence ou diesel)"]
    assert car.value.central == pytest.approx(gwp.central / 0.2176)
    assert "tgv_km" in {e.key for e in EQUIVALENCES}
    for e in result.equivalences:
        assert e.source["url"].startswith("https://impactco2.fr")
        assert e.source["date"]


def test_carbon_intensity_spread_per_country():
    for code in ("FRA", "DEU", "SWE", "IRL", "NLD", "USA", "WOR"):
        assert code in COUNTRIES
        ci = COUNTRIES[code]["ci_g_per_kwh"]
        assert ci.min <= ci.central <= ci.max
        assert len(COUNTRIES[code]["ci_sources"]) >= 2
    fr = COUNTRIES["FRA"]["ci_g_per_kwh"]
    assert fr.min == pytest.approx(41.44)
    assert fr.max == pytest.approx(98.0)
    assert fr.central == pytest.approx(56.039)
    world = COUNTRIES["WOR"]["ci_g_per_kwh"]
    assert world.min == pytest.approx(458.29) and world.max == pytest.approx(475.0)


def test_every_source_is_complete():
    for key, s in SOURCES.items():
        for attr in ("name", "url", "licence", "version", "date"):
            assert s[attr], (key, attr)
    assert "AGPL" in SOURCES["boavizta"]["licence"]


def test_seed_figures_are_explained():
    text = " ".join(f.what_it_is for f in SEED_FIGURES)
    assert "268" in text and "138" in text and "20 à 50" in text


def _int(text: str) -> int:
    return int(text.replace(" ", "").replace("\u202f", ""))


def test_the_round_trips_quoted_in_the_explanations_are_what_the_conversion_gives():
    gpt3, strubell, _water = SEED_FIGURES
    # « 552 tCO2e selon Patterson et al. (2021), soit environ 268 allers-retours »
    tonnes, trips = re.search(r"(\d[\d ]*) tCO2e.*?environ (\d+) allers-retours",
                              gpt3.what_it_is).groups()
    assert round(units.paris_new_york_round_trips(_int(tonnes) * 1000)) == _int(trips)
    # « 626 155 livres … environ 138 allers-retours »
    pounds = re.search(r"(\d[\d ]*) livres", strubell.claim).group(1)
    trips = re.search(r"environ (\d+) allers-retours", strubell.what_it_is).group(1)
    assert round(units.paris_new_york_round_trips(units.lb_to_kg(_int(pounds)))) == _int(trips)
    # The methodology page: « 205 allers-retours feraient 422 t ».
    page = METHODOLOGY.read_text(encoding="utf-8")
    trips, tonnes = re.search(r"(\d+) allers-retours feraient (\d+) t", page).groups()
    assert round(units.paris_new_york_round_trips(int(tonnes) * 1000)) == int(trips)


def test_range_arithmetic():
    a, b = Range(1, 2, 3), Range(10, 20, 30)
    assert a + b == Range(11, 22, 33)
    assert a * b == Range(10, 40, 90)
    assert b - a == Range(7, 18, 29)
    assert b / 2 == Range(5, 10, 15)
    assert Range.spread([3, 1, 2]) == Range(1, 2, 3)
    assert sum([a, b]) == Range(11, 22, 33)
    assert Range.from_dict(a.to_dict()) == a
