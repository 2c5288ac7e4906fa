"""Open-data exports: Table Schema, CSV (validated with frictionless), JSON, XLSX, any
filtered search, the complete dump with its DCAT-AP description, the /donnees/ page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from frictionless import system, validate
from openpyxl import load_workbook

from recensia.api import serializers
from recensia.opendata import exports
from recensia.opendata.table import SCHEMA_PATH, columns, schema, unneutralise
from recensia.projects import services
from recensia.projects.models import Domain, PartnerRole, Project, Technique, WorkflowState
from recensia.search.index import FACETS
from recensia.search.request import SearchRequest
from recensia.search.selectors import matching_ids, search_projects
from recensia.territories.models import OrganizationKind
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- demo-like data

def make_register() -> dict:
    """Collectivités of every kind and published projects that use every column: shared
    by the export, import and feed tests."""
    orgs = {
        "commune": OrganizationFactory(name="Plaisir", insee_code="78490", siren="217804905",
                                       population=31_000),
        "corse": OrganizationFactory(name="Ajaccio", insee_code="2A004", siren="212000046",
                                     population=73_000),
        "epci": OrganizationFactory(epci=True, name="Les Vals du Dauphiné",
                                    siren="243800604"),
        "departement": OrganizationFactory(kind=OrganizationKind.DEPARTEMENT, name="Isère",
                                           insee_code="38", siren="223800013",
                                           population=1_270_000),
        "region": OrganizationFactory(kind=OrganizationKind.REGION, name="Île-de-France",
                                      insee_code="11", siren="237500079",
                                      population=12_300_000),
        "syndicat": OrganizationFactory(kind=OrganizationKind.OTHER, other_type="syndicat",
                                        name="Syndicat des eaux du Val", insee_code="",
                                        siren="", population=None),
    }

    def domain(name):
        return Domain.objects.get(name=name)

    def technique(name):
        return Technique.objects.get(name=name)

    def publish(title, owner, source_id="", **extra):
        fields = {"title": title, "short_description": f"{title} : ce que fait le projet.",
                  "kind": "ai_system", "status": "deployed"}
        data = services.ProjectData(
            fields={**fields, **extra.pop("fields", {})}, owner=owner,
            domains=extra.pop("domains", [domain("Eau et assainissement")]),
            techniques=extra.pop("techniques", [technique("Optimisation")]),
            sources=extra.pop("sources", [{"url": "https://www.example.fr/article",
                                           "title": "Article"}]),
            **extra)
        return services.create_project(author=None, data=data, state=WorkflowState.PUBLISHED,
                                       source_id=source_id,
                                       check_permissions=False)

    callbot = publish(
        "Assistant vocal du standard", orgs["commune"],
        fields={"description": "Ligne 1, avec « guillemets », virgules ; et point-virgule.\r\n"
                               "Ligne 2 \"entre guillemets droits\".",
                "keywords": "standard téléphonique, accueil, callbot",
                "status_detail": "en service", "start_year": 2022, "start_date": "2022-09-01",
                "purpose": "Répondre à tous les appels.", "decision_role": "assists",
                "solution_name": "Optimus", "investment_eur": Decimal("25000.50"),
                "yearly_cost_eur": Decimal("10000"), "hosting_country": "France",
                "secnumcloud": "no", "personal_data": "yes", "dpia_done": "yes",
                "contact_email": "accueil@ville.example.fr",
                "web_page": "https://www.ville.example.fr/optimus",
                "next_review_date": "2026-06-30"},
        domains=[domain("Relation aux usagers et accueil")],
        techniques=[technique("Agent conversationnel (chatbot, callbot)"),
                    technique("IA générative (modèles de langage)")],
        vendor_name="Yelda", vendor_siren="812345678",
        partners=[(orgs["epci"], PartnerRole.PARTNER),
                  (orgs["departement"], PartnerRole.FOLLOWER)],
        indicators=[{"label": "Appels traités", "value_before": Decimal("30"),
                     "value_after": Decimal("98"), "unit": "%", "measured_by": "le maire",
                     "measured_on": "2025"}],
        sources=[{"url": "https://www.example.fr/optimus-1", "title": "Europe 1"},
                 {"url": "https://www.example.fr/optimus-2;reportage", "title": "TF1"}],
    )
    charter = publish(
        "=Charte régionale de l'IA", orgs["region"],
        fields={"kind": "governance", "status": "stopped",
                "status_reason": "Remplacée par la stratégie 2025.",
                "contact_email": "ia@region.example.fr"},
        domains=[domain("Gouvernance et stratégie de l'IA")],
        techniques=[technique("Non précisé")],
    )
    leaks = publish("Détection des fuites d'eau", orgs["epci"],
                    fields={"status": "pilot", "start_year": 2024},
                    partners=[(orgs["commune"], PartnerRole.PARTNER),
                              (orgs["corse"], PartnerRole.PARTNER)])
    water = publish("Prévision de la consommation d'eau", orgs["syndicat"],
                    source_id="syndicat-eau-1")
    floods = publish("Prévision des crues", orgs["departement"],
                     fields={"status": "study"},
                     domains=[domain("Risques naturels")],
                     techniques=[technique("Prévision par apprentissage automatique")])
    draft = services.create_project(
        author=None, state=WorkflowState.DRAFT, check_permissions=False,
        data=services.ProjectData(fields={"title": "Brouillon des fuites",
                                          "short_description": "Jamais exporté."},
                                  owner=orgs["commune"]))
    return {"orgs": orgs, "projects": [callbot, charter, leaks, water, floods], "draft": draft,
            "callbot": callbot, "charter": charter, "water": water}


@pytest.fixture
def register(reference_lists):
    return make_register()


def _rows(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def _streamed(response) -> bytes:
    return b"".join(response.streaming_content)


# ---------------------------------------------------------------- the Table Schema

def test_the_schema_describes_itself_in_french_with_its_licence():
    descriptor = schema()
    assert descriptor["name"] == "recensia-projets"
    assert descriptor["title"].startswith("Projets d'intelligence artificielle")
    assert descriptor["version"] == "1.0.0"
    assert descriptor["licenses"][0]["title"] == "Licence Ouverte 2.0"
    assert descriptor["contributors"] and descriptor["primaryKey"] == "source_id"
    for field in descriptor["fields"]:
        assert field["title"] and field["description"] and field["type"], field["name"]
        assert "example" in field, field["name"]
    by_name = {f["name"]: f for f in descriptor["fields"]}
    assert by_name["status"]["constraints"]["enum"] == [
        "idea", "study", "pilot", "deployed", "stopped"]
    assert by_name["kind"]["constraints"]["enum"] == ["ai_system", "governance"]
    assert by_name["owner_siren"]["constraints"]["pattern"] == "[0-9]{9}"
    expected = {"source_id", "slug", "title", "short_description", "description", "keywords",
                "kind", "status", "status_detail", "status_reason", "start_year", "owner_code",
                "owner_name", "owner_kind", "owner_insee_code", "owner_siren", "partner_codes",
                "domains", "techniques", "purpose", "decision_role", "results_summary",
                "solution_name", "vendor_name", "vendor_siren", "investment_eur",
                "yearly_cost_eur", "hosting_provider", "hosting_country", "secnumcloud",
                "personal_data", "dpia_done", "fria_done", "human_oversight",
                "contest_procedure", "lessons_learned", "contact_email", "sources",
                "published_at", "updated_at", "url"}
    assert expected <= set(by_name)


def test_the_schema_is_a_valid_table_schema():
    from frictionless import Schema

    assert Schema.validate_descriptor(str(SCHEMA_PATH)).valid


def test_the_schema_examples_validate_against_the_schema(tmp_path):
    fields = schema()["fields"]
    path = tmp_path / "exemple.csv"
    with path.open("w", encoding="utf-8", newline="") as target:
        writer = csv.writer(target)
        writer.writerow([f["name"] for f in fields])
        writer.writerow([f["example"] for f in fields])
    with system.use_context(trusted=True):
        report = validate(str(path), schema=str(SCHEMA_PATH))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


# ---------------------------------------------------------------- CSV

def test_the_csv_export_validates_against_the_schema_with_frictionless(client, register,
                                                                       tmp_path):
    response = client.get(reverse("opendata:csv"))
    assert response.status_code == 200
    path = tmp_path / "projets.csv"
    path.write_bytes(_streamed(response))
    with system.use_context(trusted=True):
        report = validate(str(path), schema=str(SCHEMA_PATH))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.tasks[0].stats["rows"] == 5


def test_the_csv_export_has_one_row_per_published_project(client, register):
    response = client.get(reverse("opendata:csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="projets.csv"'
    assert response["Access-Control-Allow-Origin"] == "*"
    content = _streamed(response)
    assert content.split(b"\r\n", 1)[0] == b"\xef\xbb\xbf" + ",".join(columns()).encode()
    rows = {unneutralise(row["title"]): row for row in _rows(content)}
    assert set(rows) == {p.title for p in register["projects"]}  # never the draft
    callbot = rows["Assistant vocal du standard"]
    orgs = register["orgs"]
    assert callbot["source_id"] == register["callbot"].slug
    assert callbot["url"] == f"http://testserver/projets/{register['callbot'].slug}/"
    assert callbot["owner_code"] == "78490" and callbot["owner_kind"] == "commune"
    assert callbot["partner_codes"] == orgs["epci"].siren
    assert callbot["follower_codes"] == "departement-38"
    assert callbot["keywords"] == "standard téléphonique ; accueil ; callbot"
    assert callbot["techniques"] == ("IA générative (modèles de langage) ; "
                                     "Agent conversationnel (chatbot, callbot)")
    assert callbot["investment_eur"] == "25000.5" and callbot["yearly_cost_eur"] == "10000"
    assert callbot["description"].startswith("Ligne 1, avec « guillemets », virgules ;")
    assert "\n" in callbot["description"]
    assert callbot["sources"] == ("https://www.example.fr/optimus-1 ; "
                                  "https://www.example.fr/optimus-2;reportage")
    assert callbot["vendor_name"] == "Yelda" and callbot["vendor_siren"] == "812345678"
    assert callbot["published_at"].endswith("+00:00")
    assert rows["Prévision de la consommation d'eau"]["source_id"] == "syndicat-eau-1"
    assert rows["Prévision de la consommation d'eau"]["owner_code"] == \
        "organisme-syndicat-des-eaux-du-val"
    assert rows["=Charte régionale de l'IA"]["owner_code"] == "region-11"


def _ids_of_all_pages(**params) -> list[int]:
    ids, page = [], 1
    while True:
        results = search_projects(page=page, page_size=2, **params)
        ids += [p.pk for p in results.projects]
        if page >= results.pages:
            return ids
        page += 1


@pytest.mark.parametrize("params", [
    {}, {"tri": "population"}, {"tri": "date"}, {"q": "prévision"},
    {"q": "eau", "tri": "pertinence"}, {"domaine": "eau-et-assainissement"},
    {"q": "eau", "avancement": "deployed"}, {"type": "commune", "tri": "population"},
])
def test_an_export_has_every_match_of_the_search_in_its_order(client, register, params):
    expected = _ids_of_all_pages(
        q=params.get("q", ""), sort=params.get("tri", "pertinence"),
        filters={name: [params[name]] for name in FACETS if name in params})
    request = SearchRequest(q=params.get("q", ""), sort=params.get("tri", "pertinence"),
                            filters={n: [params[n]] for n in FACETS if n in params})
    assert matching_ids(request) == expected
    rows = _rows(_streamed(client.get(reverse("opendata:csv"), params)))
    slugs = dict(Project.objects.values_list("pk", "slug"))
    assert [row["slug"] for row in rows] == [slugs[pk] for pk in expected]


def test_an_export_is_not_limited_to_one_page(client, register):
    for i in range(23):
        services.create_project(
            author=None, state=WorkflowState.PUBLISHED, check_permissions=False,
            data=services.ProjectData(fields={"title": f"Fuites n° {i}",
                                              "short_description": "Fuites du réseau."},
                                      owner=register["orgs"]["commune"]))
    # The 23 new ones and « Détection des fuites d'eau »; the page of /projets/ shows 20.
    assert search_projects(q="fuites").total == 24
    rows = _rows(_streamed(client.get(reverse("opendata:csv"), {"q": "fuites"})))
    assert len(rows) == 24
    body = json.loads(_streamed(client.get(reverse("opendata:json"), {"q": "fuites"})))
    assert body["count"] == len(body["items"]) == 24


def test_an_export_of_nothing_has_only_the_header(client, register):
    content = _streamed(client.get(reverse("opendata:csv"), {"q": "zzzzzz"}))
    assert _rows(content) == []
    assert json.loads(_streamed(client.get(reverse("opendata:json"), {"q": "zzzzzz"}))) == {
        "count": 0, "items": []}


# ---------------------------------------------------------------- JSON and XLSX

def test_the_json_export_has_the_api_detail_format(client, register):
    response = client.get(reverse("opendata:json"), {"tri": "date"})
    assert response["Content-Type"] == "application/json"
    body = json.loads(_streamed(response))
    assert body["count"] == 5 and len(body["items"]) == 5
    first = body["items"][0]
    api = client.get(f"/api/v1/projets/{first['slug']}").json()
    assert first == api
    callbot = next(i for i in body["items"] if i["title"] == "Assistant vocal du standard")
    assert callbot["indicators"][0]["label"] == "Appels traités"
    assert {(p["organization"]["code"], p["role"]) for p in callbot["partners"]} == {
        (register["orgs"]["epci"].siren, "partner"), ("departement-38", "follower")}
    project = Project.objects.get(pk=register["callbot"].pk)
    assert exports.json_item(project)["slug"] == serializers.project(project)["slug"]


def test_the_xlsx_export_has_the_csv_columns_with_numbers_and_no_formula(client, register):
    response = client.get(reverse("opendata:xlsx"), {"tri": "date"})
    assert response["Content-Type"] == exports.FILES["xlsx"][1]
    assert 'filename="projets.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(_streamed(response)))
    assert workbook.sheetnames == ["Projets", "Colonnes"]
    sheet = workbook["Projets"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(columns())
    assert len(rows) == 6
    records = [dict(zip(columns(), row, strict=True)) for row in rows[1:]]
    callbot = next(r for r in records if r["title"] == "Assistant vocal du standard")
    assert callbot["start_year"] == 2022 and callbot["investment_eur"] == 25000.5
    assert callbot["owner_code"] == "78490"
    charter_cell = next(c for c in sheet["D"] if c.value == "=Charte régionale de l'IA")
    assert charter_cell.data_type == "s"  # text, never a formula
    described = [row[0] for row in workbook["Colonnes"].iter_rows(min_row=2, values_only=True)]
    assert described == list(columns())
    workbook.close()


def test_a_large_xlsx_export_goes_through_a_temporary_file(client, register, monkeypatch):
    from recensia.opendata import views

    monkeypatch.setattr(views, "XLSX_IN_MEMORY", 1)  # written on disk from the first byte
    response = client.get(reverse("opendata:xlsx"))
    assert response.status_code == 200
    assert 'filename="projets.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(_streamed(response)))
    assert workbook["Projets"].max_row == 6
    workbook.close()


def test_the_list_page_offers_downloads_of_the_current_search(client, register):
    response = client.get(reverse("search:list"), {"q": "eau", "domaine": "risques-naturels",
                                                     "tri": "date", "page": "1"})
    html = response.content.decode()
    assert "Télécharger ces résultats" in html
    for kind in ("csv", "json", "xlsx"):
        assert (f'href="{reverse("opendata:" + kind)}?q=eau&amp;domaine=risques-naturels'
                f'&amp;tri=date"') in html
    plain = client.get(reverse("search:list")).content.decode()
    assert f'href="{reverse("opendata:csv")}"' in plain


# ---------------------------------------------------------------- dump, DCAT, page

def test_the_dump_command_writes_every_file_and_the_dcat_description(register, tmp_path):
    out = StringIO()
    call_command("export_dump", "--dir", str(tmp_path / "export"), stdout=out)
    folder = tmp_path / "export"
    catalogue = ["solutions.json", "solutions.csv", "solutions.schema.json",
                 "usages-solutions.csv", "usages-solutions.schema.json", "mutualisations.csv",
                 "mutualisations.schema.json"]
    names = {"projets.csv", "projets.json", "projets.xlsx", "projets.schema.json",
             "grilles-achat.json", *catalogue, "dcat.jsonld"}
    assert {p.name for p in folder.iterdir()} == names
    assert out.getvalue().strip().endswith(
        "projets.csv, projets.json, projets.xlsx, projets.schema.json, grilles-achat.json, "
        + ", ".join(catalogue) + ", dcat.jsonld.")
    with system.use_context(trusted=True):
        report = validate(str(folder / "projets.csv"), schema=str(folder / "projets.schema.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = _rows((folder / "projets.csv").read_bytes())
    assert len(rows) == 5
    assert rows[0]["url"].startswith("/projets/")  # no site address given
    assert json.loads((folder / "projets.json").read_text(encoding="utf-8"))["count"] == 5
    dcat = json.loads((folder / "dcat.jsonld").read_text(encoding="utf-8"))
    assert dcat["@type"] == "dcat:Dataset"
    assert dcat["dct:title"]["@language"] == "fr"
    assert dcat["dct:license"]["@id"] == "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
    assert dcat["dct:issued"]["@value"] and dcat["dct:modified"]["@value"]
    assert dcat["dcat:keyword"] and dcat["dcat:theme"]
    downloads = {d["dcat:downloadURL"]["@id"]: d["dcat:mediaType"]["@id"]
                 for d in dcat["dcat:distribution"]}
    assert downloads == {
        "projets.csv": "https://www.iana.org/assignments/media-types/text/csv",
        "projets.json": "https://www.iana.org/assignments/media-types/application/json",
        "projets.xlsx": "https://www.iana.org/assignments/media-types/application/"
                        "vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "projets.schema.json": "https://www.iana.org/assignments/media-types/application/json",
    }


def test_the_dump_with_the_site_address_points_to_the_site(register, tmp_path):
    call_command("export_dump", "--dir", str(tmp_path), "--base-url", "https://recensia.test/",
                 stdout=StringIO())
    rows = _rows((tmp_path / "projets.csv").read_bytes())
    assert rows[0]["url"].startswith("https://recensia.test/projets/")
    dcat = json.loads((tmp_path / "dcat.jsonld").read_text(encoding="utf-8"))
    urls = {d["@id"] for d in dcat["dcat:distribution"]}
    assert {"https://recensia.test/donnees/projets.csv", "https://recensia.test/api/v1/",
            "https://recensia.test/projets/flux.atom"} <= urls
    assert dcat["dcat:landingPage"]["@id"] == "https://recensia.test/donnees/"


def test_the_dcat_description_is_served_with_absolute_addresses(client, register):
    response = client.get(reverse("opendata:dcat"))
    assert response["Content-Type"] == "application/ld+json"
    dcat = json.loads(response.content)
    assert dcat["@type"] == "dcat:Dataset"
    csv_distribution = next(d for d in dcat["dcat:distribution"]
                            if d["dcat:downloadURL"]["@id"].endswith("projets.csv"))
    assert csv_distribution["dcat:downloadURL"]["@id"] == "http://testserver/donnees/projets.csv"
    assert csv_distribution["dct:conformsTo"]["@id"] == \
        "http://testserver/donnees/projets.schema.json"
    assert client.get(csv_distribution["dcat:downloadURL"]["@id"]).status_code == 200


def test_the_schema_is_served_as_is(client):
    response = client.get(reverse("opendata:schema"))
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == schema()


def test_the_open_data_page_explains_files_licence_schema_api_and_feed(client, register):
    response = client.get(reverse("opendata:index"))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Données ouvertes", "Licence Ouverte 2.0", "5 projets publiés",
                 reverse("opendata:csv"), reverse("opendata:xlsx"), reverse("opendata:json"),
                 reverse("opendata:schema"), reverse("opendata:dcat"), "/api/v1/openapi.json",
                 reverse("projects-feed"), "<code>owner_code</code>"):
        assert text in html, text
    assert reverse("opendata:import") not in html  # only for members and moderators


def test_the_empty_template_has_the_header_only(client):
    response = client.get(reverse("opendata:template"))
    workbook = load_workbook(io.BytesIO(_streamed(response)))
    assert [list(r) for r in workbook["Projets"].iter_rows(values_only=True)] == [
        list(columns())]
    workbook.close()


@pytest.mark.parametrize("kind", ["csv", "json", "xlsx"])
def test_an_export_reads_the_database_a_fixed_number_of_times(client, register, kind,
                                                              monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from recensia.search.state import STATE
    # The change log is read on every request, not every quarter of a second: the count
    # does not depend on how long an export takes.
    monkeypatch.setattr(STATE, "check_seconds", 0)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            _streamed(client.get(reverse(f"opendata:{kind}")))
        return len(captured)

    queries()  # builds the search index
    before = queries()
    for i in range(6):
        services.create_project(
            author=None, state=WorkflowState.PUBLISHED, check_permissions=False,
            data=services.ProjectData(
                fields={"title": f"Projet n° {i}", "short_description": "Un de plus."},
                owner=register["orgs"]["epci"], partners=[(register["orgs"]["region"], "partner")],
                sources=[{"url": "https://www.example.fr/x", "title": ""}]))
    queries()
    assert queries() == before


def test_the_full_csv_is_written_once_per_version_of_the_register(client, register,
                                                                  monkeypatch):
    passes = []
    real = exports.csv_lines

    def counted(*args, **kwargs):
        passes.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(exports, "csv_lines", counted)
    first = b"".join(client.get("/donnees/projets.csv").streaming_content)
    again = b"".join(client.get("/donnees/projets.csv").streaming_content)
    assert first == again and len(passes) == 1  # served from the file of this version
    project = Project.objects.filter(state="published").first()
    Project.objects.filter(pk=project.pk).update(title="Titre changé",
                                                 updated_at=project.updated_at
                                                 + dt.timedelta(seconds=1))
    changed = b"".join(client.get("/donnees/projets.csv").streaming_content)
    assert len(passes) == 2 and "Titre changé" in changed.decode("utf-8-sig")
    # A search still gets its own rows, never the cached file.
    client.get("/donnees/projets.csv?q=eau")
    assert len(passes) == 3
