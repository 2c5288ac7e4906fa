"""Suggestions of the assistant: statuses in free text, codes as people write them."""

import pytest

from recensia.imports.matching import owner_suggestion, status_suggestion
from recensia.projects.models import ProjectStatus


@pytest.mark.parametrize(("text", "status", "year"), [
    ("en service depuis 2023", ProjectStatus.DEPLOYED, 2023),
    ("réalisé (campagne test)", ProjectStatus.PILOT, None),
    ("abandonné en 2022 (avis défavorable de la CNIL)", ProjectStatus.STOPPED, None),
    ("étude en cours", ProjectStatus.STUDY, None),
    ("en service depuis 2021 (conception 2020)", ProjectStatus.DEPLOYED, 2021),
    ("déploiement annoncé pour le 1er semestre 2026", ProjectStatus.STUDY, None),
    ("Expérimentation", ProjectStatus.PILOT, None),
])
def test_status_in_free_text(text, status, year):
    found, confidence, start = status_suggestion(text)
    assert found == status
    assert start == year
    assert confidence >= 60


def test_a_status_with_no_status_word_is_not_guessed():
    assert status_suggestion("partenariat signé (article de janvier 2024)")[0] is None


@pytest.mark.parametrize(("cell", "expected"), [
    ("INSEE 29019", "29019"),
    ("Brest | INSEE 29019", "29019"),
    ("SIREN 242 900 314", "242900314"),
    ("Brest Métropole | SIREN 242900314", "242900314"),
    ("Département du Finistère | dép. 29", "departement-29"),
    ("INSEE dép. 29", "departement-29"),
    ("Département | 29 - Finistère", "departement-29"),
    ("Brest (29)", "29019"),
])
def test_codes_read_as_people_write_them(finistere, cell, expected):
    suggestion = owner_suggestion(cell)
    assert suggestion.value == expected
    assert suggestion.confidence >= 60


def test_a_commune_and_its_epci_become_owner_and_partner(finistere):
    suggestion = owner_suggestion("Quimper et Quimper Bretagne Occidentale")
    assert suggestion.value == "29232"
    assert suggestion.partners == ["200068120"]


def test_an_unknown_body_is_proposed_for_creation_with_its_type(finistere):
    suggestion = owner_suggestion("SDIS du Finistère")
    assert suggestion.value is None
    assert suggestion.body["other_type"] == "sdis"
    assert suggestion.body["name"] == "SDIS du Finistère"
