"""The methodology page renders its tables from the engine's constants table."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from recensia.footprint import COUNTRIES, GPU_MODELS, SOURCES, data_versions, reference


@pytest.fixture(scope="module")
def html() -> str:
    return render_to_string("footprint/methodologie.html",
                            {"title": "Méthode de calcul", "versions": data_versions(),
                             "tables": reference.methodology()},
                            request=RequestFactory().get("/"))


def test_page_renders_versions_and_tables(html):
    assert "Paquet EcoLogits (IA générative par API)" in html
    assert data_versions()["constants"] in html
    assert "fr-table" in html


def test_tables_come_from_the_constants(html):
    for d in COUNTRIES.values():
        assert f"<td>{d['name']}</td>" in html
    for g in GPU_MODELS.values():
        assert g.label in html
    for s in SOURCES.values():
        assert s["licence"].replace("'", "&#x27;") in html


def test_french_grid_range_and_default_pue_are_the_corrected_ones(html):
    france = next(line for line in html.splitlines() if "<td>France</td>" in line)
    assert "<td>32</td>" in france and "<td>51,3</td>" in france and "<td>98</td>" in france
    assert "Base IMPACTS 2011" not in html
    assert "sinon 1,67, valeur par défaut de Green Algorithms (version 2.2" in html


def test_seed_figures_are_explained_honestly(html):
    for words in ("205 allers-retours", "552 tCO2e", "310 allers-retours", "360 t",
                  "284 tCO2e", "160 allers-retours", "172 jours", "20 à 50 questions",
                  "25 requêtes"):
        assert words in html, words
    assert "réglé de façon classique » une fois" in html  # said to be a misreading


def test_equivalences_section_shows_the_ademe_round_trip(html):
    assert "1,77 t éq. CO2" in html and "11\u202f600 km" in html and "0,152 kg" in html
