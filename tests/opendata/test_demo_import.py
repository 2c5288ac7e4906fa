"""The demonstration (two tables of real cases, 58 + 94 rows, brought in through the import
assistant with their saved mappings) and the all-or-nothing importer of ``recensia-projets``
files.

The demo references real collectivités, so the official reference data (~36,000 rows) and
the reference lists are loaded once for this module, outside the per-test transactions, and
the demo is imported once on top of them. Everything this module wrote is removed at
teardown, so later tests start from empty tables. Each test runs in its own transaction:
what it writes (a re-import, a failed import) is rolled back.
"""

from __future__ import annotations

import csv
import json
from io import StringIO

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.core.management import CommandError, call_command
from django.db import connection

from recensia.imports.demo import (
    DEMO_DIR,
    TABLES,
    DemoLoad,
    load_demo_cases,
    read_complements,
)
from recensia.opendata.importing import ImportFailed, import_projects, read_file
from recensia.pooling.selectors import user_counts
from recensia.pooling.services import load_demo_solutions
from recensia.projects.models import (
    Domain,
    Indicator,
    Project,
    ProjectKind,
    ProjectRevision,
    ProjectStatus,
    Technique,
    Vendor,
    WorkflowState,
)
from recensia.search.models import SearchChange, SearchTerm, SynonymGroup
from recensia.solutions.models import Solution, SolutionRevision
from recensia.territories.models import Organization

pytestmark = pytest.mark.django_db


def _delete_everything_written(before: dict[str, set[int]]) -> None:
    from recensia.evaluations.models import ComplianceAssessment, FootprintAssessment
    from recensia.imports.models import ImportJob
    from recensia.search.models import SearchDocument

    # The search rows name projects by id only: nothing cascades to them.
    SearchDocument.objects.all().delete()
    ImportJob.objects.all().delete()  # the demo's import records (cascade to their rows)
    for model in (ComplianceAssessment, FootprintAssessment):  # they protect the projects
        model.objects.update(recomputed_from=None)
        model.objects.all().delete()
    SearchChange.objects.all().delete()  # the change log of the projects written here
    ProjectRevision.objects.all().delete()
    Project.objects.all().delete()  # cascades to partners, indicators, sources, m2m rows
    SolutionRevision.objects.all().delete()  # the demo catalogue (load_demo)
    Solution.objects.all().delete()
    # The search's vocabulary and synonyms outlive the projects; later tests read them.
    SearchTerm.objects.exclude(pk__in=before["terms"]).delete()
    SynonymGroup.objects.exclude(pk__in=before["synonyms"]).delete()
    Vendor.objects.exclude(pk__in=before["vendors"]).delete()
    Domain.objects.exclude(pk__in=before["domains"]).delete()
    Technique.objects.exclude(pk__in=before["techniques"]).delete()
    # Bodies created by the import (syndicats, opérateurs…) point to reference rows.
    Organization.objects.filter(from_reference_data=False).exclude(
        pk__in=before["organizations"]).delete()
    reference = Organization.objects.filter(from_reference_data=True)
    reference.update(departement=None, region=None, epci=None)
    # A plain DELETE: Model.delete()'s collector takes seconds on 36,000 rows.
    table = connection.ops.quote_name(Organization._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE from_reference_data = %s",  # noqa: S608
                       [True])


@pytest.fixture(scope="module")
def reference(django_db_setup, django_db_blocker) -> None:
    """The official reference data and the reference lists, loaded once for the module."""
    from recensia.projects.taxonomy import load_reference_lists
    from recensia.search.management.commands.load_reference_lists import DATA
    from recensia.search.models import SearchTerm
    from recensia.territories.services import populate_reference_data

    with django_db_blocker.unblock():
        assert not Project.objects.exists(), "la base de test doit être vide de projets"
        before = {
            "vendors": set(Vendor.objects.values_list("pk", flat=True)),
            "domains": set(Domain.objects.values_list("pk", flat=True)),
            "techniques": set(Technique.objects.values_list("pk", flat=True)),
            "organizations": set(Organization.objects.filter(from_reference_data=False)
                                 .values_list("pk", flat=True)),
            "terms": set(SearchTerm.objects.values_list("pk", flat=True)),
            "synonyms": set(SynonymGroup.objects.values_list("pk", flat=True)),
        }
        try:
            populate_reference_data()
            load_reference_lists(json.loads(DATA.read_text(encoding="utf-8")))
        except BaseException:
            _delete_everything_written(before)
            raise
    yield
    with django_db_blocker.unblock():
        _delete_everything_written(before)


@pytest.fixture(scope="module")
def demo(reference, django_db_blocker) -> DemoLoad:
    """The demo loaded once (committed) on top of the reference data: the first report."""
    with django_db_blocker.unblock():
        return load_demo_cases()


def _table_lines() -> dict[str, list[int]]:
    """Every data row of both tables, by the line a spreadsheet shows (1: the header)."""
    lines = {}
    for table in TABLES:
        with (DEMO_DIR / table).open(encoding="utf-8", newline="") as handle:
            lines[table] = list(range(2, 2 + sum(1 for _row in csv.DictReader(handle))))
    return lines


# ---------------------------------------------------------------- the demo content

def test_both_tables_of_real_cases_are_in_the_repository_as_collected():
    assert {table: len(lines) for table, lines in _table_lines().items()} == {
        "cas_collectivites_ia.csv": 58, "cas_collectivites_ia_lot2.csv": 94}


def test_the_load_report_names_every_row_of_both_tables_loaded_or_explained(demo):
    expected = {(table, line) for table, lines in _table_lines().items() for line in lines}
    assert {(row.table, row.line) for row in demo.rows} == expected
    assert len(demo.rows) == 152
    for row in demo.rows:
        assert row.text.strip(), (row.table, row.line)
        if row.loaded:  # the entry it became, with its sources
            assert " source(s))" in row.text and "(0 source(s))" not in row.text
    text = str(demo)
    assert text.splitlines()[0] == ("Cas réels : 152 ligne(s) lue(s), 152 publiée(s), "
                                    "0 non publiée(s) (motif ci-dessous).")
    assert "cas_collectivites_ia_lot2.csv, ligne 95 (cas-reels-152) : publiée — « Cadre de " \
        "confiance" in text


def test_a_fresh_database_serves_at_least_140_published_entries_with_sources(demo):
    published = Project.objects.filter(state=WorkflowState.PUBLISHED)
    assert published.count() == 152 == len(demo.loaded)
    assert published.filter(sources__isnull=False).distinct().count() >= 140
    assert not published.filter(sources__isnull=True).exists()
    assert not Project.objects.filter(published_at__isnull=True).exists()


def test_governance_initiatives_and_ai_systems_are_told_apart(demo):
    # « (stratégie) », « (charte) »… at the start of the technique: a governance initiative.
    assert Project.objects.filter(kind=ProjectKind.GOVERNANCE).count() == 18
    assert Project.objects.filter(kind=ProjectKind.AI_SYSTEM).count() == 134
    lyon = Project.objects.get(owner__insee_code="69123", title__icontains="Cadre d'usage")
    assert lyon.kind == ProjectKind.GOVERNANCE


def test_other_public_bodies_are_created_with_their_type_and_departement(demo):
    bodies = {o.name: (o.other_type, o.departement.insee_code if o.departement else "")
              for o in Organization.objects.filter(from_reference_data=False)}
    assert bodies["SDIS des Landes"] == ("sdis", "40")
    assert bodies["Eau de Paris"] == ("regie", "75")
    assert bodies["SICTOM Sud-Gironde"] == ("syndicat", "33")
    assert bodies["Office de tourisme de Chamonix-Mont-Blanc"] == ("regie", "74")
    landes = Project.objects.get(owner__name="SDIS des Landes")
    assert landes.title.startswith("Prodalis")


def test_vendor_claims_and_weak_sources_are_kept_as_given(demo):
    # The row's own words say who claims the result; the importer does not rewrite them.
    nice = Project.objects.get(source_id="cas-reels-92")
    assert "(allégation fournisseur)" in nice.results_summary
    metz = Project.objects.get(source_id="cas-reels-122")
    assert metz.status_detail.startswith("citée comme cliente par l'éditeur")


def test_vendor_names_are_confirmed_once_and_the_cell_stays_readable(demo):
    heating = Project.objects.filter(source_id__in=["cas-reels-77", "cas-reels-78",
                                                    "cas-reels-79"])
    assert set(heating.values_list("vendor__name", flat=True)) == {"Vertuoz"}
    assert Project.objects.get(source_id="cas-reels-77").description == (
        "Fournisseur (tel qu'écrit) : Engie / Vertuoz")
    # « non précisé » names no vendor.
    assert Project.objects.get(source_id="cas-reels-133").vendor is None
    assert not Vendor.objects.filter(name__istartswith="non précisé").exists()


def test_stopped_projects_say_why(demo):
    stopped = Project.objects.filter(status=ProjectStatus.STOPPED)
    assert stopped.count() >= 5
    for project in stopped:
        assert project.status_reason.strip(), project.title
    moirans = Project.objects.get(owner__insee_code="38239", title__icontains="BriefCam")
    assert moirans.status == ProjectStatus.STOPPED
    assert "annulée par jugement" in moirans.status_reason


def test_nice_facial_recognition_was_stopped_because_of_the_cnil(demo):
    project = Project.objects.select_related("owner").get(
        title__icontains="reconnaissance faciale", owner__insee_code="06088")
    assert project.status == ProjectStatus.STOPPED
    assert "CNIL" in project.status_reason
    assert project.owner.name == "Nice"


def test_editorial_complements_are_labelled_as_written_by_the_moderation(demo):
    complements = read_complements()
    assert set(complements) == {f"cas-reels-{n:02d}" for n in range(1, 59)}
    plaisir = Project.objects.get(source_id="cas-reels-01")
    assert plaisir.description.endswith("(Texte rédigé par l'équipe de modération de la "
                                        "plateforme à partir des sources citées par la fiche.)")
    assert plaisir.indicators.count() >= 1
    # What the table says comes from the table.
    assert plaisir.title == "Optimus – assistant vocal (callbot) du standard de la mairie"
    assert plaisir.start_year == 2022


def test_the_api_documentation_examples_name_a_demo_project_and_its_collectivite(demo, client):
    from recensia.api.schemas import EXAMPLE_ORGANIZATION_CODE, EXAMPLE_PROJECT_SLUG

    project = client.get(f"/api/v1/projets/{EXAMPLE_PROJECT_SLUG}")
    assert project.status_code == 200
    assert project.json()["owner"]["insee_code"] == EXAMPLE_ORGANIZATION_CODE
    organization = client.get(f"/api/v1/collectivites/{EXAMPLE_ORGANIZATION_CODE}")
    assert organization.status_code == 200 and organization.json()["name"] == "Plaisir"


def test_capi_leak_detection_is_shared_with_saint_savin(demo):
    project = Project.objects.select_related("owner").get(owner__siren="243800604",
                                                          title__icontains="fuites")
    assert project.owner.kind == "epci"
    partners = list(project.partnerships.select_related("organization"))
    assert [(p.organization.kind, p.organization.insee_code, p.organization.name, p.role)
            for p in partners] == [("commune", "38455", "Saint-Savin", "partner")]


def test_nantes_canteen_forecast_is_shared_with_nantes_metropole(demo):
    project = Project.objects.select_related("owner").get(
        owner__kind="commune", owner__insee_code="44109", title__icontains="restaurants")
    assert project.owner.name == "Nantes"
    assert [(p.organization.siren, p.role)
            for p in project.partnerships.select_related("organization")] == [
        ("244400404", "partner")]
    assert set(project.domains.values_list("name", flat=True)) == {
        "Éducation et restauration scolaire", "Déchets et propreté"}


def test_loading_the_demo_again_changes_nothing(demo):
    before = (Project.objects.count(), ProjectRevision.objects.count(),
              Organization.objects.count(), Vendor.objects.count(),
              sorted(Project.objects.values_list("source_id", "version")))
    again = load_demo_cases()
    assert [(r.table, r.line, r.loaded) for r in again.rows] == [
        (r.table, r.line, r.loaded) for r in demo.rows]
    assert (Project.objects.count(), ProjectRevision.objects.count(),
            Organization.objects.count(), Vendor.objects.count(),
            sorted(Project.objects.values_list("source_id", "version"))) == before


def test_a_corrected_mapping_replayed_updates_only_the_rows_it_names(demo):
    from recensia.imports.demo import mapping_path
    from recensia.imports.mapping import Mapping
    from recensia.imports.services import import_with_mapping

    table = TABLES[1]
    mapping = Mapping.from_data(json.loads(mapping_path(table).read_text(encoding="utf-8")))
    key = next(k for k in mapping.values["status"] if k.startswith("captation réalisée"))
    assert mapping.values["status"][key]["value"] == ProjectStatus.PILOT
    mapping.values["status"][key] = {"value": ProjectStatus.DEPLOYED}
    revisions = ProjectRevision.objects.count()
    import_with_mapping(file_name=table, content=(DEMO_DIR / table).read_bytes(),
                        mapping=mapping, complements=read_complements())
    audit = Project.objects.get(source_id="cas-reels-129")  # Crèvecœur-le-Grand
    assert (audit.status, audit.version) == (ProjectStatus.DEPLOYED, 2)
    assert ProjectRevision.objects.count() == revisions + 1


def test_dry_run_reports_but_writes_nothing(reference):
    before = _counts()
    report = import_projects(_payload(_project("essai-1"), _project("essai-2")), dry_run=True)
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    assert str(report).startswith("Simulation : 2 projet(s) créé(s)")
    assert _counts() == before


# ---------------------------------------------------------------- import errors

def _project(source_id: str, **fields) -> dict:
    return {
        "source_id": source_id, "kind": "ai_system", "title": f"Projet {source_id}",
        "short_description": "Un projet importé.",
        "owner": {"kind": "commune", "insee_code": "78490"},
        "domains": ["Eau et assainissement"], "techniques": ["Optimisation"],
        "status": "deployed", "sources": [{"url": "https://www.example.fr/a", "title": "A"}],
        **fields,
    }


def _payload(*projects: dict) -> dict:
    return {"format": "recensia-projets", "version": 1, "projects": list(projects)}


def _counts() -> tuple[int, int, int, int]:
    return (Project.objects.count(), ProjectRevision.objects.count(),
            Organization.objects.count(), Vendor.objects.count())


def test_a_file_with_errors_lists_every_problem_and_writes_nothing(reference):
    before = _counts()
    payload = _payload(
        # Valid, and would even create a new public body and a vendor: nothing must remain.
        _project("valide-1", partners=[{"kind": "other", "name": "Syndicat des eaux de test",
                                        "other_type": "syndicat", "role": "partner"}],
                 vendor={"name": "Fournisseur de test"}),
        _project("errone-2", owner={"kind": "commune", "insee_code": "99999"}),
        _project("errone-3", domains=["Cuisine moléculaire"]),
        _project("errone-4", status="fini"),
    )
    with pytest.raises(ImportFailed) as exc:
        import_projects(payload)
    report = exc.value.report
    assert [(p.position, p.source_id, p.field) for p in report.problems] == [
        (2, "errone-2", "owner"), (3, "errone-3", "domains"), (4, "errone-4", "status")]
    text = str(report)
    assert text.splitlines()[0] == "3 problème(s), rien n'a été importé :"
    assert ("projet n° 2 (errone-2), champ « owner » : aucune collectivité de type commune "
            "avec le code INSEE 99999") in text
    assert "projet n° 3 (errone-3), champ « domains » : domaine inconnu : « Cuisine moléculaire »" \
        in text
    assert "projet n° 4 (errone-4), champ « status » : valeur inconnue « fini »" in text
    assert str(exc.value) == text
    assert _counts() == before
    assert not Project.objects.filter(source_id="valide-1").exists()
    assert not Organization.objects.filter(name="Syndicat des eaux de test").exists()


def test_a_file_in_another_format_gets_one_clear_problem(reference):
    before = _counts()
    payload = _payload(_project("valide-1"))
    payload["format"] = "csv-maison"
    with pytest.raises(ImportFailed) as exc:
        import_projects(payload)
    problems = exc.value.report.problems
    assert len(problems) == 1
    assert (problems[0].field, problems[0].message) == (
        "format", "le fichier n'est pas au format « recensia-projets »")
    assert _counts() == before


def test_a_source_id_present_twice_is_a_problem(reference):
    before = _counts()
    with pytest.raises(ImportFailed) as exc:
        import_projects(_payload(_project("meme-id"), _project("meme-id", title="Autre")))
    assert [(p.position, p.source_id, p.field, p.message) for p in exc.value.report.problems] \
        == [(2, "meme-id", "source_id", "identifiant présent deux fois dans le fichier")]
    assert _counts() == before


def test_a_modified_project_is_updated_with_a_new_version(reference):
    import_projects(_payload(_project("modifie-1")))
    report = import_projects(_payload(_project("modifie-1"), _project("modifie-2")))
    assert (report.created, report.updated, report.unchanged) == (1, 0, 1)
    report = import_projects(_payload(_project("modifie-1", status_detail="étendu en 2025"),
                                      _project("modifie-2")))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    project = Project.objects.get(source_id="modifie-1")
    assert project.version == 2
    last = project.revisions.get(number=2)
    assert last.changed_fields == ["status_detail"]
    assert last.action == "Mise à jour par import"


def test_load_demo_command_is_replayable_and_prints_the_load_report(demo):
    out = StringIO()
    call_command("load_demo", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[0] == ("Contenu de démonstration — Cas réels : 152 ligne(s) lue(s), 152 "
                        "publiée(s), 0 non publiée(s) (motif ci-dessous).")
    assert sum(1 for line in lines if ".csv, ligne " in line) == 152
    assert "NON PUBLIÉE" not in out.getvalue()


def test_import_command_refuses_a_wrong_file_with_the_french_report(reference, tmp_path):
    path = tmp_path / "projets.json"
    path.write_text(json.dumps(_payload(_project("errone-1", status="fini"))), encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("import_projects", str(path))
    assert str(exc.value).startswith("1 problème(s), rien n'a été importé :\n- projet n° 1 "
                                     "(errone-1), champ « status » : valeur inconnue « fini »")
    assert not Project.objects.filter(source_id="errone-1").exists()


def test_an_unreadable_file_is_reported_in_french(tmp_path):
    path = tmp_path / "projets.json"
    path.write_text("{ pas du JSON", encoding="utf-8")
    with pytest.raises(ImportFailed) as exc:
        read_file(path)
    [problem] = exc.value.report.problems
    assert problem.field == "fichier"
    assert problem.message.startswith("lecture impossible")


# ---------------------------------------------------------------- values the importer must refuse

def _too_long(model, values: dict) -> list[str]:
    found = []
    for name, value in values.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        max_length = getattr(field, "max_length", None)
        if max_length and isinstance(value, str) and len(value) > max_length:
            found.append(f"{name} ({len(value)} > {max_length})")
    return found


def test_every_editorial_complement_fits_its_database_column():
    problems = []
    for sid, item in read_complements().items():
        fields = {k: (", ".join(v) if k == "keywords" else v) for k, v in item.items()}
        problems += [f"{sid} : {p}" for p in _too_long(Project, fields)]
        for i, indicator in enumerate(item.get("indicators") or [], start=1):
            problems += [f"{sid} indicateur {i} : {p}" for p in _too_long(Indicator, indicator)]
    assert problems == []


def test_an_overlong_indicator_value_is_reported_as_a_problem(reference):
    before = _counts()
    column = Indicator._meta.get_field("source_url").max_length
    long_url = "https://www.example.fr/" + "a" * column
    payload = _payload(_project("long-1", indicators=[{"label": "Fuites", "value_after": 3,
                                                        "source_url": long_url}]))
    with pytest.raises(ImportFailed) as exc:
        import_projects(payload)
    assert [(p.position, p.source_id, p.field) for p in exc.value.report.problems] == [
        (1, "long-1", "indicators")]
    assert exc.value.report.problems[0].message.startswith("Indicateur n° 1")
    assert _counts() == before


def test_a_non_numeric_indicator_value_is_reported_as_a_problem(reference):
    before = _counts()
    payload = _payload(_project("illisible-1", indicators=[{"label": "Fuites",
                                                             "value_before": "beaucoup"}]))
    with pytest.raises(ImportFailed) as exc:
        import_projects(payload)
    assert [(p.position, p.source_id, p.field) for p in exc.value.report.problems] == [
        (1, "illisible-1", "indicators")]
    assert exc.value.report.problems[0].message.startswith("Indicateur n° 1")
    assert _counts() == before


def test_a_source_that_is_not_a_web_address_is_refused(reference):
    payload = _payload(_project("lien-1", sources=[{"url": "javascript:alert(1)",
                                                    "title": "Article"}]))
    with pytest.raises(ImportFailed) as exc:
        import_projects(payload)
    assert [(p.position, p.source_id, p.field) for p in exc.value.report.problems] == [
        (1, "lien-1", "sources")]
    assert exc.value.report.problems[0].message.startswith("Source n° 1")
    assert not Project.objects.filter(source_id="lien-1").exists()


# ---------------------------------------------------------------- the demo catalogue

def test_demo_catalogue_links_at_least_ten_solutions_to_the_projects_that_use_them(demo,
                                                                                  client):
    load_demo_solutions()
    linked = Solution.objects.filter(projects__isnull=False).distinct()
    assert linked.count() >= 10
    delibia = Project.objects.filter(solution__name="Delibia")
    assert set(delibia.values_list("source_id", flat=True)) == {
        "cas-reels-05", "cas-reels-06", "cas-reels-07", "cas-reels-93", "cas-reels-94"}
    assert Project.objects.get(source_id="cas-reels-01").solution.name == "Optimus"
    assert Project.objects.get(source_id="cas-reels-02").solution.name == "Leakmited"
    # Each link is a version of the project, with the action said in French.
    optimus = Project.objects.get(source_id="cas-reels-01")
    assert optimus.revisions.get(action="Lié à la solution Optimus").changed_fields == [
        "solution"]
    # The API counts Delibia's users: the three owners and the consortium's partners.
    items = {i["name"]: i for i in client.get("/api/v1/solutions?page_size=100").json()["items"]}
    assert items["Delibia"]["user_count"] >= 8
    assert sum(1 for i in items.values() if i["user_count"] >= 1) >= 10


def test_demo_catalogue_loads_again_without_any_change(demo):
    load_demo_solutions()
    revisions = SolutionRevision.objects.count()
    project_versions = ProjectRevision.objects.count()
    report = load_demo_solutions()
    assert "0 créée(s), 0 mise(s) à jour" in report and "0 projet(s) lié(s)" in report
    assert SolutionRevision.objects.count() == revisions
    assert ProjectRevision.objects.count() == project_versions


def test_at_least_five_solutions_are_used_by_three_collectivites_or_more(demo):
    load_demo_solutions()
    names = dict(Solution.objects.values_list("pk", "name"))
    widely_used = {names[pk]: n for pk, n in user_counts().items() if n >= 3}
    assert len(widely_used) >= 5, widely_used
    # The same product in several tables' rows is one entry of the catalogue.
    for name in ("Lixo – détection des erreurs de tri", "Vertuoz – régulation du chauffage",
                 "Vialytics", "BriefCam", "Delibia"):
        assert widely_used.get(name, 0) >= 3, name
    heating = Project.objects.filter(solution__name="Vertuoz – régulation du chauffage")
    assert sorted(heating.values_list("owner__name", flat=True)) == [
        "Limoges", "Loir-et-Cher", "Paris"]
