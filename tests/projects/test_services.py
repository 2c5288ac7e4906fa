import pytest
from django.core.exceptions import ValidationError

from recensia.projects import services
from recensia.projects.models import ProjectStatus, WorkflowState
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return MembershipFactory().user


def _data(project, **fields):
    return services.ProjectData(fields=fields)


def test_every_change_is_recorded_with_author_fields_and_values(member):
    org = member.memberships.get().organization
    project = make_project(owner=org, author=member)
    services.update_project(project=project, author=member, expected_version=1,
                            data=_data(project, title="Fuites : détection prédictive",
                                       status=ProjectStatus.PILOT))
    revisions = list(project.revisions.order_by("number"))
    assert [r.number for r in revisions] == [1, 2]
    last = revisions[-1]
    assert last.author == member
    assert set(last.changed_fields) == {"title", "status"}
    assert revisions[0].snapshot["title"] == "Détection des fuites d'eau"
    assert last.snapshot["title"] == "Fuites : détection prédictive"


def test_saving_without_change_creates_no_version(member):
    project = make_project(owner=member.memberships.get().organization, author=member)
    services.update_project(project=project, author=member, expected_version=1,
                            data=_data(project, title=project.title))
    project.refresh_from_db()
    assert project.version == 1
    assert project.revisions.count() == 1


def test_second_concurrent_editor_keeps_both_changes_when_fields_differ(member):
    org = member.memberships.get().organization
    colleague = MembershipFactory(organization=org).user
    project = make_project(owner=org, author=member)
    # Both open the form at version 1; the colleague saves first.
    services.update_project(project=project, author=colleague, expected_version=1,
                            data=_data(project, results_summary="15 fuites en 10 jours"))
    services.update_project(project=project, author=member, expected_version=1,
                            data=_data(project, title="Autre titre"))
    project.refresh_from_db()
    assert project.results_summary == "15 fuites en 10 jours"
    assert project.title == "Autre titre"
    assert project.version == 3


def test_restore_brings_back_fields_lists_and_keeps_history(member):
    org = member.memberships.get().organization
    partner = OrganizationFactory()
    project = make_project(owner=org, author=member)
    services.update_project(
        project=project, author=member, expected_version=1,
        data=services.ProjectData(fields={"title": "Nouveau titre"}, partners=[(partner,
                                                                                "partner")],
                                  indicators=[{"label": "Fuites détectées", "value_before": 75,
                                               "value_after": 150, "unit": "fuites/an"}],
                                  sources=[]))
    project.refresh_from_db()
    assert project.sources.count() == 0
    services.restore_revision(project=project, revision=project.revisions.get(number=1),
                              author=member, expected_version=2)
    project.refresh_from_db()
    assert project.title == "Détection des fuites d'eau"
    assert project.partnerships.count() == 0
    assert project.indicators.count() == 0
    assert list(project.sources.values_list("url", flat=True)) == ["https://www.example.fr/article"]
    assert project.version == 3
    assert project.revisions.get(number=3).action == "Restauration de la version 1"


def test_stopped_project_needs_a_reason(member):
    project = make_project(owner=member.memberships.get().organization, author=member)
    with pytest.raises(ValidationError) as exc:
        services.update_project(project=project, author=member, expected_version=1,
                                data=_data(project, status=ProjectStatus.STOPPED))
    assert "status_reason" in exc.value.message_dict
    project.refresh_from_db()
    assert project.status == ProjectStatus.IDEA  # nothing half-written
    assert project.revisions.count() == 1


def test_owner_cannot_also_be_partner(member):
    org = member.memberships.get().organization
    project = make_project(owner=org, author=member)
    with pytest.raises(ValidationError) as exc:
        services.update_project(project=project, author=member, expected_version=1,
                                data=services.ProjectData(fields={}, partners=[(org, "partner")]))
    assert "porte déjà le projet" in exc.value.message_dict["partner_codes"][0]


def test_workflow_draft_submitted_published_rejected_archived(member):
    moderator = UserFactory(moderator=True)
    project = make_project(owner=member.memberships.get().organization, author=member)
    services.submit_project(project=project, author=member)
    project.refresh_from_db()
    assert project.state == WorkflowState.SUBMITTED
    services.reject_project(project=project, moderator=moderator, reason="Sources manquantes")
    project.refresh_from_db()
    assert project.state == WorkflowState.REJECTED
    assert project.rejection_reason == "Sources manquantes"
    services.submit_project(project=project, author=member)
    services.publish_project(project=project, moderator=moderator)
    project.refresh_from_db()
    assert project.state == WorkflowState.PUBLISHED
    assert project.published_at is not None
    services.archive_project(project=project, author=member)
    project.refresh_from_db()
    assert project.state == WorkflowState.ARCHIVED
    # A member taking it out of the archive sends it back to moderation.
    services.unarchive_project(project=project, author=member)
    project.refresh_from_db()
    assert project.state == WorkflowState.SUBMITTED
    actions = list(project.revisions.order_by("number").values_list("action", flat=True))
    assert actions == ["Création", "Soumis à la modération", "Refusé", "Soumis à la modération",
                       "Publié", "Archivé", "Sorti des archives"]


def test_reject_needs_a_reason(member):
    moderator = UserFactory(moderator=True)
    project = make_project(owner=member.memberships.get().organization, author=member)
    services.submit_project(project=project, author=member)
    with pytest.raises(ValidationError):
        services.reject_project(project=project, moderator=moderator, reason="  ")


def test_incomplete_draft_cannot_be_submitted(member):
    org = member.memberships.get().organization
    project = services.create_project(
        author=member, data=services.ProjectData(
            fields={"title": "Idée", "short_description": "Une idée."}, owner=org))
    with pytest.raises(ValidationError) as exc:
        services.submit_project(project=project, author=member)
    assert "au moins un domaine" in exc.value.messages[0]


def test_slug_is_unique_and_stable(member):
    org = member.memberships.get().organization
    a = make_project(owner=org, author=member)
    b = make_project(owner=org, author=member)
    assert a.slug == "detection-des-fuites-deau"
    assert b.slug == "detection-des-fuites-deau-2"
    services.update_project(project=a, author=member, expected_version=1,
                            data=_data(a, title="Tout autre chose"))
    a.refresh_from_db()
    assert a.slug == "detection-des-fuites-deau"


def test_moderation_events_send_emails(member, mailoutbox, django_capture_on_commit_callbacks):
    moderator = UserFactory(moderator=True, email="moderation@recensia.example.fr")
    project = make_project(owner=member.memberships.get().organization, author=member)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_project(project=project, author=member)
    assert [m.to for m in mailoutbox] == [[moderator.email]]
    assert project.title in mailoutbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_project(project=project, moderator=moderator, reason="Sources ?")
    assert mailoutbox[-1].to == [member.email]
    assert "Motif : Sources ?" in mailoutbox[-1].body
