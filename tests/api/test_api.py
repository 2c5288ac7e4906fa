import re

import pytest

from recensia.accounts.services import create_api_token, revoke_api_token
from recensia.api.views import api
from recensia.projects.models import Project, WorkflowState
from tests.factories import MembershipFactory, OrganizationFactory, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    return [make_project(title=f"Détection des fuites {i}", state=WorkflowState.PUBLISHED)
            for i in range(3)]


def test_list_answers_count_items_and_facets(client, published):
    make_project(title="Brouillon sur les fuites")  # never listed
    response = client.get("/api/v1/projets", {"q": "fuites", "page_size": 2})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3 and len(body["items"]) == 2 and body["pages"] == 2
    assert {"value": "idea", "label": "Idée", "count": 3} in body["facets"]["avancement"]
    assert body["items"][0]["owner"]["code"]


def test_list_is_paginated_with_a_bound(client, published):
    assert client.get("/api/v1/projets", {"page_size": 101}).status_code == 422
    assert client.get("/api/v1/collectivites", {"page_size": 101}).status_code == 422
    # A page number too large for a database offset is refused, not a server error.
    assert client.get("/api/v1/collectivites", {"page": 2**64}).status_code == 422
    assert client.get("/api/v1/collectivites", {"page": 100_000}).status_code == 200


def test_etag_and_last_modified_allow_conditional_requests(client, published):
    first = client.get(f"/api/v1/projets/{published[0].slug}")
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(f"/api/v1/projets/{published[0].slug}",
                       headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


def test_unpublished_project_is_404(client):
    draft = make_project()
    response = client.get(f"/api/v1/projets/{draft.slug}")
    assert response.status_code == 404
    assert response.json()["detail"] == "Projet introuvable ou non publié."


@pytest.fixture
def token_pair(reference_lists):
    member = MembershipFactory()
    _token, key = create_api_token(user=member.user, organization=member.organization,
                                   name="Inventaire interne")
    return member, key


def _auth(key):
    return {"Authorization": f"Bearer {key}"}


def test_a_collectivite_tool_creates_updates_and_submits_its_project(client, token_pair):
    member, key = token_pair
    response = client.post("/api/v1/projets", {
        "title": "Tri des courriers", "short_description": "Classer le courrier entrant.",
        "domains": ["Administration et documents"], "techniques": ["optimisation"],
        "contact_email": "dsi@ville.example.fr"}, content_type="application/json",
        headers=_auth(key))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == WorkflowState.DRAFT and body["version"] == 1
    project = Project.objects.get(slug=body["slug"])
    assert project.owner == member.organization and project.created_by == member.user

    missing_version = client.patch(f"/api/v1/projets/{body['slug']}", {"title": "X"},
                                   content_type="application/json", headers=_auth(key))
    assert missing_version.status_code == 422
    ok = client.patch(f"/api/v1/projets/{body['slug']}", {"title": "Tri du courrier",
                                                          "version": 1},
                      content_type="application/json", headers=_auth(key))
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client.patch(f"/api/v1/projets/{body['slug']}", {"title": "Autre", "version": 1},
                         content_type="application/json", headers=_auth(key))
    assert stale.status_code == 409
    assert "title" in stale.json()["errors"]["champs modifiés"]
    assert stale.json()["errors"]["title"] == [
        "votre valeur : Autre", "valeur enregistrée entre-temps : Tri du courrier"]
    # From the same old version, a change of another field is merged, not refused.
    merged = client.patch(f"/api/v1/projets/{body['slug']}",
                          {"purpose": "Classer le courrier plus vite", "version": 1},
                          content_type="application/json", headers=_auth(key))
    assert merged.status_code == 200
    assert (merged.json()["title"], merged.json()["purpose"]) == ("Tri du courrier",
                                                                  "Classer le courrier plus vite")
    submitted = client.post(f"/api/v1/projets/{body['slug']}/soumettre", headers=_auth(key))
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    assert project.revisions.count() == 4


def test_validation_errors_are_french_and_name_the_field(client, token_pair):
    _member, key = token_pair
    response = client.post("/api/v1/projets", {
        "title": "Projet", "short_description": "x" * 401, "domains": ["Astrologie"]},
        content_type="application/json", headers=_auth(key))
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["domains"] == [
        "domaine inconnu : « Astrologie » (à créer d'abord par la modération)"]
    assert errors["short_description"] == [
        "Assurez-vous que cette valeur comporte au plus 400 caractères (actuellement 401)."]
    assert not Project.objects.filter(title="Projet").exists()


def test_a_key_only_writes_its_own_collectivite(client, token_pair):
    _member, key = token_pair
    other = make_project(owner=OrganizationFactory())
    response = client.patch(f"/api/v1/projets/{other.slug}", {"title": "Piraté", "version": 1},
                            content_type="application/json", headers=_auth(key))
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.title != "Piraté"


def test_missing_wrong_or_revoked_key_is_refused(client, token_pair):
    member, key = token_pair
    payload = {"title": "Sans clé", "short_description": "Court."}
    assert client.post("/api/v1/projets", payload,
                       content_type="application/json").status_code == 401
    assert client.post("/api/v1/projets", payload, content_type="application/json",
                       headers=_auth(key + "x")).status_code == 401
    token = member.user.api_tokens.get()
    revoke_api_token(token=token, by=member.user)
    assert client.post("/api/v1/projets", payload, content_type="application/json",
                       headers=_auth(key)).status_code == 401


def test_every_endpoint_is_documented(client):
    """The OpenAPI description, the documentation page and the README list every endpoint."""
    schema = client.get("/api/v1/openapi.json").json()
    page = client.get("/api/v1/").content.decode()
    with open("README.md", encoding="utf-8") as fh:
        readme = fh.read()
    operations = [(m.upper(), p) for p, ms in schema["paths"].items() for m in ms]
    assert len(operations) >= 8
    for method, path in operations:
        op = schema["paths"][path][method.lower()]
        assert op.get("summary"), f"{method} {path} sans résumé"
        assert f"{method} {path}" in page, f"{method} {path} absent de la page /api/v1/"
        readme_path = re.sub(r"\{(\w+)\}", r"{\1}", path)
        assert f"`{method} {readme_path}`" in readme, f"{method} {path} absent du README"


def test_openapi_lists_the_public_routes():
    paths = api.get_openapi_schema(path_prefix="/api/v1")["paths"]
    assert "/api/v1/projets" in paths and "/api/v1/collectivites/{code}" in paths


def test_footprint_and_compliance_results_are_published(client):
    from recensia import footprint
    from recensia.evaluations import services as evaluation_services

    member = MembershipFactory()
    project = make_project(owner=member.organization, state=WorkflowState.PUBLISHED)
    assert client.get(f"/api/v1/projets/{project.slug}/empreinte").status_code == 404
    evaluation_services.save_footprint(
        project=project, author=member.user,
        inputs=footprint.Inputs(profiles=[footprint.ApiUsage(
            "mistralai", "mistral-small-latest", 1000, use_case="résumé")]))
    evaluation_services.save_compliance(
        project=project, author=member.user, answers={"declared_role": "deployer",
                                                      "interacts_with_people": True},
        opportunity_answers={}, ethics_answers={})
    fp = client.get(f"/api/v1/projets/{project.slug}/empreinte").json()
    assert fp["engine_version"] == footprint.ENGINE_VERSION
    assert fp["inputs"]["profiles"][0]["model"] == "mistral-small-latest"
    assert fp["result"]["total"]["gwp_kgco2e"]["central"] > 0
    cp = client.get(f"/api/v1/projets/{project.slug}/conformite").json()
    # two answers only: the tier cannot be concluded, and the API says so
    assert cp["tier"] == "undetermined" and cp["evaluation"]["legal"]["obligations"]
    assert cp["evaluation"]["legal"]["conclusive"] is False
