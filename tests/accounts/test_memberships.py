import pytest
from django.urls import reverse

from recensia.accounts.models import MembershipStatus
from tests.factories import MembershipFactory, make_project

pytestmark = pytest.mark.django_db


def test_a_member_leaves_and_loses_the_rights_but_nothing_is_deleted(client):
    membership = MembershipFactory()
    project = make_project(owner=membership.organization)
    client.force_login(membership.user)
    response = client.post(reverse("accounts:end_membership", args=[membership.pk]))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ENDED  # kept, with who and when
    assert membership.decided_by == membership.user
    refused = client.get(reverse("projects:edit", args=[project.slug]))
    assert refused.status_code == 403
    assert "Seuls les membres de la collectivité porteuse" in refused.content.decode()


def test_nobody_else_ends_a_membership(client):
    membership = MembershipFactory()
    client.force_login(MembershipFactory().user)
    response = client.post(reverse("accounts:end_membership", args=[membership.pk]))
    assert response.status_code == 403
    assert "Vous ne pouvez pas retirer ce membre." in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
