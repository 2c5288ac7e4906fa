"""The assistant in a real browser: a public-inventory spreadsheet (22 rows, free-text
statuses, prefixed codes, commune + EPCI cells, an unknown public body) goes through with
one confirmation per distinct value and ends with every row imported or waiting for a
moderator. axe-core checks each page. Set SCREENSHOT_DIR to keep screenshots (375 and
1,280 px wide)."""

import csv
import os
from pathlib import Path

import pytest
from openpyxl import Workbook

from recensia.imports.models import ImportedRow, ImportJob, JobState
from recensia.imports.services import value_questions
from tests.accessibility import assert_accessible
from tests.factories import UserFactory
from tests.imports.conftest import INVENTORY
from tests.imports.helpers import run_worker
from tests.test_browser_journey import _login, browser  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SCREENSHOT_DIR", "")


def _xlsx(tmp_path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    with INVENTORY.open(encoding="utf-8") as handle:
        for row in csv.reader(handle):
            sheet.append(row)
    path = tmp_path / "inventaire-des-algorithmes.xlsx"
    workbook.save(path)
    return path


def _check(page, name: str) -> None:
    assert_accessible(page)
    if SHOTS:
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})


def test_an_inventory_goes_through_the_assistant(live_server, browser,  # noqa: F811
                                                 finistere, tmp_path):
    page = browser.new_page(locale="fr-FR", bypass_csp=True)
    base = live_server.url
    _login(page, base, finistere["agent"].email)
    page.goto(f"{base}/donnees/importer/assistant/")
    _check(page, "1-depot")
    page.get_by_label("Collectivité").select_option(label="Finistère")
    page.get_by_label("Fichier à importer").set_input_files(str(_xlsx(tmp_path)))
    page.get_by_role("button", name="Lire le fichier").click()

    page.wait_for_url("**/colonnes/")
    assert page.get_by_label("Colonne « État »").input_value() == "status"
    assert page.get_by_label("Colonne « Commentaire interne »").input_value() == \
        "+description"
    _check(page, "2-colonnes")
    page.get_by_role("button", name="Continuer : le sens des valeurs").click()

    page.wait_for_url("**/valeurs/")
    job = ImportJob.objects.get()
    questions = value_questions(job)
    # One control per distinct value, not per row.
    assert page.locator("select[name^='value_']").count() == len(questions) < 22 + 22
    assert page.get_by_label("Valeur retenue pour « en service depuis 2023 »").input_value() \
        == "deployed"
    assert page.get_by_label("Valeur retenue pour « réalisé (campagne test) »") \
        .input_value() == "pilot"
    assert page.get_by_label("Valeur retenue pour « Département | 29 - Finistère »") \
        .input_value() == "departement-29"
    assert page.get_by_label("Valeur retenue pour « SDIS du Finistère »").input_value() \
        == "__request__"
    # The values the assistant is not sure of are chosen by the person.
    page.get_by_label("Valeur retenue pour « incendie »").select_option("risques-naturels")
    page.get_by_label("Valeur retenue pour « inondations »").select_option("risques-naturels")
    page.get_by_label("Valeur retenue pour « (charte) »").select_option("__keywords__")
    _check(page, "3-valeurs")
    page.get_by_role("button", name="Confirmer et lancer l'import").click()

    page.wait_for_url(f"**/{job.token}/")
    assert page.get_by_text("En attente de traitement").is_visible()
    _check(page, "4-en-attente")
    run_worker()
    page.reload()
    assert page.get_by_text("Import terminé").is_visible()
    assert page.get_by_text("20 enregistrées, 2 en attente, 0 à corriger").is_visible()
    _check(page, "5-termine")

    job.refresh_from_db()
    assert job.state == JobState.DONE
    outcomes = list(ImportedRow.objects.filter(job=job).values_list("outcome", flat=True))
    assert len(outcomes) == 22  # none lost
    assert outcomes.count(ImportedRow.Outcome.WRITTEN) == 20
    assert outcomes.count(ImportedRow.Outcome.WAITING) == 2

    # The member submits the drafts together; a moderator validates the public body, whose
    # rows are then imported, and publishes the import as a batch.
    page.get_by_role("button", name="Soumettre les 20 brouillons à la modération").click()
    assert page.get_by_text("19 projet(s) soumis à la modération.").is_visible()
    _check(page, "6-soumis")
    page.get_by_role("button", name="Se déconnecter").click()
    moderator = UserFactory(moderator=True)
    _login(page, base, moderator.email)
    page.goto(f"{base}/donnees/importer/assistant/moderation/")
    assert page.get_by_role("heading", name="SDIS du Finistère").is_visible()
    _check(page, "7-moderation")
    page.get_by_role("button", name="Créer l'organisme et importer ses lignes").click()
    run_worker()
    job.refresh_from_db()
    assert job.rows_written == 22 and job.rows_waiting == 0
    page.goto(f"{base}/donnees/importer/assistant/moderation/")
    page.get_by_role("link", name="« inventaire-des-algorithmes.xlsx » — Finistère").click()
    _check(page, "8-relecture")
    page.get_by_role("button", name="Tout publier").click()
    assert page.get_by_text("21 projet(s) publié(s).").is_visible()
    page.close()
