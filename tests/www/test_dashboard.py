"""The dashboard: national, per région and per département, with a map and charts that
each come with their table and CSV file; the share of collectivités with a project by
population band agrees with the open-data export."""

from __future__ import annotations

import pytest

from recensia.projects.models import ProjectKind, ProjectStatus, WorkflowState
from recensia.territories.models import Organization
from recensia.www.dashboard import BANDS, band_of
from tests.www.helpers import Sections, project, read_csv, territory

pytestmark = pytest.mark.django_db

PAGES = ("/tableau-de-bord/", "/tableau-de-bord/region-52/",
         "/tableau-de-bord/departement-44/")


@pytest.fixture
def world():
    places = territory()
    project(places["nantes"], title="Prévision des repas des cantines",
            partners=[places["metropole"]], status=ProjectStatus.DEPLOYED, start_year=2023,
            solution_name="Prévicantine")
    project(places["metropole"], title="Assistant téléphonique de la métropole",
            partners=[places["petite"]], status=ProjectStatus.PILOT, start_year=2024)
    project(places["moyenne"], title="Détection des fuites d'eau", start_year=2024,
            followers=[places["suiveuse"]])
    # Neither counts in the share: a charter is not an AI system, a draft is not public.
    project(places["bourg"], title="Charte de l'IA du Bourg", kind=ProjectKind.GOVERNANCE)
    project(places["bourg"], title="Projet en préparation", state=WorkflowState.DRAFT)
    project(places["reunion"], title="Prévision des houles", start_year=2022)
    return places


@pytest.mark.parametrize("url", PAGES)
def test_page_has_a_map_and_at_least_four_charts_each_with_its_table(client, world, url):
    response = client.get(url)
    assert response.status_code == 200
    sections = Sections(response.content.decode()).sections
    maps = [s for s in sections.values() if any("dashboard-map" in c for c in s["svg"])]
    assert len(maps) == 1 and maps[0]["tables"] == 1
    charts = {key: s for key, s in sections.items()
              if any("dashboard-bars" in c for c in s["svg"])}
    assert len(charts) >= 4
    for key, section in charts.items():
        assert section["tables"] == 1, f"{key} : pas de tableau à côté du graphique"
        assert any(link.endswith(".csv") or ".csv?" in link for link in section["links"])


def test_map_links_each_departement_to_its_page(client, world):
    html = client.get("/tableau-de-bord/").content.decode()
    assert 'href="/tableau-de-bord/departement-44/"' in html
    assert 'href="/tableau-de-bord/departement-974/"' in html  # overseas: a square
    assert client.get("/tableau-de-bord/departement-974/").status_code == 200


def test_unknown_area_is_a_404(client, world):
    assert client.get("/tableau-de-bord/departement-00/").status_code == 404
    assert client.get("/tableau-de-bord/commune-44109/").status_code == 404
    assert client.get("/tableau-de-bord/rien.csv").status_code == 404


def _share_from_export(client) -> dict[str, tuple[int, int]]:
    """Communes owning or partnering a published AI system, by band, counted from the
    open-data CSV (and the official population of each commune)."""
    rows = read_csv(client.get("/donnees/projets.csv"))
    codes = set()
    for row in rows:
        if row["kind"] != ProjectKind.AI_SYSTEM:
            continue
        codes.add(row["owner_code"])
        codes.update(c for c in row["partner_codes"].split(" ; ") if c)
    communes = Organization.objects.filter(kind="commune", is_obsolete=False)
    result = {}
    for band in BANDS:
        in_band = [c for c in communes if band_of(c.population) == band]
        result[band.label] = (sum(c.url_code in codes for c in in_band), len(in_band))
    return result


def test_share_by_population_band_equals_a_count_from_the_export(client, world):
    expected = _share_from_export(client)
    # What the test world gives, so that a wrong count cannot hide behind zeros.
    assert expected["Moins de 1 000 habitants"] == (1, 3)  # the partner, not the follower
    assert expected["100 000 habitants et plus"] == (1, 1)
    table = read_csv(client.get("/tableau-de-bord/taille.csv"))
    shown = {row["Taille"]: (int(row["Communes ayant au moins un projet"]),
                             int(row["Communes"])) for row in table}
    assert shown == expected
    # The page shows the same figures as its file.
    html = client.get("/tableau-de-bord/").content.decode()
    assert "Moins de 1 000 habitants : 33\u202f% (1 sur 3)" in html


def test_share_of_a_departement_counts_its_communes_only(client, world):
    table = read_csv(client.get("/tableau-de-bord/departement-974/taille.csv"))
    assert {int(row["Communes"]) for row in table} == {0}


def test_filters_are_kept_in_the_address_and_narrow_the_counts(client, world):
    response = client.get("/tableau-de-bord/region-52/?type=commune&taille=moins-de-1000")
    html = response.content.decode()
    assert 'data-figure="projects">0<' in html  # Petit-Mars is only a partner
    assert "/tableau-de-bord/region-52/domaines.csv?type=commune&amp;taille=moins-de-1000" \
        in html
    assert 'href="/tableau-de-bord/departement-44/?type=commune&amp;taille=moins-de-1000"' \
        in html
    epci = client.get("/tableau-de-bord/?type=epci").content.decode()
    assert 'data-figure="projects">1<' in epci
    assert "Part des intercommunalités ayant au moins un projet" in epci
    # An unknown value is ignored rather than failing.
    assert client.get("/tableau-de-bord/?type=inconnu&taille=%3Cscript%3E").status_code == 200


def test_region_counts_only_its_own_projects(client, world):
    years = read_csv(client.get("/tableau-de-bord/region-52/annees.csv"))
    assert {row["Année"]: int(row["Systèmes d'IA"]) for row in years} == {
        "2023": 1, "2024": 2}
    national = read_csv(client.get("/tableau-de-bord/annees.csv"))
    assert {row["Année"]: int(row["Systèmes d'IA"]) for row in national} == {
        "2022": 1, "2023": 1, "2024": 2}


def test_top_solutions_use_the_declared_solution(client, world):
    rows = read_csv(client.get("/tableau-de-bord/solutions.csv"))
    assert rows == [{"Solution": "Prévicantine", "Systèmes d'IA": "1", "Collectivités": "1"}]


def test_a_new_publication_shows_at_once_despite_the_copy_kept_a_minute(client, world):
    before = client.get("/tableau-de-bord/region-52/").content.decode()
    assert 'data-figure="projects">3<' in before
    project(world["reze"], title="Comptage des vélos")
    after = client.get("/tableau-de-bord/region-52/").content.decode()
    assert 'data-figure="projects">4<' in after


def test_a_project_linked_to_the_catalogue_counts_under_the_catalogue_entry(client, world):
    from recensia.solutions.models import Solution

    solution = Solution.objects.create(name="Cantine prévisionnelle", slug="cantine-prev")
    linked = world["nantes"].projects.get(title="Prévision des repas des cantines")
    type(linked).objects.filter(pk=linked.pk).update(solution=solution)
    rows = read_csv(client.get("/tableau-de-bord/solutions.csv?type=commune"))
    assert rows == [{"Solution": "Cantine prévisionnelle", "Systèmes d'IA": "1",
                     "Collectivités": "1"}]
