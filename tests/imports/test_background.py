"""A 5,000-row file imported in the background, batch after batch, with its progress shown,
while another person saves a project. No timing: the test drives the job's steps itself
(the worker runs exactly these steps, see ``jobs.run_job``)."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recensia.imports import jobs
from recensia.imports.models import ImportJob, JobState
from recensia.projects.models import Project
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, make_project
from tests.imports.helpers import confirm_columns, confirm_values

ROWS = 5_000


def _big_file() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Identifiant", "Nom du projet", "Collectivité", "Statut", "Domaine",
                     "Technique", "Lien"])
    statuses = ["en service depuis 2023", "réalisé (campagne test)", "étude en cours"]
    for n in range(ROWS):
        writer.writerow([f"GROS-{n:05d}", f"Projet d'inventaire numéro {n}", "INSEE 29019",
                         statuses[n % 3], "administration", "prévision",
                         f"https://www.brest.fr/algorithmes/{n}"])
    return out.getvalue().encode()


def test_a_large_file_imports_in_batches_while_someone_else_saves(client, finistere):
    agent = finistere["agent"]
    client.force_login(agent)
    upload = SimpleUploadedFile("inventaire-complet.csv", _big_file())
    response = client.post(reverse("imports:start"),
                           {"organization": finistere["brest"].pk, "file": upload})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    confirm_columns(client, job)
    confirm_values(client, job)
    job.refresh_from_db()
    assert job.state == JobState.QUEUED  # the request queued it and returned

    # Someone of another collectivité, editing their own project meanwhile.
    other_org = OrganizationFactory()
    other = UserFactory()
    MembershipFactory(user=other, organization=other_org)
    theirs = make_project(owner=other_org, author=other, title="Prévision des repas")
    neighbour = client.__class__()
    neighbour.force_login(other)

    jobs.begin(job)
    work = jobs.runner(job)
    work.check()
    job.refresh_from_db()
    assert job.rows_checked == ROWS and job.rows_written == 0
    page = client.get(reverse("imports:progress", args=[job.token])).content.decode()
    assert "Import en cours" in page and f"Lignes vérifiées : {ROWS} sur {ROWS}" in page
    assert 'data-running="1"' in page  # the page follows the job by itself

    written = []
    saved_meanwhile = False
    while work.write_next():
        job.refresh_from_db()
        written.append(job.rows_written)
        if len(written) == 3:
            page = client.get(reverse("imports:progress", args=[job.token])).content.decode()
            assert f"Lignes traitées : {job.rows_written} enregistrées" in page
            assert "temps restant estimé" in page
            form = neighbour.get(reverse("projects:edit", args=[theirs.slug]))
            assert form.status_code == 200
            response = neighbour.post(reverse("projects:edit", args=[theirs.slug]), {
                **_edit_payload(theirs), "title": "Prévision des repas à la cantine"})
            assert response.status_code == 302, response.content.decode()[:2000]
            saved_meanwhile = True
    jobs.finish(job)
    assert saved_meanwhile
    # Each batch is short, and the progress moved at every one of them.
    assert written == sorted(written) and len(written) == ROWS // jobs.BATCH_SIZE
    assert all(b - a == jobs.BATCH_SIZE for a, b in zip(written, written[1:], strict=False))
    assert Project.objects.filter(source_id__startswith="GROS-").count() == ROWS
    theirs.refresh_from_db()
    assert theirs.title == "Prévision des repas à la cantine"
    page = client.get(reverse("imports:progress", args=[job.token])).content.decode()
    assert "Import terminé" in page and 'data-running="0"' in page


def _edit_payload(project) -> dict:
    from tests.projects.test_entry import _form_payload

    return _form_payload(project.owner, title=project.title, version=project.version)
