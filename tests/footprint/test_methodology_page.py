"""The methodology page: renders with only ``title`` and ``versions``, and its tables match
the engine's constants table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from recensia.footprint import COUNTRIES, DEVICE_CLASSES, GPU_MODELS, SOURCES, data_versions

TEMPLATE = (Path(__file__).resolve().parents[2] / "src" / "recensia" / "templates" / "footprint"
            / "methodologie.html")


def _fr(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".").replace(".", ",")


@pytest.fixture(scope="module")
def text() -> str:
    return TEMPLATE.read_text(encoding="utf-8")


def test_template_uses_only_title_and_versions(text):
    assert text.startswith('{% extends "base.html" %}')
    blocks = re.findall(r"{%\s*block\s+(\w+)", text)
    assert blocks == ["content"]
    variables = set(re.findall(r"{{\s*([\w]+)", text))
    assert variables <= {"title", "key", "value"}
    assert "{% for key, value in versions.items %}" in text


def test_template_renders_without_undefined_variables():
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    versions = data_versions()
    html = render_to_string("footprint/methodologie.html",
                            {"title": "Méthodologie : empreinte environnementale",
                             "versions": versions},
                            request=RequestFactory().get("/"))
    assert "Méthodologie : empreinte environnementale" in html
    assert "Paquet EcoLogits (IA générative par API)" in html
    assert versions["ecologits"] in html and versions["constants"] in html
    assert "fr-table" in html


def test_tables_match_the_constants(text):
    for code, d in COUNTRIES.items():
        ci = d["ci_g_per_kwh"]
        row = next(line for line in text.splitlines() if f"({code})</td>" in line)
        assert f"<td>{_fr(ci.min)}</td>" in row and f"<td>{_fr(ci.max)}</td>" in row, code
    for key, g in GPU_MODELS.items():
        row = next(line for line in text.splitlines() if f"<code>{key}</code>" in line)
        assert f"<td>{int(g.tdp_w)}</td>" in row, key
    for key in DEVICE_CLASSES:
        assert f"<code>{key}</code>" in text
    for s in SOURCES.values():
        assert s["licence"].replace("'", "&#x27;") in text or s["licence"] in text


def test_seed_figures_are_explained_honestly(text):
    for words in ("205 allers-retours", "552 tCO2e", "268 allers-retours", "626 155 livres",
                  "284 tCO2e", "138 allers-retours", "20 à 50 questions", "25 requêtes"):
        assert words in text, words
