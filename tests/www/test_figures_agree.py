"""Home page, dashboard, API statistics and open-data export count the same things the
same way (AI systems and governance initiatives apart), from one selector."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.core.cache import cache

from recensia.projects.models import Domain, ProjectKind, ProjectStatus
from tests.www.helpers import project, read_csv, territory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    cache.clear()
    places = territory()
    project(places["nantes"], title="Prévision des repas", partners=[places["metropole"]],
            status=ProjectStatus.DEPLOYED)
    project(places["metropole"], title="Assistant téléphonique", status=ProjectStatus.PILOT,
            followers=[places["suiveuse"]])
    project(places["moyenne"], title="Fuites d'eau", status=ProjectStatus.STOPPED,
            status_reason="Capteurs trop chers pour la commune.")
    project(places["bourg"], title="Charte de l'IA", kind=ProjectKind.GOVERNANCE,
            status=ProjectStatus.DEPLOYED)
    project(places["bourg"], title="Brouillon", state="draft")
    yield places
    cache.clear()


def _figure(html: str, name: str) -> int:
    return int(re.search(rf'data-figure="{name}">(\d+)<', html).group(1))


def test_home_dashboard_api_and_export_agree(client, world):
    api = client.get("/api/v1/statistiques").json()
    export = read_csv(client.get("/donnees/projets.csv"))
    kinds = Counter(row["kind"] for row in export)
    # The export, the plainest count, is the yardstick.
    assert (api["projects"], api["governance"]) == (kinds["ai_system"],
                                                    kinds["governance"]) == (3, 1)
    assert api["by_status"] == dict(Counter(row["status"] for row in export
                                            if row["kind"] == "ai_system"))
    involved = set()
    for row in export:
        involved.add(row["owner_code"])
        for column in ("partner_codes", "follower_codes"):
            involved.update(code for code in row[column].split(" ; ") if code)
    assert api["organizations"] == len(involved) == 5

    board = client.get("/tableau-de-bord/").content.decode()
    assert _figure(board, "projects") == api["projects"]
    assert _figure(board, "governance") == api["governance"]
    assert _figure(board, "organizations") == api["organizations"]
    statuses = read_csv(client.get("/tableau-de-bord/avancement.csv"))
    labels = dict(ProjectStatus.choices)
    assert {row["Avancement"]: int(row["Systèmes d'IA"]) for row in statuses if
            int(row["Systèmes d'IA"])} == {labels[k]: n for k, n in api["by_status"].items()}
    domains = read_csv(client.get("/tableau-de-bord/domaines.csv"))
    names = dict(Domain.objects.values_list("slug", "name"))
    assert {row["Domaine"]: int(row["Systèmes d'IA"]) for row in domains} == {
        names[slug]: n for slug, n in api["by_domain"].items()}

    home = re.sub(r"\s+", " ", client.get("/").content.decode())
    assert f'<p class="rc-figure">{api["projects"]}</p>' in home
    assert f'<p class="rc-figure">{api["organizations"]}</p>' in home
    assert f"Et {api['governance']} démarche de gouvernance" in home
