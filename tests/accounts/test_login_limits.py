"""Failed logins are limited per account and per address (django-axes), with a wait and a
French message, never a permanent lock; the client address comes from trusted proxies only."""

import html
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from recensia.core.http import client_ip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "mot-de-passe-solide-42"
WAIT_MESSAGE = "la connexion est suspendue pendant 15 minutes"


def attempt(client, email, password, **meta):
    return client.post(reverse("accounts:login"), {"username": email, "password": password},
                       **meta)


def statuses_of_30_wrong_passwords(client, email, meta_for):
    return [attempt(client, email, "mauvais", **meta_for(n)).status_code for n in range(30)]


def test_thirty_wrong_passwords_are_refused_after_ten_even_with_rotating_forwarded_for(client):
    user = UserFactory()
    statuses = statuses_of_30_wrong_passwords(
        client, user.email, lambda n: {"HTTP_X_FORWARDED_FOR": f"203.0.113.{n}"})
    # « incorrect » and the form again 9 times; the 10th failure starts the wait.
    assert statuses[:9] == [200] * 9
    assert statuses[9:] == [429] * 21
    locked = attempt(client, user.email, PASSWORD)  # even the right password waits
    assert locked.status_code == 429
    page = html.unescape(locked.content.decode())
    assert WAIT_MESSAGE in page and "pas bloqué définitivement" in page
    assert "_auth_user_id" not in client.session


def test_the_account_limit_holds_from_many_addresses(client):
    user = UserFactory()
    statuses = statuses_of_30_wrong_passwords(
        client, user.email, lambda n: {"REMOTE_ADDR": f"198.51.100.{n}"})
    assert statuses[:9] == [200] * 9 and statuses[9:] == [429] * 21


def test_the_account_is_named_without_case(client):
    user = UserFactory(email="agent@mairie.fr")
    for n in range(10):
        attempt(client, "AGENT@Mairie.fr" if n % 2 else "agent@mairie.fr", "mauvais",
                REMOTE_ADDR=f"198.51.100.{n}")
    assert attempt(client, user.email, PASSWORD, REMOTE_ADDR="192.0.2.1").status_code == 429


def test_one_address_trying_many_accounts_waits_too(client):
    users = [UserFactory() for _ in range(11)]
    statuses = [attempt(client, user.email, "mauvais").status_code for user in users[:10]]
    assert statuses == [200] * 9 + [429]
    assert attempt(client, users[10].email, PASSWORD).status_code == 429
    # Another address is not concerned.
    assert attempt(client, users[10].email, PASSWORD, REMOTE_ADDR="192.0.2.7").status_code == 302


def test_the_wait_ends_by_itself(client):
    user = UserFactory()
    statuses_of_30_wrong_passwords(client, user.email, lambda n: {})
    assert attempt(client, user.email, PASSWORD).status_code == 429
    for row in AccessAttempt.objects.all():  # 16 minutes later
        AccessAttempt.objects.filter(pk=row.pk).update(
            attempt_time=row.attempt_time - timedelta(minutes=16))
    assert attempt(client, user.email, PASSWORD).status_code == 302


def test_a_password_reset_ends_the_wait_for_that_account(client):
    from recensia.accounts import services

    user = UserFactory()
    statuses_of_30_wrong_passwords(client, user.email, lambda n: {"REMOTE_ADDR": f"10.0.0.{n}"})
    assert attempt(client, user.email, PASSWORD, REMOTE_ADDR="192.0.2.9").status_code == 429
    services.password_was_reset(user=user)
    assert attempt(client, user.email, PASSWORD, REMOTE_ADDR="192.0.2.9").status_code == 302


@pytest.mark.parametrize("count, forwarded, remote, expected", [
    (0, "203.0.113.9", "192.0.2.1", "192.0.2.1"),  # not behind a proxy: header ignored
    (1, "6.6.6.6, 203.0.113.9", "10.0.0.2", "203.0.113.9"),  # the proxy's entry, not the client's
    (2, "6.6.6.6, 203.0.113.9, 10.0.0.1", "10.0.0.2", "203.0.113.9"),
    (2, "203.0.113.9", "10.0.0.2", "10.0.0.2"),  # shorter than the chain: not trusted
    (1, "pas-une-adresse", "10.0.0.2", "10.0.0.2"),
])
def test_client_address(settings, count, forwarded, remote, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
    assert client_ip(request) == expected


def test_behind_a_trusted_proxy_the_address_limit_follows_the_real_client(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    users = [UserFactory() for _ in range(11)]
    for user in users[:10]:
        attempt(client, user.email, "mauvais", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert attempt(client, users[10].email, PASSWORD,
                   HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    # Another client behind the same proxy is not concerned; a forged left part changes nothing.
    assert attempt(client, users[10].email, PASSWORD,
                   HTTP_X_FORWARDED_FOR="203.0.113.5, 203.0.113.6").status_code == 302
