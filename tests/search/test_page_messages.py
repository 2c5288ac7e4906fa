"""What the project page and the moderators' synonym page show of the search's work."""

import pytest

from recensia.projects import services
from recensia.projects.models import WorkflowState
from tests.factories import DomainFactory, OrganizationFactory, TechniqueFactory, UserFactory

pytestmark = pytest.mark.django_db


def _publish(title, short, vendor=None):
    data = services.ProjectData(
        fields={"title": title, "short_description": short}, owner=OrganizationFactory(),
        domains=[DomainFactory()], techniques=[TechniqueFactory()], vendor_name=vendor,
        sources=[{"url": "https://www.example.fr/article", "title": "Article"}])
    return services.create_project(author=None, data=data, check_permissions=False,
                                   state=WorkflowState.PUBLISHED)


def test_project_page_says_why_each_similar_project_is_shown(client):
    one = _publish("Caméras contre les dépôts sauvages", "Des caméras repèrent les dépôts "
                   "sauvages.", "Vizzia")
    _publish("Piéger les dépôts sauvages", "Caméras qui filment les dépôts sauvages.",
             "Vizzia")
    html = client.get(one.get_absolute_url()).content.decode()
    assert "Projets similaires" in html
    assert "Proposé pour : même usage (textes proches) ; même fournisseur (Vizzia)" in html


def test_moderators_write_one_way_expansions_and_get_a_clear_message(client):
    client.force_login(UserFactory(moderator=True))
    response = client.post("/moderation/synonymes/", {"terms": "déchets > encombrants, verre"})
    assert response.status_code == 302
    _publish("Collecte du verre", "Des colonnes à verre.")
    from recensia.search.selectors import search_projects

    assert search_projects(q="déchets").total == 1
    assert search_projects(q="verre").total == 1
    response = client.post("/moderation/synonymes/", {"terms": "a > b > c"})
    assert "Écrivez au plus un « &gt; »" in response.content.decode()
