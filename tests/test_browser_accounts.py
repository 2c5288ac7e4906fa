"""Accounts in a real browser (Debian's Chromium driven by Playwright): an agent joins her
commune by typing its name, the référent accepts from the e-mail; the postal-code case picks
the right commune; a forgotten password is reset from the e-mail. Skipped, and said so, when
Chromium is missing, unless REQUIRE_BROWSER=1 (see test_browser_journey.py).
"""

import re

import pytest
from django.core import mail

from recensia.accounts.models import Membership, MembershipStatus
from recensia.territories.models import OrganizationKind
from tests import test_browser_journey as journey
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

# The same Chromium (and the same skip when it is missing) as the main journey.
browser = journey.browser
PASSWORD, _login, _logout = journey.PASSWORD, journey._login, journey._logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _departement(code, name):
    return OrganizationFactory(kind=OrganizationKind.DEPARTEMENT, insee_code=code, name=name,
                               siren="", population=None)


def _path(message) -> str:
    url = re.search(r"https?://\S+", message.body).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def communes(db):
    savoie, oise, ain = _departement("73", "Savoie"), _departement("60", "Oise"), \
        _departement("01", "Ain")
    charente = _departement("17", "Charente-Maritime")
    return {
        "73": OrganizationFactory(name="Saint-Sulpice", departement=savoie, population=821,
                                  postal_codes="73160"),
        "60": OrganizationFactory(name="Saint-Sulpice", departement=oise, population=1079,
                                  postal_codes="60430"),
        "01": OrganizationFactory(name="Saint-Sulpice", departement=ain, population=260,
                                  postal_codes="01340"),
        # INSEE code 17250 but postal code 17240: never offered for « 17250 ».
        "mosnac": OrganizationFactory(name="Mosnac", insee_code="17250", departement=charente,
                                      population=494, postal_codes="17240"),
        "arnoult": OrganizationFactory(name="Saint-Sulpice-d'Arnoult", insee_code="17408",
                                       departement=charente, population=924,
                                       postal_codes="17250"),
        "trizay": OrganizationFactory(name="Trizay", insee_code="17453", departement=charente,
                                      population=1538, postal_codes="17250"),
    }


def test_an_agent_joins_her_commune_by_name_and_the_referent_accepts(live_server, browser,
                                                                      communes):
    referent = MembershipFactory(organization=communes["73"], referent=True,
                                 user__email="dgs@saint-sulpice73.fr",
                                 user__password=PASSWORD).user
    agent = UserFactory(email="accueil@saint-sulpice73.fr", password=PASSWORD)
    base = live_server.url
    page = browser.new_page(locale="fr-FR")

    _login(page, base, agent.email)
    page.get_by_role("link", name="Rejoindre une collectivité").click()
    # Suggestions as she types: the homonyms appear, each with its département.
    page.get_by_label("Nom, code postal, code INSEE ou SIREN").press_sequentially(
        "saint sulpice", delay=20)
    page.get_by_role("status").filter(has_text="4 collectivités correspondent").wait_for()
    labels = [label.splitlines() for label in page.locator("fieldset label").all_inner_texts()]
    assert labels[:3] == [["Saint-Sulpice", "Commune · Oise (60) · 1\u202f079 habitants"],
                          ["Saint-Sulpice", "Commune · Savoie (73) · 821 habitants"],
                          ["Saint-Sulpice", "Commune · Ain (01) · 260 habitants"]]
    assert labels[3][0] == "Saint-Sulpice-d'Arnoult"  # a name that holds it comes after
    page.get_by_text("Commune · Savoie (73) · 821 habitants").click()  # the label
    assert page.get_by_role("radio", name=re.compile("Savoie")).is_checked()
    page.get_by_label("Votre fonction").fill("Agent d'accueil")
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.get_by_text("Votre demande pour rejoindre Saint-Sulpice est envoyée").wait_for()
    membership = Membership.objects.get(user=agent)
    assert membership.organization == communes["73"]
    assert membership.status == MembershipStatus.PENDING
    _logout(page)

    # The référent receives the e-mail and accepts from its link.
    [request_mail] = [m for m in mail.outbox if m.to == [referent.email]]
    _login(page, base, referent.email)
    page.goto(f"{base}{_path(request_mail)}")
    assert page.get_by_text("saint-sulpice73.fr").first.is_visible()
    assert page.get_by_text("Agent d'accueil").first.is_visible()
    page.get_by_text("Accepter comme membre").click()
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.get_by_text("acceptée : un courriel l'en informe").wait_for()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert any(m.to == [agent.email] and "est acceptée" in m.body for m in mail.outbox)


def test_a_postal_code_offers_the_communes_it_serves(live_server, browser, communes):
    agent = UserFactory(email="mairie@saint-sulpice-darnoult.fr", password=PASSWORD)
    MembershipFactory(organization=communes["arnoult"], referent=True)
    base = live_server.url
    page = browser.new_page(locale="fr-FR", java_script_enabled=False)  # the plain path

    _login(page, base, agent.email)
    page.goto(f"{base}/compte/rejoindre/")
    page.get_by_label("Nom, code postal, code INSEE ou SIREN").fill("17250")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_text("17250 est un code postal : 2 communes desservies.").wait_for()
    labels = page.locator("fieldset label").all_inner_texts()
    assert [label.splitlines()[0] for label in labels] == ["Trizay", "Saint-Sulpice-d'Arnoult"]
    assert "Mosnac" not in page.content()
    page.get_by_text("Saint-Sulpice-d'Arnoult").click()
    page.get_by_label("Votre fonction").fill("Secrétaire de mairie")
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.get_by_text("est envoyée").wait_for()
    assert Membership.objects.get(user=agent).organization == communes["arnoult"]


def test_a_forgotten_password_is_reset_from_the_email(live_server, browser):
    agent = UserFactory(email="oubli@mairie-exemple.fr", password="ancien mot de passe")
    base = live_server.url
    page = browser.new_page(locale="fr-FR")

    page.goto(f"{base}/compte/connexion/")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    page.get_by_label("Adresse électronique de votre compte").fill(agent.email)
    page.get_by_role("button", name="Recevoir le lien").click()
    page.get_by_text("Si un compte existe avec cette adresse").wait_for()
    [reset_mail] = [m for m in mail.outbox if m.to == [agent.email]]

    page.goto(f"{base}{_path(reset_mail)}")
    page.get_by_label(re.compile(r"^\s*Nouveau mot de passe")).fill("une nouvelle phrase secrète")
    page.get_by_label("Confirmation du nouveau mot de passe").fill("une nouvelle phrase secrète")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    page.get_by_role("heading", name="Mot de passe changé").wait_for()

    page.get_by_role("link", name="Connectez-vous").click()
    page.get_by_label("Adresse électronique").fill(agent.email)
    page.get_by_label("Mot de passe").fill("une nouvelle phrase secrète")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{base}/compte/")
    agent.refresh_from_db()
    assert agent.check_password("une nouvelle phrase secrète")
