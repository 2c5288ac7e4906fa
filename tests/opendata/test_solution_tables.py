"""Open data of the catalogue: three CSV tables valid against their Table Schemas, the
JSON as the API gives it, no referent's contact, no partner without consent."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from frictionless import system, validate

from recensia.opendata.exports import write_dump
from recensia.pooling import services as pooling_services
from recensia.projects import services as project_services
from recensia.projects.models import PartnerRole, WorkflowState
from recensia.solutions import services as solution_services
from tests.factories import DomainFactory, MembershipFactory, OrganizationFactory, TechniqueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    lead = OrganizationFactory(name="Bourg-Centre", insee_code="99301", siren="100000301")
    user = OrganizationFactory(name="Hameau", insee_code="99302", siren="100000302")
    invited = OrganizationFactory(name="Invitée-Sans-Accord", insee_code="99303",
                                  siren="100000303")
    lead_agent = MembershipFactory(organization=lead).user
    user_agent = MembershipFactory(organization=user).user
    solution = solution_services.save_solution(author=None, values={
        "name": "Rédacteur, d'actes", "summary": "=Aide à rédiger", "deployments": ["saas"]},
        vendor_name="Éditeur", vendor_siren="732829320")
    project = project_services.create_project(
        author=lead_agent, state=WorkflowState.PUBLISHED,
        data=project_services.ProjectData(
            fields={"title": "Délibérations assistées", "short_description": "Résumé."},
            owner=lead, domains=[DomainFactory()], techniques=[TechniqueFactory()],
            partners=[(invited, PartnerRole.PARTNER)],
            sources=[{"url": "https://www.example.fr/a", "title": "A"}]))
    project_services.link_solution(project=project, solution=solution, author=lead_agent)
    pooling_services.declare_use(user=user_agent, solution=solution, organization=user,
                                 values={"use_case": "Conseil municipal", "satisfaction": 5,
                                         "since": dt.date(2025, 1, 15)})
    pooling_services.declare_referent(user=lead_agent, solution=solution, organization=lead,
                                      values={"role": "DGS",
                                              "contact_email": "dgs@bourg.example.fr"})
    pooling_services.open_offer(user=lead_agent, project=project, values={
        "shared": ["code", "training"], "shared_detail": "", "cost_sharing": "Gratuit",
        "open_until": dt.date.today() + dt.timedelta(days=30), "contact_name": "DGS",
        "contact_email": "dgs@bourg.example.fr"})
    return {"solution": solution, "project": project}


def _rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_dump_writes_the_three_tables_valid_against_their_schemas(catalogue, tmp_path):
    written = write_dump(tmp_path)
    for name in ("solutions", "usages-solutions", "mutualisations"):
        assert name + ".csv" in written and name + ".schema.json" in written
        with system.use_context(trusted=True):
            report = validate(str(tmp_path / f"{name}.csv"),
                              schema=str(tmp_path / f"{name}.schema.json"))
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
        assert report.tasks[0].stats["rows"] == 1, name
    solution = _rows((tmp_path / "solutions.csv").read_bytes())[0]
    assert solution["name"] == "Rédacteur, d'actes" and solution["user_count"] == "2"
    assert solution["summary"] == "'=Aide à rédiger"  # never run as a spreadsheet formula
    use = _rows((tmp_path / "usages-solutions.csv").read_bytes())[0]
    assert (use["organization_name"], use["satisfaction"], use["since"]) == (
        "Hameau", "5", "2025-01-15")
    offer = _rows((tmp_path / "mutualisations.csv").read_bytes())[0]
    assert offer["shared"] == "code ; training" and offer["is_open"] == "true"
    assert offer["participants"] == ""  # the invited partner has not consented
    everything = b"".join(path.read_bytes() for path in written.values())
    assert b"dgs@bourg.example.fr" not in everything
    assert "Invitée-Sans-Accord".encode() not in everything


def test_the_site_serves_the_tables_and_the_json(client, catalogue):
    response = client.get("/donnees/solutions.json")
    items = response.json()["items"]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert items[0]["slug"] == catalogue["solution"].slug and items[0]["user_count"] == 2
    assert client.get("/donnees/mutualisations.schema.json").json()["primaryKey"] == [
        "project"]
    assert client.get("/donnees/inconnu.csv").status_code == 404
