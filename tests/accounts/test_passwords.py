"""Sign-up, address confirmation and password reset over HTTP."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()

SIGNUP = {"first_name": "Marie", "last_name": "Dupont", "email": "marie.dupont@mairie-x.fr"}


def text(response) -> str:
    return html.unescape(response.content.decode())


def path_of_link(message) -> str:
    url = re.search(r"https?://\S+", message.body).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.mark.parametrize("password, message", [
    (" " * 12, "ne peut pas être composé uniquement d'espaces"),
    ("marie.dupont@mairie-x.fr", "trop semblable"),
    ("court-1234", "trop court"),
    ("123456789012345", "entièrement numérique"),
])
def test_weak_passwords_are_refused_with_a_french_reason(client, password, message):
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "password": password})
    assert response.status_code == 200
    assert message in text(response)
    assert not User.objects.exists()


def test_sign_up_fields_tell_the_browser_what_they_hold(client):
    page = text(client.get(reverse("accounts:signup")))
    for name, autocomplete in [("first_name", "given-name"), ("last_name", "family-name"),
                               ("email", "email"), ("password", "new-password")]:
        assert re.search(rf'<input[^>]*name="{name}"[^>]*autocomplete="{autocomplete}"'
                         rf'|<input[^>]*autocomplete="{autocomplete}"[^>]*name="{name}"', page)
    login = text(client.get(reverse("accounts:login")))
    assert 'autocomplete="current-password"' in login and 'autocomplete="email"' in login


def test_sign_up_sends_a_link_that_confirms_the_address_once(client):
    response = client.post(reverse("accounts:signup"),
                           {**SIGNUP, "password": "une phrase assez longue"})
    assert response.status_code == 302
    user = User.objects.get()
    assert not user.email_verified
    assert [m.to for m in mail.outbox] == [[SIGNUP["email"]]]
    link = path_of_link(mail.outbox[0])
    assert link.startswith("/compte/confirmer/")
    assert client.get(link).status_code == 302
    user.refresh_from_db()
    assert user.email_verified
    again = client.get(link)  # the link works once
    assert again.status_code == 400
    assert "Ce lien de confirmation ne fonctionne plus" in text(again)


def test_a_forged_confirmation_link_confirms_nothing(client):
    user = UserFactory(unverified=True)
    response = client.get(reverse("accounts:confirm_email", args=["MQ", "faux-jeton"]))
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.email_verified


def test_the_confirmation_link_can_be_sent_again(client):
    user = UserFactory(unverified=True)
    client.force_login(user)
    assert "Confirmez votre adresse électronique" in text(client.get(reverse("www:me")))
    client.post(reverse("accounts:resend_confirmation"))
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_password_reset_by_email_end_to_end(client):
    user = UserFactory(email="agent@mairie-y.fr", unverified=True)
    page = text(client.get(reverse("accounts:login")))
    assert reverse("accounts:password_reset") in page  # « Mot de passe oublié ? »
    response = client.post(reverse("accounts:password_reset"), {"email": "AGENT@mairie-y.fr"})
    assert response.status_code == 302
    assert "Si un compte existe avec cette adresse" in text(client.get(response["Location"]))
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert mail.outbox[0].subject == "[RecensIA] Choisir un nouveau mot de passe"
    form_page = client.get(path_of_link(mail.outbox[0]), follow=True)
    assert "Choisir un nouveau mot de passe" in text(form_page)
    set_url = form_page.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "agent@mairie-y.fr",
                                 "new_password2": "agent@mairie-y.fr"})
    assert "trop semblable" in text(weak)
    done = client.post(set_url, {"new_password1": "nouvelle phrase secrète",
                                 "new_password2": "nouvelle phrase secrète"}, follow=True)
    assert "Mot de passe changé" in text(done)
    user.refresh_from_db()
    assert user.check_password("nouvelle phrase secrète")
    assert user.email_verified  # the link reached the mailbox
    logged = client.post(reverse("accounts:login"),
                         {"username": user.email, "password": "nouvelle phrase secrète"})
    assert logged.status_code == 302 and logged["Location"] == reverse("www:me")


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "inconnu@x.fr"},
                           follow=True)
    assert "Si un compte existe avec cette adresse" in text(response)
    assert mail.outbox == []
