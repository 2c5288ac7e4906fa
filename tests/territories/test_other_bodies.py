import pytest
from django.urls import reverse

from recensia.territories.models import Organization, OrganizationKind
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def departement():
    # A code absent from the official list: the reference data may be loaded in this package.
    return OrganizationFactory(kind=OrganizationKind.DEPARTEMENT, insee_code="98", siren="",
                               name="Var")


def test_moderator_adds_a_public_body_from_the_ui(client, departement):
    client.force_login(UserFactory(moderator=True))
    response = client.post(reverse("www:other_body_create"), {
        "name": "SDIS du Var", "other_type": "sdis", "departement_code": "98"})
    body = Organization.objects.get(name="SDIS du Var")
    assert response.status_code == 302 and response["Location"] == body.get_absolute_url()
    assert body.kind == OrganizationKind.OTHER and body.departement == departement
    assert client.get(body.get_absolute_url()).status_code == 200


def test_unknown_departement_is_named_and_nothing_is_created(client, departement):
    client.force_login(UserFactory(moderator=True))
    response = client.post(reverse("www:other_body_create"), {
        "name": "Syndicat des eaux", "other_type": "syndicat", "departement_code": "999"})
    assert "Aucun département n&#x27;a le code « 999 »" in response.content.decode()
    assert not Organization.objects.filter(name="Syndicat des eaux").exists()


def test_a_member_cannot_add_a_public_body(client, departement):
    client.force_login(MembershipFactory().user)
    response = client.post(reverse("www:other_body_create"), {
        "name": "SDIS du Var", "other_type": "sdis"})
    assert response.status_code == 403
    assert not Organization.objects.filter(name="SDIS du Var").exists()
