import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recensia.projects import services
from recensia.projects.models import WorkflowState
from recensia.search.state import STATE
from tests.factories import MembershipFactory, make_project

pytestmark = pytest.mark.django_db


def test_visitor_page_is_reused_until_the_project_changes(client, search_clock):
    project = make_project(title="Détection des fuites", state=WorkflowState.PUBLISHED)
    first = client.get(project.get_absolute_url())
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        again = client.get(project.get_absolute_url())
    assert again.content == first.content
    assert len(queries) == 1  # the version stamp of the project, no page rebuild
    # Once the index's delay has passed, it also reads the change log: still no rebuild.
    search_clock.advance(STATE.check_seconds)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(project.get_absolute_url()).content == first.content
    assert len(queries) == 2
    services.update_project(project=project, author=None, expected_version=None,
                            data=services.ProjectData(fields={"title": "Fuites : nouveau titre"}),
                            check_permissions=False)
    assert "Fuites : nouveau titre" in client.get(project.get_absolute_url()).content.decode()


def test_members_always_get_a_fresh_page(client):
    member = MembershipFactory()
    project = make_project(owner=member.organization, state=WorkflowState.PUBLISHED)
    client.get(project.get_absolute_url())  # cached for visitors
    client.force_login(member.user)
    assert "Gérer la fiche" in client.get(project.get_absolute_url()).content.decode()


def test_an_archived_project_is_not_served_from_the_cache(client):
    project = make_project(state=WorkflowState.PUBLISHED)
    assert client.get(project.get_absolute_url()).status_code == 200
    project.state = WorkflowState.ARCHIVED
    project.save(update_fields=["state"])
    assert client.get(project.get_absolute_url()).status_code == 404
