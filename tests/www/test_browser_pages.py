"""The new pages in a real browser: axe-core finds no serious or critical violation, and a
project page prints on at most three A4 pages (Chromium's PDF)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from recensia.projects.models import DecisionRole
from tests.accessibility import assert_accessible
from tests.test_browser_journey import browser  # noqa: F401 - the fixture
from tests.www.helpers import project, territory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = ("La commune a mis en service un assistant qui répond aux appels du standard, "
        "oriente les habitants et prend les rendez-vous ; les agents reprennent la main dès "
        "que la demande sort du cadre. ") * 12


@pytest.fixture
def world(reference_lists):
    places = territory()
    long_project = project(
        places["nantes"], title="Assistant vocal du standard de la mairie",
        partners=[places["metropole"]], description=LONG, purpose=LONG[:900],
        results_summary=LONG[:700], human_oversight=LONG[:500],
        contest_procedure="Écrire au service de l'accueil, puis recours gracieux au maire.",
        decision_role=DecisionRole.ASSISTS, contact_email="accueil@nantes.example.fr",
        lessons_learned=LONG[:800], data_sources=LONG[:400], risks=LONG[:400],
        solution_name="Vocalia", funding=LONG[:300], start_year=2023)
    for i in range(4):
        project(places["metropole"], title=f"Projet voisin {i} du standard téléphonique",
                description=LONG[:300])
    return {**places, "long": long_project}


def test_project_page_prints_on_at_most_three_a4_pages(live_server, browser, world):  # noqa: F811
    page = browser.new_page(locale="fr-FR", bypass_csp=True)
    page.goto(f"{live_server.url}{world['long'].get_absolute_url()}")
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert 1 <= pages <= 3, f"la fiche s'imprime sur {pages} pages"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Assistant vocal du standard de la mairie" in text
    assert "recours gracieux" in text  # the content is there, not cut away
    assert "Projets similaires" not in text and "Se connecter" not in text


@pytest.mark.parametrize("width", [375, 1280])
def test_new_pages_have_no_serious_accessibility_violation(live_server, browser, world,  # noqa: F811
                                                           width):
    page = browser.new_page(locale="fr-FR", bypass_csp=True,
                            viewport={"width": width, "height": 900})
    for path in ("/tableau-de-bord/", "/tableau-de-bord/region-52/",
                 "/tableau-de-bord/departement-44/?type=commune&taille=moins-de-1000",
                 "/collectivites/44109/", "/collectivites/44109/inventaire/imprimer/",
                 "/mentions-legales/", "/donnees-personnelles/", "/plan-du-site/",
                 "/accessibilite/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert_accessible(page)


def test_map_opens_a_departement_page(live_server, browser, world):  # noqa: F811
    page = browser.new_page(locale="fr-FR", bypass_csp=True,
                            viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/tableau-de-bord/")
    page.locator('svg.dashboard-map a[href="/tableau-de-bord/departement-44/"]').click()
    page.wait_for_url(f"{live_server.url}/tableau-de-bord/departement-44/")
    assert page.locator("h1").inner_text() == "Tableau de bord : Loire-Atlantique"
