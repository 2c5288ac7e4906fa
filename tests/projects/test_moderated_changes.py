"""Changes to a published project wait for a moderator: by the form, the API and the table
import, the public keeps seeing the published version until the moderation accepts."""

from __future__ import annotations

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse

from recensia.accounts.services import create_api_token
from recensia.opendata.tabular import import_table, read_table
from recensia.projects import services
from recensia.projects.models import ChangeProposal, Project, ProposalStatus, WorkflowState
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, make_project
from tests.projects.test_pages import visible_text

pytestmark = pytest.mark.django_db

PUBLISHED_TITLE = "Détection des fuites d'eau"
NEW_TITLE = "Détection prédictive des fuites du réseau"


@pytest.fixture(autouse=True)
def _mail_sent_at_commit(monkeypatch):
    """E-mails leave after the commit; a test's transaction never commits, so the
    callbacks run at once."""
    monkeypatch.setattr("recensia.core.mail.transaction.on_commit",
                        lambda func, using=None, robust=False: func())


@pytest.fixture
def setup():
    org = OrganizationFactory(name="Villefuite")
    member = MembershipFactory(organization=org).user
    moderator = UserFactory(moderator=True)
    project = make_project(owner=org, author=member, state=WorkflowState.PUBLISHED,
                           title=PUBLISHED_TITLE, results_summary="Rien de mesuré.")
    return {"org": org, "member": member, "moderator": moderator, "project": project}


def _visitor_sees(client, project) -> str:
    client.logout()
    return visible_text(client.get(project.get_absolute_url()))


def _accept_over_http(client, moderator, project) -> None:
    proposal = ChangeProposal.objects.get(project=project, status=ProposalStatus.PENDING)
    client.force_login(moderator)
    page = client.get(proposal.get_absolute_url())
    assert page.status_code == 200
    text = visible_text(page)
    assert "Titre" in text and PUBLISHED_TITLE in text and NEW_TITLE in text
    response = client.post(proposal.get_absolute_url(), {"decision": "accepter"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.decided_by == moderator


def _edit_payload(project, **overrides):
    values = {"owner": project.owner_id, "kind": project.kind, "title": project.title,
              "short_description": project.short_description, "status": project.status,
              "decision_role": project.decision_role, "secnumcloud": project.secnumcloud,
              "open_source": project.open_source, "personal_data": project.personal_data,
              "dpia_done": project.dpia_done, "fria_done": project.fria_done,
              "results_summary": project.results_summary, "version": project.version,
              "domains": [d.pk for d in project.domains.all()],
              "techniques": [t.pk for t in project.techniques.all()],
              "indicateurs-TOTAL_FORMS": 0, "indicateurs-INITIAL_FORMS": 0,
              "sources-TOTAL_FORMS": 1, "sources-INITIAL_FORMS": 1,
              "sources-0-url": "https://www.example.fr/article", "sources-0-title": "Article"}
    values.update(overrides)
    return values


def test_form_edit_of_a_published_project_waits_for_the_moderator(client, setup):
    project, member = setup["project"], setup["member"]
    client.force_login(member)
    response = client.post(reverse("projects:edit", args=[project.slug]),
                           _edit_payload(project, title=NEW_TITLE), follow=True)
    assert response.status_code == 200
    text = visible_text(response)
    assert "envoyées à l'équipe de modération" in text
    # The member sees the status of the change on the project page.
    assert "Modifications en attente de modération" in text and "titre" in text
    project.refresh_from_db()
    assert (project.title, project.version) == (PUBLISHED_TITLE, 1)
    visitor = _visitor_sees(client, project)
    assert PUBLISHED_TITLE in visitor and NEW_TITLE not in visitor
    assert "en attente de modération" not in visitor
    # The moderators are told.
    assert any("Modification à relire" in m.subject and setup["moderator"].email in m.to
               for m in mail.outbox)
    _accept_over_http(client, setup["moderator"], project)
    visitor = _visitor_sees(client, project)
    assert NEW_TITLE in visitor
    project.refresh_from_db()
    assert project.version == 2 and project.revisions.get(number=2).author == member
    assert any(member.email in m.to and "publiées" in m.subject for m in mail.outbox)


def test_api_edit_of_a_published_project_answers_202_and_waits(client, setup):
    project, member = setup["project"], setup["member"]
    _token, key = create_api_token(user=member, organization=setup["org"], name="Outil")
    response = client.patch(f"/api/v1/projets/{project.slug}",
                            {"title": NEW_TITLE, "version": 1},
                            content_type="application/json",
                            headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 202, response.json()
    assert response.json()["champs_en_attente"] == ["title"]
    public = client.get(f"/api/v1/projets/{project.slug}").json()
    assert public["title"] == PUBLISHED_TITLE
    assert NEW_TITLE not in _visitor_sees(client, project)
    _accept_over_http(client, setup["moderator"], project)
    client.logout()
    assert client.get(f"/api/v1/projets/{project.slug}").json()["title"] == NEW_TITLE


def test_table_import_of_a_published_project_waits_for_the_moderator(client, setup):
    project, member = setup["project"], setup["member"]
    setup["org"].insee_code = "99901"
    setup["org"].save()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["source_id", "title", "short_description", "owner_code"])
    writer.writerow([project.slug, NEW_TITLE, project.short_description, "99901"])
    report = import_table(read_table("maj.csv", out.getvalue().encode()), user=member)
    assert report.ok, str(report)
    assert (report.updated, report.proposed) == (0, 1)
    assert "1 envoyé(s) à la modération" in report.summary()
    project.refresh_from_db()
    assert project.title == PUBLISHED_TITLE
    assert NEW_TITLE not in _visitor_sees(client, project)
    _accept_over_http(client, setup["moderator"], project)
    assert NEW_TITLE in _visitor_sees(client, project)


def test_a_refused_change_leaves_the_published_version_and_the_author_sees_why(client, setup):
    project, member = setup["project"], setup["member"]
    services.update_project(project=project, author=member, expected_version=1,
                            data=services.ProjectData(fields={"title": NEW_TITLE}))
    proposal = ChangeProposal.objects.get(project=project)
    client.force_login(setup["moderator"])
    missing = client.post(proposal.get_absolute_url(), {"decision": "refuser", "reason": ""})
    assert "Ce champ est obligatoire" in visible_text(missing)
    client.post(proposal.get_absolute_url(),
                {"decision": "refuser", "reason": "Le nouveau titre n'est pas sourcé."})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REFUSED
    client.force_login(member)
    text = visible_text(client.get(project.get_absolute_url()))
    assert "Modifications refusées" in text and "Le nouveau titre n'est pas sourcé." in text
    project.refresh_from_db()
    assert project.title == PUBLISHED_TITLE
    assert any(member.email in m.to and "n'a pas publié vos modifications" in m.body
               for m in mail.outbox)


def test_a_second_edit_adds_to_the_pending_change(setup):
    project, member = setup["project"], setup["member"]
    colleague = MembershipFactory(organization=setup["org"]).user
    services.update_project(project=project, author=member, expected_version=1,
                            data=services.ProjectData(fields={"title": NEW_TITLE}))
    # The colleague starts from the published version and changes another field.
    services.update_project(project=project, author=colleague, expected_version=1,
                            data=services.ProjectData(fields={"title": PUBLISHED_TITLE,
                                                              "results_summary": "30 fuites"}))
    proposal = ChangeProposal.objects.get(project=project, status=ProposalStatus.PENDING)
    assert proposal.snapshot["title"] == NEW_TITLE
    assert proposal.snapshot["results_summary"] == "30 fuites"
    # Both changing the same field differently: the person chooses.
    with pytest.raises(services.MergeNeeded) as exc:
        services.update_project(project=project, author=colleague, expected_version=1,
                                data=services.ProjectData(fields={"title": "Troisième"}))
    assert [(c.mine, c.theirs) for c in exc.value.result.conflicts] == [
        ("Troisième", NEW_TITLE)]


def test_the_referent_goes_through_moderation_an_administrator_publishes_directly(setup):
    project = setup["project"]
    referent = MembershipFactory(organization=setup["org"], referent=True).user
    services.update_project(project=project, author=referent, expected_version=1,
                            data=services.ProjectData(fields={"title": NEW_TITLE}))
    project.refresh_from_db()
    assert project.title == PUBLISHED_TITLE
    assert ChangeProposal.objects.get(project=project).author_role == "Référent de Villefuite"
    admin = UserFactory(admin=True)
    services.update_project(project=project, author=admin, expected_version=1,
                            data=services.ProjectData(fields={"status_detail": "Coquille"}))
    project.refresh_from_db()
    assert (project.status_detail, project.version) == ("Coquille", 2)


def test_a_proposal_is_not_accepted_over_a_later_correction_of_the_same_field(setup):
    project = setup["project"]
    services.update_project(project=project, author=setup["member"], expected_version=1,
                            data=services.ProjectData(fields={"title": NEW_TITLE}))
    admin = UserFactory(admin=True)
    services.update_project(project=project, author=admin, expected_version=1,
                            data=services.ProjectData(fields={"title": "Titre corrigé"}))
    proposal = ChangeProposal.objects.get(project=project)
    with pytest.raises(services.ValidationError, match="a changé depuis"):
        services.accept_proposal(proposal=proposal, moderator=setup["moderator"])
    assert Project.objects.get(pk=project.pk).title == "Titre corrigé"


def test_only_moderators_decide_and_other_collectivites_see_nothing(client, setup):
    services.update_project(project=setup["project"], author=setup["member"],
                            expected_version=1,
                            data=services.ProjectData(fields={"title": NEW_TITLE}))
    proposal = ChangeProposal.objects.get()
    client.force_login(setup["member"])
    client.post(proposal.get_absolute_url(), {"decision": "accepter"})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING
    client.force_login(MembershipFactory().user)
    assert client.get(proposal.get_absolute_url()).status_code == 404
    with pytest.raises(services.PermissionDenied):
        services.accept_proposal(proposal=proposal, moderator=setup["member"])
