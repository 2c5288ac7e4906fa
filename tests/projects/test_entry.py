"""The one entry path for project data: every source (web form, API, table, JSON file, bulk
loader) parses the same way, refuses the same values with a French message naming the field
(and the row), and gives the same project for the same input."""

from __future__ import annotations

import csv
import html
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from recensia.accounts.services import create_api_token
from recensia.opendata.bulk import bulk_import_projects
from recensia.opendata.importing import ImportFailed, import_projects
from recensia.opendata.tabular import import_table, read_table
from recensia.projects import entry, fields
from recensia.projects.models import Project
from recensia.projects.versions import take_snapshot
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- French numbers

@pytest.mark.parametrize(("typed", "number"), [
    ("3 500,50", Decimal("3500.50")),
    ("3\u00a0500,50", Decimal("3500.50")),      # no-break space (word processors)
    ("3\u202f500,50", Decimal("3500.50")),      # narrow no-break space (French typography)
    ("3 500 €", Decimal("3500")),
    ("€ 12", Decimal("12")),
    ("3500.50", Decimal("3500.50")),
    ("12 500 euros", Decimal("12500")),
    (3500.5, Decimal("3500.5")),
    (12, Decimal("12")),
])
def test_french_numbers_are_read_as_written(typed, number):
    assert entry.parse_number(typed) == number


@pytest.mark.parametrize("typed", ["beaucoup", "3.500,50", "12,5,3", "", True, "NaN"])
def test_what_is_not_a_number_is_refused_rather_than_misread(typed):
    assert entry.parse_number(typed) is None


def test_an_amount_typed_in_the_form_is_stored_as_written(client):
    member = MembershipFactory()
    client.force_login(member.user)
    response = client.post(reverse("projects:create"), _form_payload(
        member.organization, investment_eur="3 500,50", yearly_cost_eur="1 200 €"))
    assert response.status_code == 302, _summary(response)
    project = Project.objects.get(title="Prévision des repas")
    assert (project.investment_eur, project.yearly_cost_eur) == (Decimal("3500.50"),
                                                                 Decimal("1200.00"))


def test_an_amount_in_a_table_cell_is_read_the_french_way(world):
    report = import_table(read_table("projets.csv", _csv(investment_eur="3 500 €",
                                                         yearly_cost_eur="1 200,5")))
    assert report.ok, [str(p) for p in report.problems]
    project = Project.objects.get(source_id="csv-1")
    assert (project.investment_eur, project.yearly_cost_eur) == (Decimal("3500.00"),
                                                                 Decimal("1200.50"))


@pytest.mark.parametrize("url", [
    "https://www.example.fr/a?b=1#c", "http://a-b.example.fr:8080/", "https://x.fr",
    "https://-a.example.fr", "https://a-.fr", "https://a..fr", "https://a.f", "https://a.fr/ b",
    "javascript://alert(1)", "https://WWW.EXAMPLE.FR", "https://xn--bcher-kva.example",
    "ftp://www.example.fr/a", "https://www.example.fr/a\x01b",
])
def test_the_quick_check_of_web_addresses_agrees_with_django(url):
    """Usual addresses skip Django's validator (bulk loads): never one it would refuse, nor
    one with a control character."""
    if entry._PLAIN_URL.match(url):
        assert _django_accepts(url)
    from recensia.core.text import control_character

    refused = {p.field for p in entry.read({"web_page": url}).problems}
    assert ("web_page" in refused) == (not _django_accepts(url) or bool(control_character(url)))


def _django_accepts(url: str) -> bool:
    """What the column's own validators say of the address (http and https only)."""
    from django.core.exceptions import ValidationError

    try:
        Project._meta.get_field("web_page").run_validators(url)
    except ValidationError:
        return False
    return True


# ---------------------------------------------------------------- one list of fields

def test_the_field_list_covers_every_column_a_user_sets():
    editable = {f.name for f in Project._meta.concrete_fields if f.editable} - {
        "id", "slug", "owner", "vendor", "state", "state_before_archive", "rejection_reason",
        "published_at", "source_id", "version", "created_by", "created_at", "updated_at",
        "ai_act_tier",
        # The catalogue solution is linked by its own service (projects.services.
        # link_solution: « nous l'utilisons », moderators, demo), with a version.
        "solution"}
    assert set(fields.SCALAR_FIELDS) == editable
    assert [s.key for s in fields.SECTIONS] == list(dict.fromkeys(
        f.section for f in fields.FIELDS))


def test_the_published_formats_follow_the_field_list():
    """The API and the table are contracts of their own (typed, documented); they must name
    the fields of fields.py and nothing the entry path does not know."""
    from recensia.api.schemas import Project as ProjectOut
    from recensia.api.schemas import ProjectWrite
    from recensia.api.views import API_NAMES
    from recensia.opendata.table import columns
    from recensia.opendata.tabular import COLUMN_TO_FIELD, IGNORED_COLUMNS

    assert set(fields.SCALAR_FIELDS) <= set(ProjectOut.model_fields)
    assert set(fields.SCALAR_FIELDS) <= set(columns())
    writable = {API_NAMES.get(name, name) for name in ProjectWrite.model_fields} - {"version"}
    assert writable <= set(fields.BY_NAME)
    readable = {COLUMN_TO_FIELD.get(name, name) for name in columns()} - IGNORED_COLUMNS
    assert readable - {"source_id", "source_titles"} <= set(fields.BY_NAME)


def test_the_form_shows_every_field_in_its_section(client, reference_lists):
    member = MembershipFactory()
    client.force_login(member.user)
    page = client.get(reverse("projects:create")).content.decode()
    for spec in fields.FIELDS:
        if spec.kind == fields.ROWS:
            for part in spec.parts:
                assert f'name="{_prefix(spec.name)}-0-{part.name}"' in page, spec.name
        else:
            assert f'name="{spec.name}"' in page, spec.name
    headings = re.findall(r'<h2 class="fr-h4 fr-mb-0">([^<]+)</h2>', page)
    assert [html.unescape(h) for h in headings] == [s.title for s in fields.SECTIONS]


# ---------------------------------------------------------------- the same refusal everywhere

@pytest.fixture
def world(reference_lists):
    member = MembershipFactory(organization=OrganizationFactory(name="Villebourg",
                                                                insee_code="99101"))
    _token, key = create_api_token(user=member.user, organization=member.organization,
                                   name="Outil interne")
    return {"member": member.user, "org": member.organization, "key": key}


UNKNOWN_STATUS = "valeur inconnue « fini » (valeurs possibles : idea (Idée), study (Étude)"


def test_a_bad_value_gets_the_same_french_message_from_every_source(client, world):
    # Web form: the summary names the field by its label.
    client.force_login(world["member"])
    summary = _summary(client.post(reverse("projects:create"),
                                   _form_payload(world["org"], status="fini")))
    assert f"Avancement : {UNKNOWN_STATUS}" in summary
    # API: the error names the field.
    response = client.post("/api/v1/projets", {**API_INPUT, "status": "fini"},
                           content_type="application/json",
                           headers={"Authorization": f"Bearer {world['key']}"})
    assert response.status_code == 422
    assert response.json()["errors"]["status"][0].startswith(UNKNOWN_STATUS)
    # Table: the line of the spreadsheet and the column.
    report = import_table(read_table("projets.csv", _csv(status="fini")))
    assert [(p.line, p.column) for p in report.problems] == [(2, "status")]
    assert report.problems[0].message.startswith(UNKNOWN_STATUS)
    # JSON file and bulk loader: the position of the project and the field.
    for load in (import_projects, lambda payload: bulk_import_projects(payload["projects"])):
        with pytest.raises(ImportFailed) as failure:
            load(_json_payload(status="fini"))
        [problem] = failure.value.report.problems
        assert (problem.position, problem.source_id, problem.field) == (1, "csv-1", "status")
        assert problem.message.startswith(UNKNOWN_STATUS)
    assert not Project.objects.exists()


def test_a_bad_item_of_a_list_names_the_item_and_its_part(client, world):
    client.force_login(world["member"])
    payload = _form_payload(world["org"], **{
        "sources-TOTAL_FORMS": 1, "sources-0-url": "https://www.example.fr/a",
        "indicateurs-TOTAL_FORMS": 2, "indicateurs-0-label": "Fuites",
        "indicateurs-1-label": "Repas", "indicateurs-1-value_after": "beaucoup"})
    summary = _summary(client.post(reverse("projects:create"), payload))
    assert ("Indicateur n° 2 : Valeur après : « beaucoup » n'est pas un nombre (par exemple "
            "1500 ou 1 500,5).") in summary
    result = entry.read({"indicators": [{"label": "Fuites"}, {"value_after": 3}]})
    assert [(p.field, p.item, p.part, p.text) for p in result.problems
            if p.field == "indicators"] == [
        ("indicators", 2, "label", "Indicateur n° 2, indicateur : Ce champ est obligatoire.")]


def test_saving_the_form_keeps_the_rows_shown_unchanged(client, world):
    client.force_login(world["member"])
    client.post(reverse("projects:create"), _form_payload(world["org"], **{
        "indicateurs-TOTAL_FORMS": 1, "indicateurs-0-label": "Repas jetés",
        "indicateurs-0-value_before": "1 200,5", "indicateurs-0-unit": "kg"}))
    project = Project.objects.get()
    page = client.get(reverse("projects:edit", args=[project.slug])).content.decode()
    assert 'name="indicateurs-0-value_before" value="1200,5"' in page
    # The row comes back as shown; only the title changes.
    client.post(reverse("projects:edit", args=[project.slug]), _form_payload(world["org"], **{
        "title": "Prévision des repas servis", "version": 1,
        "indicateurs-TOTAL_FORMS": 1, "indicateurs-INITIAL_FORMS": 1,
        "indicateurs-0-label": "Repas jetés", "indicateurs-0-value_before": "1200,5",
        "indicateurs-0-unit": "kg", "sources-INITIAL_FORMS": 1}))
    project.refresh_from_db()
    assert project.title == "Prévision des repas servis"
    assert list(project.indicators.values_list("label", "value_before")) == [
        ("Repas jetés", Decimal("1200.5000"))]
    assert project.revisions.get(number=2).changed_fields == ["title"]


# ---------------------------------------------------------------- the same project everywhere

API_INPUT = {
    "title": "Prévision des repas", "short_description": "Prévoir les repas de la cantine.",
    "keywords": ["cantine", "gaspillage"], "domains": ["Éducation et restauration scolaire"],
    "techniques": ["prevision-par-apprentissage-automatique"], "status": "deployed",
    "start_year": 2023, "decision_role": "assists", "vendor": "Fournisseur du Val",
    "vendor_siren": "123456789", "hosting_country": "France", "personal_data": "no",
    "contact_email": "cantine@villebourg.example.fr",
    "sources": [{"url": "https://www.example.fr/cantine", "title": ""}],
}


def _form_payload(org, **overrides) -> dict:
    payload = {
        "kind": "ai_system", "title": "Prévision des repas",
        "short_description": "Prévoir les repas de la cantine.", "owner": org.pk,
        "keywords": "cantine, gaspillage", "status": "deployed", "start_year": "2023",
        "decision_role": "assists", "vendor_name": "Fournisseur du Val",
        "vendor_siren": "123456789", "hosting_country": "France", "personal_data": "no",
        "secnumcloud": "unknown", "open_source": "unknown", "dpia_done": "unknown",
        "fria_done": "unknown", "contact_email": "cantine@villebourg.example.fr",
        "indicateurs-TOTAL_FORMS": 0, "indicateurs-INITIAL_FORMS": 0,
        "sources-TOTAL_FORMS": 1, "sources-INITIAL_FORMS": 0,
        "sources-0-url": "https://www.example.fr/cantine",
    }
    payload.update(overrides)
    return payload


def _csv(**overrides) -> bytes:
    row = {"source_id": "csv-1", "title": "Prévision des repas",
           "short_description": "Prévoir les repas de la cantine.", "owner_code": "99101",
           "kind": "Système d'IA", "keywords": "cantine ; gaspillage",
           "domains": "Éducation et restauration scolaire",
           "techniques": "Prévision par apprentissage automatique", "status": "Déployé",
           "start_year": "2023", "decision_role": "Aide un agent, qui décide",
           "vendor_name": "Fournisseur du Val", "vendor_siren": "123456789",
           "hosting_country": "France", "personal_data": "Non",
           "contact_email": "cantine@villebourg.example.fr",
           "sources": "https://www.example.fr/cantine", **overrides}
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows([list(row), list(row.values())])
    return buffer.getvalue().encode("utf-8")


def _json_payload(**overrides) -> dict:
    item = {**API_INPUT, "source_id": "csv-1", "owner": {"kind": "commune",
                                                         "insee_code": "99101"},
            "vendor": {"name": "Fournisseur du Val", "siren": "123456789"}, **overrides}
    item.pop("vendor_siren")
    return {"format": "recensia-projets", "version": 1, "projects": [item]}


def test_every_source_gives_the_same_project(client, world):
    client.force_login(world["member"])
    domain = fields.field("domains").reference.objects.get(
        name="Éducation et restauration scolaire")
    technique = fields.field("techniques").reference.objects.get(
        slug="prevision-par-apprentissage-automatique")
    response = client.post(reverse("projects:create"), _form_payload(
        world["org"], domains=[domain.pk], techniques=[technique.pk]))
    assert response.status_code == 302, _summary(response)
    from_form = Project.objects.get()
    response = client.post("/api/v1/projets", API_INPUT, content_type="application/json",
                           headers={"Authorization": f"Bearer {world['key']}"})
    assert response.status_code == 201, response.json()
    from_api = Project.objects.exclude(pk=from_form.pk).get()
    report = import_table(read_table("projets.csv", _csv()), user=world["member"])
    assert report.ok, [str(p) for p in report.problems]
    from_table = Project.objects.get(source_id="csv-1")
    import_projects(_json_payload(source_id="json-1"), state="draft")
    from_json = Project.objects.get(source_id="json-1")
    bulk_import_projects(_json_payload(source_id="bulk-1")["projects"])
    from_bulk = Project.objects.get(source_id="bulk-1")

    reference = take_snapshot(from_form)
    assert reference["keywords"] == "cantine, gaspillage"
    assert reference["vendor"] == {"name": "Fournisseur du Val", "siren": "123456789"}
    assert (reference["domains"], reference["status"]) == ([domain.slug], "deployed")
    for project in (from_api, from_table, from_json, from_bulk):
        assert take_snapshot(project) == reference, project.source_id


# ---------------------------------------------------------------- helpers

def _prefix(name: str) -> str:
    from recensia.projects.forms import ROW_PREFIXES

    return ROW_PREFIXES[name]


def _summary(response) -> str:
    match = re.search(r'<div class="fr-alert fr-alert--error[^"]*"[^>]*id="erreurs".*?</div>',
                      response.content.decode(), flags=re.S)
    assert match, "le résumé des erreurs est absent"
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", match.group(0))))
