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
    assess,
    units,
)
from recensia.footprint import constants as C
from recensia.footprint.constants import EQUIVALENCES

METHODOLOGY = (Path(__file__).resolve().parents[2] / "src" / "recensia" / "templates"
               / "footprint" / "methodologie.html")


def test_strubell_pounds_to_tonnes():
    assert units.lb_to_tonnes(626_155) == pytest.approx(284.0, abs=0.5)
    assert units.lb_to_tonnes(78_468) == pytest.approx(35.6, abs=0.1)


def test_paris_new_york_equivalence():
    # ADEME Impact CO2 (deplacement.json): 1,770 kg for 11,600 km; long haul 0.152 kg/km.
    assert C.PARIS_NY_ROUND_TRIP_KGCO2E == 1770.0 and C.PARIS_NY_ROUND_TRIP_KM == 11600.0
    assert pytest.approx(0.152, abs=0.0005) == C.LONG_HAUL_FLIGHT_KGCO2E_PER_KM
    assert pytest.approx(
        1770, rel=0.01) == C.LONG_HAUL_FLIGHT_KGCO2E_PER_KM * C.PARIS_NY_ROUND_TRIP_KM
    assert units.paris_new_york_round_trips(1770.0) == pytest.approx(1.0)
    # Strubell et al.: 284 t ≈ 160 round trips; GPT-3 training 552 t ≈ 310.
    assert units.paris_new_york_round_trips(units.lb_to_kg(626_155)) == pytest.approx(160, abs=1)
    assert units.paris_new_york_round_trips(552_000) == pytest.approx(312, abs=1)
    # "205 round trips" would be about 360 t, not the 552 t of GPT-3's training.
    assert pytest.approx(363, abs=1) == 205 * 1770 / 1000
    assert units.paris_new_york_round_trips(units.lb_to_kg(78_468)) == pytest.approx(20, abs=0.5)


def test_result_equivalences_use_dated_ademe_factors():
    result = assess(Inputs(profiles=[ApiUsage("openai", "gpt-4o", 100_000, output_tokens=500)]))
    gwp = result.total.gwp_kgco2e
    by_label = {e.label: e for e in result.equivalences}
    ny = by_label["allers-retours Paris–New York en avion (par passager)"]
    assert ny.value.central == pytest.approx(gwp.central / 1770.0)
    assert ny.value.max == pytest.approx(gwp.max / 1770.0)
    car = by_label["km en voiture thermique (essence ou diesel)"]
    assert car.value.central == pytest.approx(gwp.central / 0.2176)
    assert "1 770 kgCO2e" in ny.source["version"]
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
    assert fr.min == pytest.approx(32.0)  # RTE, production of 2023
    assert fr.max == pytest.approx(98.0)
    assert fr.central == pytest.approx(51.28)  # median of five current sources
    keys = {key for key, _, _ in COUNTRIES["FRA"]["ci_sources"]}
    assert "rte_bilan_2023" in keys and "ademe_base_impacts" not in keys
    assert all("2011" not in note for _, _, note in COUNTRIES["FRA"]["ci_sources"])
    world = COUNTRIES["WOR"]["ci_g_per_kwh"]
    assert world.min == pytest.approx(458.29) and world.max == pytest.approx(475.0)


def test_every_source_is_complete():
    for key, s in SOURCES.items():
        for attr in ("name", "url", "licence", "version", "date"):
            assert s[attr], (key, attr)
    assert "AGPL" in SOURCES["boavizta"]["licence"]


def test_seed_figures_are_explained():
    text = " ".join(f.what_it_is for f in SEED_FIGURES)
    assert "310 allers-retours à 1,77 t" in text and "360 t" in text
    assert "160 allers-retours" in text and "20 à 50" in text
    # 78,468 lb is the whole R&D of one NLP pipeline, not a model tuned once
    assert "172 jours" in text and "recherche et développement" in text
    assert "réglé classiquement" not in text


def test_default_pue_is_green_algorithms_v2_2_labelled_as_such():
    assert C.DEFAULT_PUE.central == 1.67
    assert "Uptime Institute 2019" in C.DEFAULT_PUE_NOTE and "v2.2" in C.DEFAULT_PUE_NOTE
    assert "1,67" in SOURCES["uptime_pue"]["name"] and "2019" in SOURCES["uptime_pue"]["name"]


def _int(text: str) -> int:
    return int(text.replace(" ", "").replace("\u202f", ""))


def _two_digits(value: float) -> float:
    # Texts round to 2 significant digits, the display policy (recensia.figures).
    return float(f"{value:.2g}")


def test_the_round_trips_quoted_in_the_explanations_are_what_the_conversion_gives():
    gpt3, strubell, _water = SEED_FIGURES
    # « 552 tCO2e selon Patterson et al. (2021), soit environ 310 allers-retours »
    tonnes, trips = re.search(r"(\d[\d ]*) tCO2e.*?environ (\d+) allers-retours",
                              gpt3.what_it_is).groups()
    assert _two_digits(units.paris_new_york_round_trips(_int(tonnes) * 1000)) == _int(trips)
    # « 626 155 livres … environ 160 allers-retours »
    pounds = re.search(r"(\d[\d ]*) livres", strubell.claim).group(1)
    trips = re.search(r"environ (\d+) allers-retours", strubell.what_it_is).group(1)
    assert _two_digits(units.paris_new_york_round_trips(units.lb_to_kg(_int(pounds)))) == _int(
        trips)
    # The methodology page: « 205 allers-retours feraient environ 360 t ».
    page = METHODOLOGY.read_text(encoding="utf-8")
    trips, tonnes = re.search(r"(\d+) allers-retours feraient (?:environ )?(\d+) t",
                              page).groups()
    per_tonne = units.paris_new_york_round_trips(1000)
    assert _two_digits(int(trips) / per_tonne) == int(tonnes)
