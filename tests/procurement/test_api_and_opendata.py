"""Published grids in the API and the open data; drafts and offers never are."""

import json

import pytest

from recensia.opendata.exports import write_dump
from recensia.procurement import services
from recensia.procurement.models import GridState
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def grids():
    member = MembershipFactory(organization=OrganizationFactory(name="Ville-Ouverte")).user
    org = member.memberships.get().organization
    published = services.create_grid(author=member, organization=org, preset="video")
    services.publish_grid(grid=published, author=member)
    draft = services.create_grid(author=member, organization=org, preset="chatbot")
    services.save_offer(grid=published, author=member, data=services.OfferData(
        vendor="Secret SA", price_eur=None, notes={}, footprint_inputs=None))
    other = MembershipFactory().user
    services.reuse_grid(source=published, author=other,
                        organization=other.memberships.get().organization)
    return published, draft


def test_api_lists_published_grids_with_checks_and_clauses_but_no_offers(client, grids):
    published, draft = grids
    body = client.get("/api/v1/grilles-achat").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == published.pk and item["owner"]["name"] == "Ville-Ouverte"
    assert item["reuse_count"] == 1 and item["total_weight"] == 100
    assert {c["id"] for c in item["checks"]} >= {"environmental_criterion", "weights_sum"}
    assert all(c["url"].startswith("https://www.legifrance.gouv.fr/") for c in item["checks"])
    assert "Secret SA" not in json.dumps(body)
    assert client.get(f"/api/v1/grilles-achat/{draft.pk}").status_code == 404
    assert client.get(f"/api/v1/grilles-achat/{published.pk}").json()["title"] == item["title"]
    assert client.get("/api/v1/grilles-achat?grille_de_depart=chatbot").json()["count"] == 0
    # an unknown value matches nothing; a control character is refused, never a 500
    unknown = client.get("/api/v1/grilles-achat", {"grille_de_depart": "inconnue"})
    assert unknown.status_code == 200 and unknown.json()["count"] == 0
    assert client.get("/api/v1/grilles-achat",
                      {"grille_de_depart": "vid\x00eo"}).status_code == 422


def test_api_lists_the_clause_library_with_sources(client):
    body = client.get("/api/v1/clauses-achat?page_size=100").json()
    assert body["count"] == len(body["items"]) >= 15
    assert all(item["sources"] and item["when"] for item in body["items"])


def test_open_data_file_and_dump_hold_the_published_grids(client, grids, tmp_path):
    published, _draft = grids
    response = client.get("/donnees/grilles-achat.json")
    assert response["Content-Disposition"] == 'attachment; filename="grilles-achat.json"'
    data = json.loads(response.content)
    assert [g["id"] for g in data["items"]] == [published.pk]
    written = write_dump(tmp_path)
    assert json.loads(written["grids"].read_text(encoding="utf-8")) == data
    published.refresh_from_db()
    assert published.state == GridState.PUBLISHED
