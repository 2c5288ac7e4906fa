"""The collectivité page as its public inventory of algorithms: its projects and those of
its intercommunalité, what each system decides, how to contest, whom to contact; a service
contact set by its référents; the inventory as CSV, XLSX and PDF; collectivités like it."""

from __future__ import annotations

import html as html_module
import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from recensia.projects.models import DecisionRole
from recensia.territories.models import ServiceContactChange
from tests.factories import MembershipFactory
from tests.www.helpers import project, read_csv, territory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    places = territory()
    project(places["nantes"], title="Prévision des repas des cantines",
            decision_role=DecisionRole.ASSISTS, contact_email="cantines@nantes.example.fr",
            contest_procedure="Écrire au service des écoles, puis recours gracieux.")
    project(places["metropole"], title="Détection des fuites du réseau d'eau",
            decision_role=DecisionRole.NOT_APPLICABLE, solution_name="Aquaveille")
    project(places["reze"], title="Assistant téléphonique de Rezé", partners=[
        places["metropole"]])
    project(places["metropole"], title="Brouillon de la métropole", state="draft")
    project(places["moyenne"], title="Tri des courriers", solution_name="Courrielia")
    return places


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", html)))


def test_nantes_lists_nantes_metropole_projects_as_those_of_its_intercommunalite(client,
                                                                                 world):
    html = client.get("/collectivites/44109/").content.decode()
    section = html[html.index("Projets de son intercommunalité"):]
    section = section[:section.index("</section>")]
    assert "Projets de son intercommunalité : Nantes Métropole" in section
    assert "Détection des fuites du réseau d&#x27;eau" in section  # owned by the métropole
    assert "Assistant téléphonique de Rezé" in section  # the métropole is a partner
    assert "Brouillon de la métropole" not in html
    assert "Prévision des repas des cantines" not in section  # Nantes' own, listed above
    # The inventory marks the métropole's system as such.
    assert "Détection des fuites du réseau d&#x27;eau — Nantes Métropole (son " \
           "intercommunalité)" in html


def test_inventory_says_what_each_system_decides_how_to_contest_and_whom_to_contact(
        client, world):
    html = _text(client.get("/collectivites/44109/").content.decode())
    assert "Ce que fait le traitement dans la décision Aide un agent, qui décide" in html
    assert "Comment contester une décision Écrire au service des écoles" in html
    assert "Contact cantines@nantes.example.fr" in html
    # A system that takes no individual decision says so rather than leaving a blank.
    assert "Sans objet : le système ne prend ni ne prépare de décision individuelle" in html


def test_inventory_downloads_have_the_same_lines(client, world):
    rows = read_csv(client.get("/collectivites/44109/inventaire/csv/"))
    assert [r["Nom du traitement"] for r in rows] == [
        "Prévision des repas des cantines", "Assistant téléphonique de Rezé",
        "Détection des fuites du réseau d'eau"]
    assert rows[2]["Administration qui le met en œuvre"] == \
        "Nantes Métropole (son intercommunalité)"
    assert rows[0]["Fiche complète"].startswith("http://testserver/projets/")

    sheet = load_workbook(io.BytesIO(
        client.get("/collectivites/44109/inventaire/xlsx/").content)).active
    values = list(sheet.values)
    assert values[0][0] == "Nom du traitement" and len(values) == 4
    assert values[1][9] == "Écrire au service des écoles, puis recours gracieux."

    pdf = client.get("/collectivites/44109/inventaire/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Prévision des repas des cantines" in text
    assert "Détection des fuites du réseau d'eau" in text

    printable = client.get("/collectivites/44109/inventaire/imprimer/").content.decode()
    assert "data-rc-print" in printable and "Assistant téléphonique de Rezé" in printable
    assert client.get("/collectivites/44109/inventaire/docx/").status_code == 404


def test_referent_sets_the_service_contact_and_every_change_is_kept(client, world):
    nantes = world["nantes"]
    member = MembershipFactory(organization=nantes).user
    referent = MembershipFactory(organization=nantes, referent=True).user
    url = "/collectivites/44109/contact/"
    client.force_login(member)
    assert client.post(url, {"label": "x", "email": "x@x.fr"}).status_code == 403
    client.force_login(referent)
    html = client.get("/collectivites/44109/").content.decode()
    assert "Indiquer le contact de service" in html
    refused = client.post(url, {"label": "Direction du numérique", "email": "pas une adresse"})
    assert refused.status_code == 200
    assert "Saisissez une adresse électronique complète" in refused.content.decode()
    assert not ServiceContactChange.objects.exists()
    client.post(url, {"label": "Direction du numérique", "email": "numerique@nantes.example.fr"})
    client.post(url, {"label": "Mission algorithmes", "email": "algos@nantes.example.fr"})
    assert list(ServiceContactChange.objects.order_by("id").values_list("email", "author")) == [
        ("numerique@nantes.example.fr", referent.pk), ("algos@nantes.example.fr", referent.pk)]
    client.logout()
    page = client.get("/collectivites/44109/").content.decode()
    assert 'href="mailto:algos@nantes.example.fr"' in page
    rows = read_csv(client.get("/collectivites/44109/inventaire/csv/"))
    # A system without its own contact gives the collectivité's service.
    assert rows[1]["Contact"] == "algos@nantes.example.fr"
    assert rows[0]["Contact"] == "cantines@nantes.example.fr"


def test_collectivites_like_mine_compare_same_type_size_and_region(client, world):
    html = _text(client.get("/collectivites/44015/").content.decode())  # Blain, 2 000 hab.
    assert "Collectivités comme Blain" in html
    assert "Aucune autre commune de 1 000 à 3 499 habitants de la région Pays de la Loire" in html
    html = _text(client.get("/collectivites/44122/").content.decode())  # Petit-Mars, 900
    # Le Bourg and Saint-Suivant are its peers (under 1 000), without projects.
    assert "Parmi les 2 communes de moins de 1 000 habitants de la région Pays de la " \
           "Loire, 0 porte au moins un système d'IA" in html
    reze = _text(client.get("/collectivites/44143/").content.decode())  # 42 000 hab.
    assert "Aucune autre commune de 10 000 à 49 999 habitants de la région Pays de la " \
           "Loire" in reze


def test_comparison_lists_peers_with_their_domains_and_solutions(client, world):
    world["petite"].population = 2_500
    world["petite"].save()
    html = _text(client.get("/collectivites/44122/").content.decode())
    row = html[html.index("Blain (99"):] if "Blain (99" in html else html[html.index("Blain"):]
    assert row.startswith("Blain") and "Courrielia" in row[:400]
