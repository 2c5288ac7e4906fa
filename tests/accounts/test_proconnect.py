"""Signing in with ProConnect, against a local OpenID Connect provider (no outside network)."""

import html
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.contrib.auth import get_user_model
from django.urls import reverse

from recensia.territories.models import OrganizationKind
from tests.accounts.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
FAILURE = "La connexion avec ProConnect n'a pas abouti."

AGENT = {"sub": "b6048e95bb134ec5b1d1e1fa69f287172e91722b9354d637a1bcf2ebb0fd2ef5v1",
         "email": "claire.martin@mairie-bourges.fr", "given_name": "Claire",
         "usual_name": "Martin", "siret": "21180033900017"}


@pytest.fixture(scope="module")
def provider():
    server = Provider().start()
    yield server
    server.stop()


@pytest.fixture
def proconnect(provider, settings):
    settings.PROCONNECT_CLIENT_ID = CLIENT_ID
    settings.PROCONNECT_CLIENT_SECRET = CLIENT_SECRET
    settings.PROCONNECT_DISCOVERY_URL = provider.discovery_url
    provider.reset(claims=dict(AGENT))
    return provider


@pytest.fixture
def bourges(db):
    return OrganizationFactory(name="Bourges", insee_code="18033", siren="211800339",
                               kind=OrganizationKind.COMMUNE)


def sign_in(client):
    """The whole round trip: the site sends the browser to ProConnect, which sends it back."""
    start = client.get(reverse("accounts:proconnect_login"))
    assert start.status_code == 302
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    back = urlparse(at_provider.headers["Location"])
    assert back.path == reverse("accounts:proconnect_callback")
    return client.get(f"{back.path}?{back.query}")


def messages_of(client, response):
    return html.unescape(client.get(response["Location"]).content.decode())


def test_first_sign_in_creates_the_account_and_suggests_the_collectivite(client, proconnect,
                                                                       bourges):
    response = sign_in(client)
    user = User.objects.get(email=AGENT["email"])
    assert (user.first_name, user.last_name, user.proconnect_sub) == (
        "Claire", "Martin", AGENT["sub"])
    assert user.email_verified and not user.has_usable_password()
    assert int(client.session["_auth_user_id"]) == user.pk
    # The SIRET's first 9 digits are the commune's SIREN: the join page opens on it.
    assert response["Location"] == f"{reverse('accounts:join')}?collectivite=18033"
    page = messages_of(client, response)
    assert f'value="{bourges.pk}" checked' in page
    assert "Vous êtes connecté avec ProConnect." in page
    # Through the discovery document; the ID token and the signed userinfo are both checked
    # against the provider's keys (the provider itself checks the secret and PKCE).
    assert proconnect.requests == ["/.well-known/openid-configuration", "/authorize",
                                   "/token", "/jwks", "/userinfo", "/jwks"]


def test_the_next_sign_in_finds_the_same_account(client, proconnect, bourges):
    sign_in(client)
    client.logout()
    proconnect.reset(claims={**AGENT, "email": "c.martin@mairie-bourges.fr"})
    sign_in(client)
    assert User.objects.count() == 1  # found by its ProConnect identifier
    assert int(client.session["_auth_user_id"]) == User.objects.get().pk


def test_a_local_account_with_the_same_address_is_linked_and_keeps_its_password(
        client, proconnect, bourges):
    local = UserFactory(email=AGENT["email"], first_name="Claire", last_name="Martin")
    MembershipFactory(user=local, organization=bourges)
    response = sign_in(client)
    local.refresh_from_db()
    assert local.proconnect_sub == AGENT["sub"]
    assert local.check_password("mot-de-passe-solide-42")
    assert response["Location"] == reverse("www:me")  # already a member: no suggestion


def test_a_refusal_at_proconnect_signs_nobody_in(client, proconnect):
    proconnect.reset(refuse=True, claims=dict(AGENT))
    response = sign_in(client)
    assert response["Location"] == reverse("accounts:login")
    assert FAILURE in messages_of(client, response)
    assert not User.objects.exists() and "_auth_user_id" not in client.session


@pytest.mark.parametrize("misbehaviour", [
    {"tamper": True},  # payload changed after signing
    {"foreign_key": True},  # signed by another key
    {"audience": "un-autre-service"},  # token meant for another site
])
def test_a_tampered_or_misdirected_token_is_refused(client, proconnect, misbehaviour):
    proconnect.reset(claims=dict(AGENT), **misbehaviour)
    response = sign_in(client)
    assert response["Location"] == reverse("accounts:login")
    assert FAILURE in messages_of(client, response)
    assert not User.objects.exists() and "_auth_user_id" not in client.session


def test_a_forged_answer_is_refused_without_an_error_page(client, proconnect):
    client.get(reverse("accounts:proconnect_login"))
    response = client.get(reverse("accounts:proconnect_callback"),
                          {"code": "invente", "state": "invente"})
    assert response.status_code == 302
    assert FAILURE in messages_of(client, response)
    assert "_auth_user_id" not in client.session


def test_signing_out_signs_out_of_proconnect_too(client, proconnect, bourges):
    sign_in(client)
    response = client.post(reverse("accounts:logout"))
    target = urlparse(response["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{proconnect.base}/session/end"
    assert parse_qs(target.query)["id_token_hint"]
    assert "_auth_user_id" not in client.session


def test_off_when_not_configured(client, settings):
    settings.PROCONNECT_CLIENT_ID = ""
    assert client.get(reverse("accounts:proconnect_login")).status_code == 404
    assert client.get(reverse("accounts:proconnect_callback")).status_code == 404
    assert "ProConnect" not in client.get(reverse("accounts:login")).content.decode()


def test_the_login_page_offers_proconnect_when_configured(client, proconnect):
    page = html.unescape(client.get(reverse("accounts:login")).content.decode())
    assert "Se connecter avec ProConnect" in page
