"""The public history (from the first publication, roles and collectivités, never an
e-mail address) and « Signaler une erreur » from the report to the answer."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from recensia.projects import services
from recensia.projects.models import ErrorReport, ReportStatus, WorkflowState
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, make_project
from tests.projects.test_pages import visible_text

pytestmark = pytest.mark.django_db
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@pytest.fixture(autouse=True)
def _mail_sent_at_commit(monkeypatch):
    monkeypatch.setattr("recensia.core.mail.transaction.on_commit",
                        lambda func, using=None, robust=False: func())


@pytest.fixture
def published():
    """A project written as a draft, submitted and published, then changed by a referent
    (accepted by a moderator without a name) and corrected by an administrator."""
    org = OrganizationFactory(name="Villefuite")
    nameless = MembershipFactory(organization=org, user__first_name="", user__last_name="",
                                 user__email="agent.sans.nom@villefuite.example.fr").user
    referent = MembershipFactory(organization=org, referent=True).user
    moderator = UserFactory(moderator=True, first_name="", last_name="",
                            email="mod@moderation.example.fr")
    project = make_project(owner=org, author=nameless, title="Brouillon interne",
                           contact_email="")
    services.update_project(project=project, author=nameless, expected_version=1,
                            data=services.ProjectData(fields={
                                "title": "Détection des fuites d'eau",
                                "results_summary": "Texte de travail à ne pas publier"}))
    services.update_project(project=project, author=nameless, expected_version=2,
                            data=services.ProjectData(fields={"results_summary": ""}))
    services.submit_project(project=project, author=nameless)
    services.publish_project(project=project, moderator=moderator)
    services.update_project(project=project, author=referent, expected_version=5,
                            data=services.ProjectData(fields={"status_detail": "Phase 2"}))
    services.accept_proposal(proposal=project.proposals.get(), moderator=moderator)
    project.refresh_from_db()
    return {"org": org, "project": project, "nameless": nameless, "referent": referent,
            "moderator": moderator}


def test_public_history_starts_at_publication_and_shows_no_email(client, published):
    project = published["project"]
    response = client.get(reverse("projects:history", args=[project.slug]))
    text = visible_text(response)
    assert not EMAIL.search(response.content.decode()), EMAIL.search(response.content.decode())
    assert "Version 5 — Publié" in text and "Première version publique" in text
    assert "par Équipe de modération" in text
    assert "Version 6" in text and "par Référent de Villefuite" in text
    assert "Phase 2" in text
    # Nothing from before the publication: no draft title, no working text.
    assert "Brouillon interne" not in text and "Texte de travail" not in text
    assert "Version 2" not in text


def test_members_and_moderators_see_the_full_history_without_email(client, published):
    project = published["project"]
    for viewer in (published["referent"], published["moderator"]):
        client.force_login(viewer)
        response = client.get(reverse("projects:history", args=[project.slug]))
        text = visible_text(response)
        assert "Brouillon interne" in text and "Texte de travail à ne pas publier" in text
        assert "Membre de Villefuite" in text
        assert f"{published['referent'].get_full_name()} (Référent de Villefuite)" in text
        assert not EMAIL.search(response.content.decode())


# ---------------------------------------------------------------- error reports

def test_report_flow_from_visitor_to_answer(client, published):
    project = published["project"]
    page = visible_text(client.get(project.get_absolute_url()))
    assert "Signaler une erreur" in page and "Signalement en cours" not in page
    form_url = reverse("projects:report", args=[project.slug])
    assert client.get(form_url).status_code == 200
    empty = client.post(form_url, {"message": ""})
    assert "Ce champ est obligatoire" in visible_text(empty)
    response = client.post(form_url, {
        "message": "Le projet est arrêté depuis mars.", "reporter_name": "Jeanne",
        "reporter_email": "jeanne@example.org"}, follow=True)
    due = timezone.localdate() + dt.timedelta(days=services.REPORT_ANSWER_DAYS)
    due_text = date_format(due, "j F Y")
    text = visible_text(response)
    assert f"Réponse au plus tard le {due_text}" in text
    # The page says it to every visitor (the cached copy follows).
    page = visible_text(client.get(project.get_absolute_url()))
    assert "Signalement en cours" in page and f"au plus tard le {due_text}" in page
    assert "jeanne@example.org" not in page and "arrêté depuis mars" not in page
    # The collectivité and the moderators are told by e-mail.
    told = [m for m in mail.outbox if "Erreur signalée" in m.subject]
    assert len(told) == 1
    assert {published["nameless"].email, published["referent"].email,
            published["moderator"].email} <= set(told[0].to)
    # A moderator answers from the moderation page.
    report = ErrorReport.objects.get()
    client.force_login(published["moderator"])
    queue = visible_text(client.get(reverse("www:moderation")))
    assert "Erreurs signalées (1)" in queue
    answer = client.post(report.get_absolute_url(), {
        "outcome": "corrected", "answer": "Merci, la collectivité met la fiche à jour."})
    assert answer.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ANSWERED and report.handled_by == published["moderator"]
    answered = [m.to for m in mail.outbox if "Signalement traité" in m.subject]
    # Both are told, neither sees the other's address.
    assert ["jeanne@example.org"] in answered
    assert any(published["referent"].email in to and "jeanne@example.org" not in to
               for to in answered)
    client.logout()
    assert "Signalement en cours" not in visible_text(client.get(project.get_absolute_url()))


def test_reports_are_limited_per_address_without_captcha(client, published):
    project = published["project"]
    form_url = reverse("projects:report", args=[project.slug])
    codes = [client.post(form_url, {"message": f"Erreur {i}"}).status_code for i in range(7)]
    assert codes == [302] * services.REPORT_RATE.count + [429] * (7 - services.REPORT_RATE.count)
    refused = client.post(form_url, {"message": "Encore une"})
    assert "réessayez dans" in visible_text(refused)
    assert ErrorReport.objects.count() == services.REPORT_RATE.count


def test_only_published_projects_take_reports_and_only_moderators_answer(client, published):
    draft = make_project(owner=published["org"], state=WorkflowState.DRAFT, title="Brouillon")
    assert client.get(reverse("projects:report", args=[draft.slug])).status_code == 404
    report = services.report_error(project=published["project"], message="Faux",
                                   client_key="test")
    client.force_login(published["referent"])
    assert client.post(report.get_absolute_url(), {"outcome": "corrected",
                                                   "answer": "Non"}).status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN
