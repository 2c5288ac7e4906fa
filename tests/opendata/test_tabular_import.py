"""Import of CSV and XLSX tables in the export's own columns: every problem by line and
column, all or nothing, replayable; members import for their own collectivités only."""

from __future__ import annotations

import csv
import io
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from recensia.opendata.management.commands import import_table as import_command
from recensia.opendata.models import PendingImport
from recensia.opendata.table import columns
from recensia.opendata.tabular import TableProblem, import_table, read_table
from recensia.projects.models import (
    Project,
    ProjectRevision,
    ProjectStatus,
    WorkflowState,
)
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.opendata.test_exports import make_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(reference_lists):
    return make_register()


def _csv(rows: list[list], delimiter: str = ",", encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def _xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _export(client, kind: str) -> bytes:
    return b"".join(client.get(reverse(f"opendata:{kind}")).streaming_content)


def _snapshot():
    return sorted(Project.objects.values_list("pk", "version", "title", "state"))


HEADER = ["source_id", "title", "short_description", "owner_code", "partner_codes", "kind",
          "status", "status_reason", "start_year", "start_date", "investment_eur", "domains",
          "techniques", "secnumcloud", "contact_email", "sources"]


def _row(sid: str, **values) -> list:
    defaults = {"source_id": sid, "title": f"Projet {sid}",
                "short_description": "Un projet importé d'un tableau.", "owner_code": "78490",
                "kind": "ai_system", "status": "deployed",
                "domains": "Eau et assainissement", "techniques": "Optimisation",
                "sources": "https://www.example.fr/a"}
    defaults.update(values)
    return [defaults.get(name, "") for name in HEADER]


# ---------------------------------------------------------------- round trip

@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_importing_an_export_changes_nothing(client, register, kind):
    content = _export(client, kind)
    before, revisions = _snapshot(), ProjectRevision.objects.count()
    table = read_table(f"projets.{kind}", content)
    dry = import_table(table, dry_run=True)
    assert dry.ok, [str(p) for p in dry.problems]
    assert (dry.rows, dry.created, dry.updated, dry.unchanged) == (5, 0, 0, 5)
    assert str(dry) == "Simulation : 0 projet(s) créé(s), 0 mis à jour, 5 inchangé(s)."
    for _ in range(2):
        report = import_table(table)
        assert (report.created, report.updated, report.unchanged) == (0, 0, 5)
    assert _snapshot() == before and ProjectRevision.objects.count() == revisions
    # A project created on the site keeps the identifier the export gave it (its slug).
    callbot = Project.objects.get(pk=register["callbot"].pk)
    assert callbot.source_id == callbot.slug
    assert read_table(f"projets.{kind}", _export(client, kind)).rows[0].cells["source_id"]
    assert callbot.indicators.count() == 1


def test_columns_absent_from_the_file_keep_the_current_values(register):
    callbot = register["callbot"]
    content = _csv([["source_id", "title", "short_description", "owner_code"],
                    [callbot.slug, "Assistant vocal de l'accueil", callbot.short_description,
                     "78490"]])
    report = import_table(read_table("maj.csv", content))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0), str(report)
    project = Project.objects.get(pk=callbot.pk)
    assert project.title == "Assistant vocal de l'accueil" and project.version == 2
    assert project.revisions.get(number=2).changed_fields == ["title"]
    assert project.vendor.name == "Yelda" and project.indicators.count() == 1
    assert project.partnerships.count() == 2 and project.sources.count() == 2


# ---------------------------------------------------------------- new projects

def test_a_french_excel_csv_creates_projects_with_codes_and_labels(register):
    orgs = register["orgs"]
    content = _csv([
        HEADER,
        _row("ville-01", owner_code="78490", partner_codes=f"{orgs['epci'].siren} ; region-11",
             status="Déployé", start_year="2023", start_date="01/09/2023",
             investment_eur="12 500,50", secnumcloud="Oui",
             domains="Eau et assainissement ; Risques naturels",
             sources="https://www.example.fr/a ; https://www.example.fr/b"),
        _row("dep-01", owner_code="departement-38", kind="Système d'IA", status="idea"),
        _row("reg-01", owner_code="region-11", title="Stratégie régionale",
             kind="governance", status="stopped", status_reason="Remplacée."),
        _row("corse-01", owner_code="2a004"),
    ], delimiter=";", encoding="cp1252")
    report = import_table(read_table("projets.csv", content))
    assert report.ok, [str(p) for p in report.problems]
    assert (report.created, report.updated, report.unchanged) == (4, 0, 0)
    project = Project.objects.get(source_id="ville-01")
    assert project.state == WorkflowState.PUBLISHED and project.status == "deployed"
    assert project.owner == orgs["commune"] and str(project.start_date) == "2023-09-01"
    assert str(project.investment_eur) == "12500.50" and project.secnumcloud == "yes"
    assert {p.organization for p in project.partnerships.all()} == {orgs["epci"], orgs["region"]}
    assert [s.url for s in project.sources.all()] == ["https://www.example.fr/a",
                                                      "https://www.example.fr/b"]
    assert Project.objects.get(source_id="dep-01").owner == orgs["departement"]
    assert Project.objects.get(source_id="corse-01").owner == orgs["corse"]
    again = import_table(read_table("projets.csv", content))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


def test_an_xlsx_code_typed_as_a_number_keeps_its_leading_zero(register):
    nice = OrganizationFactory(name="Nice", insee_code="06088", siren="210600888")
    content = _xlsx([HEADER, _row("nice-01", owner_code=6088, start_year=2021,
                                  investment_eur=1500.5, partner_codes=78490)])
    report = import_table(read_table("projets.xlsx", content))
    assert report.ok, [str(p) for p in report.problems]
    project = Project.objects.get(source_id="nice-01")
    assert project.owner == nice and project.start_year == 2021
    assert str(project.investment_eur) == "1500.50"
    assert [p.organization for p in project.partnerships.all()] == [register["orgs"]["commune"]]


# ---------------------------------------------------------------- problems

def test_a_dry_run_lists_every_problem_by_spreadsheet_line_and_column(register):
    before = _snapshot()
    rows = [
        HEADER,
        _row("ok-1"),                                                      # line 2: valid
        _row("err-3", owner_code="99999",
             short_description="Première ligne\nseconde ligne de la cellule"),   # line 3
        _row("err-4", status="fini", start_year="deux mille", domains="Cuisine moléculaire",
             investment_eur="beaucoup", secnumcloud="peut-être"),           # line 4
        _row("err-5", status="stopped"),                                    # line 5
        _row("ok-1", title="Doublon"),                                      # line 6
        [""] * len(HEADER),                                                 # line 7: blank
        _row("err-8", contact_email="pas une adresse", start_date="31/02/2024",
             partner_codes="departement-38 ; region-99"),                   # line 8
        _row("", owner_code=""),                                            # line 9
    ]
    report = import_table(read_table("projets.csv", _csv(rows)), dry_run=True)
    found = [(p.line, p.column) for p in report.problems]
    assert found == [
        (3, "owner_code"),
        (4, "status"), (4, "start_year"), (4, "domains"), (4, "investment_eur"),
        (4, "secnumcloud"),
        (5, "status_reason"),
        (6, "source_id"),
        (8, "start_date"), (8, "partner_codes"), (8, "contact_email"),
        (9, "source_id"), (9, "owner_code"),
    ], [str(p) for p in report.problems]
    messages = {(p.line, p.column): p.message for p in report.problems}
    assert messages[(3, "owner_code")].startswith("aucune collectivité n'a le code « 99999 »")
    assert messages[(4, "status")].startswith("valeur inconnue « fini » (valeurs possibles : "
                                              "idea (Idée), study (Étude)")
    assert messages[(4, "start_year")] == "« deux mille » n'est pas une année (par exemple 2022)."
    assert messages[(4, "domains")] == ("domaine inconnu : « Cuisine moléculaire » (à créer "
                                        "d'abord par la modération)")
    assert messages[(5, "status_reason")].startswith("Indiquez pourquoi le projet a été arrêté")
    assert messages[(6, "source_id")] == "identifiant présent deux fois dans le fichier"
    assert messages[(8, "partner_codes")].startswith("aucune collectivité n'a le code "
                                                     "« region-99 »")
    assert "adresse" in messages[(8, "contact_email")].lower()
    assert str(report).startswith("13 problème(s), rien n'a été importé :\n- ligne 3, colonne "
                                  "« owner_code » : aucune collectivité")
    assert _snapshot() == before


def test_one_wrong_row_and_nothing_is_imported(register):
    before = _snapshot()
    content = _csv([HEADER, _row("ok-1"), _row("ok-2"), _row("err-4", status="fini")])
    report = import_table(read_table("projets.csv", content))
    assert [(p.line, p.column) for p in report.problems] == [(4, "status")]
    assert (report.created, report.updated) == (0, 0)
    assert _snapshot() == before
    assert not Project.objects.filter(source_id__in=["ok-1", "ok-2"]).exists()


def test_missing_columns_and_unknown_columns(register):
    content = _csv([["identifiant", "Titre", "owner_code", "remarques"],
                    ["x-1", "Un titre", "78490", "à revoir"]])
    report = import_table(read_table("projets.csv", content))
    assert [(p.line, p.column) for p in report.problems] == [
        (1, "source_id"), (1, "short_description")]
    assert report.problems[0].message == ("colonne obligatoire absente (« source_id », "
                                          "Identifiant d'origine).")
    assert report.notes == ["colonne « identifiant » inconnue ou en double : elle est ignorée.",
                            "colonne « remarques » inconnue ou en double : elle est ignorée."]


def test_unreadable_files_are_refused_in_french():
    from recensia.opendata.tabular import TableError

    with pytest.raises(TableError, match="fichier XLSX illisible"):
        read_table("projets.xlsx", b"pas un classeur")
    with pytest.raises(TableError, match="format non pris en charge"):
        read_table("projets.ods", b"")
    with pytest.raises(TableError, match="le fichier est vide"):
        read_table("projets.csv", b"")


def test_a_problem_reads_like_a_spreadsheet_reference():
    assert str(TableProblem(4, "status", "valeur inconnue")) == \
        "ligne 4, colonne « status » : valeur inconnue"


# ---------------------------------------------------------------- members and moderators

def test_a_member_imports_drafts_for_their_own_collectivite_only(register):
    orgs = register["orgs"]
    member = MembershipFactory(organization=orgs["commune"]).user
    content = _csv([
        HEADER,
        _row("plaisir-01"),
        _row("isere-01", owner_code="departement-38"),
        _row(register["water"].source_id, owner_code="78490"),
    ])
    report = import_table(read_table("projets.csv", content), user=member)
    assert [(p.line, p.column, p.message) for p in report.problems] == [
        (3, "owner_code", "vous n'êtes pas membre validé de Isère : vous ne pouvez pas "
                          "importer de projet en son nom."),
        (4, "source_id", "cet identifiant désigne un projet de Syndicat des eaux du Val : vous "
                         "ne pouvez pas le modifier."),
    ]
    ok = import_table(read_table("projets.csv", _csv([HEADER, _row("plaisir-01")])), user=member)
    assert ok.ok and ok.created == 1
    project = Project.objects.get(source_id="plaisir-01")
    assert project.state == WorkflowState.DRAFT and project.created_by == member


def _upload(client, content: bytes, name: str = "projets.csv"):
    return client.post(reverse("opendata:import"),
                       {"file": SimpleUploadedFile(name, content)})


def test_the_import_page_checks_then_imports_after_confirmation(client, register):
    moderator = UserFactory(moderator=True)
    client.force_login(moderator)
    content = _csv([HEADER, _row("web-01"), _row("web-02", status="Expérimentation")])
    page = client.get(reverse("opendata:import"))
    assert page.status_code == 200 and "Vérifier le fichier" in page.content.decode()
    checked = _upload(client, content)
    html = checked.content.decode()
    assert "est prêt à être importé" in html and "L'import va créer 2 projets" in html
    assert not Project.objects.filter(source_id__startswith="web-").exists()
    pending = PendingImport.objects.get(user=moderator)
    done = client.post(reverse("opendata:import"), {"token": str(pending.token),
                                                    "confirm": "1"}, follow=True)
    assert "Import terminé : 2 projet(s) créé(s), 0 mis à jour, 0 inchangé(s)." in \
        done.content.decode()
    assert Project.objects.filter(source_id__startswith="web-",
                                  state=WorkflowState.PUBLISHED).count() == 2
    assert Project.objects.get(source_id="web-02").status == ProjectStatus.PILOT
    assert not PendingImport.objects.exists()
    again = client.post(reverse("opendata:import"), {"token": str(pending.token)}, follow=True)
    assert "Ce fichier n&#x27;est plus disponible" in again.content.decode()


def test_the_import_page_shows_every_problem_in_a_table(client, register):
    member = MembershipFactory(organization=register["orgs"]["commune"]).user
    client.force_login(member)
    content = _xlsx([HEADER, _row("m-1"), _row("m-2", owner_code="region-11", status="fini")])
    html = _upload(client, content, "projets.xlsx").content.decode()
    assert "2 problèmes : rien n'a été importé" in html
    assert "<td>3</td><td><code>owner_code</code></td><td>m-2</td><td>Vous n&#x27;êtes pas " \
           "membre validé de Île-de-France" in html
    assert "<td>3</td><td><code>status</code></td>" in html
    assert "Importer ces projets" not in html
    assert not PendingImport.objects.exists() and not Project.objects.filter(
        source_id="m-1").exists()


def test_the_import_page_refuses_other_files_and_cancels(client, register):
    client.force_login(UserFactory(moderator=True))
    html = _upload(client, b"%PDF", "projets.pdf").content.decode()
    assert "Envoyez un fichier CSV (.csv) ou Excel (.xlsx)." in html
    html = _upload(client, b"pas un classeur", "projets.xlsx").content.decode()
    assert "Le fichier ne peut pas être lu : fichier XLSX illisible" in html
    _upload(client, _csv([HEADER, _row("annule-1")]))
    token = PendingImport.objects.get().token
    done = client.post(reverse("opendata:import"), {"token": str(token), "cancel": "1"},
                       follow=True)
    assert "Import annulé : rien n&#x27;a été enregistré." in done.content.decode()
    assert not PendingImport.objects.exists()
    assert not Project.objects.filter(source_id="annule-1").exists()


def test_only_members_and_moderators_reach_the_import_page(client, register):
    url = reverse("opendata:import")
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code == 403
    assert "réservé aux membres validés" in response.content.decode()


def test_nobody_confirms_someone_elses_upload(client, register):
    owner = UserFactory(moderator=True)
    client.force_login(owner)
    _upload(client, _csv([HEADER, _row("a-1")]))
    token = PendingImport.objects.get().token
    client.force_login(UserFactory(moderator=True))
    response = client.post(reverse("opendata:import"), {"token": str(token)}, follow=True)
    assert "Ce fichier n&#x27;est plus disponible" in response.content.decode()
    assert client.post(reverse("opendata:import"), {"token": "pas-un-jeton"}).status_code == 302
    assert not Project.objects.filter(source_id="a-1").exists()


# ---------------------------------------------------------------- command

def test_the_command_simulates_imports_and_reports_progress(register, tmp_path, monkeypatch):
    monkeypatch.setattr(import_command, "PROGRESS_EVERY", 2)
    path = tmp_path / "projets.csv"
    path.write_bytes(_csv([HEADER] + [_row(f"cmd-{i}") for i in range(5)]))
    out = StringIO()
    call_command("import_table", str(path), "--dry-run", stdout=out)
    assert out.getvalue().splitlines() == [
        "2 projet(s) traité(s) sur 5…", "4 projet(s) traité(s) sur 5…",
        "5 projet(s) traité(s) sur 5…",
        "Simulation : 5 projet(s) créé(s), 0 mis à jour, 0 inchangé(s)."]
    assert not Project.objects.filter(source_id__startswith="cmd-").exists()
    call_command("import_table", str(path), stdout=StringIO())
    assert Project.objects.filter(source_id__startswith="cmd-").count() == 5


def test_the_command_refuses_a_wrong_file_with_the_french_report(register, tmp_path):
    path = tmp_path / "projets.csv"
    path.write_bytes(_csv([HEADER, _row("cmd-1", status="fini")]))
    with pytest.raises(CommandError) as exc:
        call_command("import_table", str(path))
    assert str(exc.value).startswith("1 problème(s), rien n'a été importé :\n- ligne 2, "
                                     "colonne « status » : valeur inconnue « fini »")
    with pytest.raises(CommandError, match="Lecture impossible"):
        call_command("import_table", str(tmp_path / "absent.csv"))


def test_the_template_columns_are_the_export_columns():
    assert list(columns())[:4] == ["source_id", "slug", "url", "title"]
