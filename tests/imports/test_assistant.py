"""The assistant with a public-inventory spreadsheet: 22 rows, free-text statuses, prefixed
codes, commune + EPCI cells and a public body the platform does not know."""

from django.urls import reverse

from recensia.imports.models import BodyRequest, ImportedRow, ImportJob, JobState, SavedMapping
from recensia.imports.services import decide_body_request, value_questions
from recensia.projects.models import PartnerRole, Project, ProjectStatus, WorkflowState
from recensia.territories.models import Organization
from tests.factories import UserFactory
from tests.imports.conftest import INVENTORY
from tests.imports.helpers import (
    confirm_columns,
    confirm_values,
    run_worker,
    upload,
    value_form,
)

ROWS = 22


def _through(client, finistere) -> ImportJob:
    client.force_login(finistere["agent"])
    job = upload(client, INVENTORY, finistere["dep"])
    confirm_columns(client, job)
    confirm_values(client, job)
    run_worker()
    job.refresh_from_db()
    return job


def test_columns_are_proposed_by_name_and_content(client, finistere):
    client.force_login(finistere["agent"])
    job = upload(client, INVENTORY, finistere["dep"])
    page = client.get(reverse("imports:columns", args=[job.token])).content.decode()
    columns = job.mapping["columns"]
    assert columns["Nom de l'algorithme"] == "title"
    assert columns["État"] == "status"
    assert columns["Collectivité"] == columns["Code"] == "owner"
    assert columns["Type d'IA"] == "techniques"
    assert columns["Prestataire"] == "vendor_name"
    assert columns["Lien"] == "sources"
    assert columns["N°"] == "source_id"
    # No field for it: kept in the description, never silently dropped.
    assert columns["Commentaire interne"] == "+description"
    assert "Commentaire interne" in page and "Garder dans la description" in page


def test_one_question_per_distinct_value_not_per_row(client, finistere):
    client.force_login(finistere["agent"])
    job = upload(client, INVENTORY, finistere["dep"])
    confirm_columns(client, job)
    job.refresh_from_db()
    questions = value_questions(job)
    statuses = [q.key for q in questions if q.target == "status"]
    assert sorted(statuses) == sorted({
        "en service depuis 2023", "réalisé (campagne test)", "en production",
        "étude en cours", "abandonné en 2022 (avis défavorable de la CNIL)"})
    owners = [q for q in questions if q.target == "owner"]
    assert len(owners) == 7
    assert sum(q.rows for q in owners) == ROWS
    page = client.get(reverse("imports:values", args=[job.token])).content.decode()
    assert page.count("« en service depuis 2023 »") >= 1
    assert "6 lignes" in page  # « en service depuis 2023 » is asked once for its 6 rows


def test_every_row_is_imported_or_waits_for_a_moderator(client, finistere):
    job = _through(client, finistere)
    assert job.state == JobState.DONE
    outcomes = dict(ImportedRow.objects.filter(job=job).values_list("line", "outcome"))
    assert len(outcomes) == ROWS
    assert set(outcomes.values()) == {ImportedRow.Outcome.WRITTEN, ImportedRow.Outcome.WAITING}
    assert job.rows_written == 20 and job.rows_waiting == 2 and job.rows_failed == 0
    assert job.problems == []
    # Rows written as drafts of the member's collectivités, identified by their « N° ».
    first = Project.objects.get(source_id="ALG-01")
    assert first.state == WorkflowState.DRAFT
    assert first.owner == finistere["brest"]
    assert first.status == ProjectStatus.DEPLOYED and first.start_year == 2023
    assert first.status_detail == "en service depuis 2023"
    assert "Commentaire interne : Contrat renouvelé en 2025" in first.description
    assert Project.objects.get(source_id="ALG-02").status == ProjectStatus.PILOT
    stopped = Project.objects.get(source_id="ALG-11")
    assert stopped.status == ProjectStatus.STOPPED
    assert "CNIL" in stopped.status_reason
    # The commune + EPCI cell: Quimper carries the project, its EPCI is partner.
    shared = Project.objects.get(source_id="ALG-09")
    assert shared.owner == finistere["quimper"]
    assert [(p.organization, p.role) for p in shared.partnerships.all()] == [
        (finistere["qbo"], PartnerRole.PARTNER)]
    assert Project.objects.get(source_id="ALG-07").owner == finistere["dep"]
    assert Project.objects.get(source_id="ALG-13").owner == finistere["brest"]
    # The unknown body was requested, not created.
    request = BodyRequest.objects.get()
    assert request.name == "SDIS du Finistère" and request.other_type == "sdis"
    assert not Organization.objects.filter(name="SDIS du Finistère").exists()


def test_progress_page_survives_a_reload_and_tells_what_waits(client, finistere):
    job = _through(client, finistere)
    page = client.get(reverse("imports:progress", args=[job.token])).content.decode()
    assert "Import terminé" in page
    assert "20 enregistrées, 2 en attente, 0 à corriger" in page
    assert "attend « SDIS du Finistère »" in page


def test_the_moderator_validates_the_body_and_the_waiting_rows_are_imported(client,
                                                                          finistere):
    job = _through(client, finistere)
    moderator = UserFactory(moderator=True)
    decide_body_request(request=BodyRequest.objects.get(), moderator=moderator, accept=True)
    run_worker()
    job.refresh_from_db()
    assert job.rows_written == ROWS and job.rows_waiting == 0
    sdis = Organization.objects.get(name="SDIS du Finistère")
    assert sdis.other_type == "sdis"
    waiting = Project.objects.filter(source_id__in=["ALG-17", "ALG-18"])
    assert {p.owner for p in waiting} == {sdis}
    # Rows of a newly validated body go to the moderators' review.
    assert {p.state for p in waiting} == {WorkflowState.SUBMITTED}


def test_the_mapping_is_saved_and_the_next_file_asks_nothing(client, finistere):
    job = _through(client, finistere)
    saved = SavedMapping.objects.get(organization=finistere["dep"])
    assert saved.mapping["values"]["status"]["en service depuis 2023"] == {
        "value": "deployed", "start_year": 2023}
    second = upload(client, INVENTORY, finistere["dep"])
    assert second.mapping["columns"] == job.mapping["columns"]
    form = value_form(second)
    assert all(form[name].value() for name in form.fields if name.startswith("value_"))
    assert all(q.current is not None for q in value_questions(second))


def test_importing_the_same_file_again_changes_nothing(client, finistere):
    _through(client, finistere)
    revisions = {p.source_id: p.version for p in Project.objects.all()}
    client.force_login(finistere["agent"])
    job = upload(client, INVENTORY, finistere["dep"])
    confirm_columns(client, job)
    confirm_values(client, job)
    run_worker()
    assert Project.objects.count() == 20
    assert {p.source_id: p.version for p in Project.objects.all()} == revisions


def test_submit_all_drafts_then_moderators_publish_the_batch(client, finistere):
    job = _through(client, finistere)
    response = client.post(reverse("imports:submit", args=[job.token]), follow=True)
    assert response.status_code == 200
    assert Project.objects.filter(state=WorkflowState.SUBMITTED).count() == 19
    # The charter has no AI technique: it stays a draft, and the page says why.
    assert Project.objects.get(source_id="ALG-22").state == WorkflowState.DRAFT
    assert "« Charte départementale de l&#x27;IA » n&#x27;a pas été soumis" in \
        response.content.decode()
    moderator = UserFactory(moderator=True)
    client.force_login(moderator)
    page = client.get(reverse("imports:moderation")).content.decode()
    assert "inventaire-algorithmes.csv" in page and "19 projets soumis" in page
    one = Project.objects.get(source_id="ALG-01")
    client.post(reverse("imports:review", args=[job.token]), {"project": [one.pk]})
    assert Project.objects.filter(state=WorkflowState.PUBLISHED).count() == 1
    client.post(reverse("imports:review", args=[job.token]), {"all": "1"})
    assert Project.objects.filter(state=WorkflowState.PUBLISHED).count() == 19


def test_someone_else_cannot_open_an_import(client, finistere):
    client.force_login(finistere["agent"])
    job = upload(client, INVENTORY, finistere["dep"])
    client.force_login(UserFactory())
    assert client.get(reverse("imports:columns", args=[job.token])).status_code == 404
