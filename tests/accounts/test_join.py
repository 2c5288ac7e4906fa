"""Joining a collectivité over HTTP (no JavaScript): search, choose, e-mails, decision,
invitation."""

import html
import re

import pytest
from django.core import mail
from django.urls import reverse

from recensia.accounts.models import Invitation, Membership, MembershipRole, MembershipStatus
from recensia.territories.models import OrganizationKind
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def visible(response) -> str:
    """The page's text as read on screen: no tags, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def homonyms(db):
    savoie = OrganizationFactory(kind=OrganizationKind.DEPARTEMENT, name="Savoie",
                                 insee_code="73", siren="", population=None)
    oise = OrganizationFactory(kind=OrganizationKind.DEPARTEMENT, name="Oise",
                               insee_code="60", siren="", population=None)
    return {
        "73": OrganizationFactory(name="Saint-Sulpice", departement=savoie, population=821,
                                  postal_codes="73160"),
        "60": OrganizationFactory(name="Saint-Sulpice", departement=oise, population=1079,
                                  postal_codes="60430"),
    }


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0).split("8000", 1)[-1]


def test_search_then_choose_sends_the_request_and_tells_the_referent(client, homonyms):
    referent = MembershipFactory(organization=homonyms["73"], referent=True).user
    UserFactory(moderator=True, email="moderation@recensia.example.fr")
    agent = UserFactory(email="secretaire@saint-sulpice73.fr")
    client.force_login(agent)

    page = text(client.get(reverse("accounts:join"), {"q": "saint sulpice"}))
    assert "2 collectivités correspondent à « saint sulpice »" in page
    assert "Commune · Savoie (73) · 821 habitants" in page
    assert "Commune · Oise (60) · 1\u202f079 habitants" in page
    assert page.count('type="radio"') == 2

    with_request = client.post(reverse("accounts:join"), {
        "q": "saint sulpice", "organization": homonyms["73"].pk,
        "job_title": "Secrétaire de mairie"})
    assert with_request.status_code == 302
    membership = Membership.objects.get(user=agent)
    assert membership.organization == homonyms["73"]
    assert membership.status == MembershipStatus.PENDING
    assert membership.job_title == "Secrétaire de mairie"
    # Only the référent is told (not the moderators), with a link to the decision page.
    assert [m.to for m in mail.outbox] == [[referent.email]]
    assert "Secrétaire de mairie" in mail.outbox[0].body
    assert link_in(mail.outbox[0]) == reverse("accounts:decision", args=[membership.pk])


def test_without_referent_the_moderators_are_told(client, homonyms):
    moderator = UserFactory(moderator=True)
    client.force_login(UserFactory())
    client.post(reverse("accounts:join"), {"q": "73160", "organization": homonyms["73"].pk,
                                           "job_title": "Maire adjoint"})
    assert [m.to for m in mail.outbox] == [[moderator.email]]


def test_a_choice_outside_the_list_or_no_choice_is_refused_in_french(client, homonyms):
    client.force_login(UserFactory())
    response = client.post(reverse("accounts:join"), {"q": "73160", "job_title": "Agent"})
    assert "Choisissez votre collectivité dans la liste." in text(response)
    other = OrganizationFactory(name="Ailleurs")
    response = client.post(reverse("accounts:join"), {"q": "73160", "organization": other.pk,
                                                      "job_title": "Agent"})
    assert "Choisissez votre collectivité dans la liste." in text(response)
    assert not Membership.objects.exists()


def test_an_unconfirmed_address_cannot_ask_yet(client, homonyms):
    client.force_login(UserFactory(unverified=True))
    page = text(client.get(reverse("accounts:join")))
    assert "Confirmez d'abord votre adresse électronique" in page
    response = client.post(reverse("accounts:join"), {
        "q": "73160", "organization": homonyms["73"].pk, "job_title": "Agent"})
    assert "Confirmez d'abord votre adresse électronique : ouvrez le lien" in text(response)
    assert not Membership.objects.exists()


def test_the_collectivite_page_offers_to_join_and_preselects_it(client, homonyms):
    commune = homonyms["60"]
    assert "Rejoindre cette collectivité" not in text(client.get(commune.get_absolute_url()))
    agent = UserFactory()
    client.force_login(agent)
    page = text(client.get(commune.get_absolute_url()))
    assert "Rejoindre cette collectivité" in page
    join = text(client.get(reverse("accounts:join"), {"collectivite": commune.url_code}))
    assert f'value="{commune.pk}" checked' in join
    client.post(reverse("accounts:join"), {"collectivite": commune.url_code,
                                           "organization": commune.pk, "job_title": "DGS"})
    page = text(client.get(commune.get_absolute_url()))
    assert "Rejoindre cette collectivité" not in page
    assert "attend la réponse d'un référent" in page


def test_the_choice_list_fragment_for_suggestions_as_you_type(client, homonyms):
    fragment = text(client.get(reverse("territories:choices"), {"q": "Saint-Sulpice (73)"}))
    assert fragment.count('type="radio"') == 1
    assert "Savoie (73)" in fragment and "Oise" not in fragment
    assert 'data-message="1 collectivité correspond' in fragment


@pytest.fixture
def request_to_decide(homonyms):
    return MembershipFactory(organization=homonyms["73"], pending=True,
                             user__email="jean.dupont@gmail.com", job_title="Stagiaire")


def test_the_decision_page_shows_what_helps_decide(client, homonyms, request_to_decide):
    colleague = MembershipFactory(organization=homonyms["73"], referent=True,
                                  user__first_name="Claire", user__last_name="Martin",
                                  job_title="Directrice générale des services")
    client.force_login(colleague.user)
    page = text(client.get(reverse("accounts:decision", args=[request_to_decide.pk])))
    assert "gmail.com" in page and "Messagerie personnelle" in page
    assert "Stagiaire" in page
    assert "Claire Martin" in page and "Directrice générale des services" in page


def test_a_professional_domain_is_not_flagged_and_known_domains_are_named(client, homonyms):
    MembershipFactory(organization=homonyms["60"], user__email="dgs@saint-sulpice.fr")
    pending = MembershipFactory(organization=homonyms["73"], pending=True,
                                user__email="accueil@saint-sulpice.fr")
    client.force_login(UserFactory(moderator=True))
    page = visible(client.get(reverse("accounts:decision", args=[pending.pk])))
    assert "saint-sulpice.fr" in page and "Messagerie personnelle" not in page
    assert "Des membres validés utilisent déjà ce domaine pour : Saint-Sulpice (60) ." in page


def test_a_refusal_needs_a_reason_which_the_agent_receives(client, homonyms, request_to_decide):
    client.force_login(MembershipFactory(organization=homonyms["73"], referent=True).user)
    url = reverse("accounts:decision", args=[request_to_decide.pk])
    response = client.post(url, {"decision": "refuse", "reason": "  "})
    assert "Expliquez le motif du refus" in text(response)
    request_to_decide.refresh_from_db()
    assert request_to_decide.status == MembershipStatus.PENDING
    assert mail.outbox == []

    client.post(url, {"decision": "refuse", "reason": "Adresse personnelle : écrivez-nous "
                                                      "depuis la messagerie de la mairie."})
    request_to_decide.refresh_from_db()
    assert request_to_decide.status == MembershipStatus.REFUSED
    assert [m.to for m in mail.outbox] == [["jean.dupont@gmail.com"]]
    assert "Motif : Adresse personnelle" in mail.outbox[0].body


def test_an_acceptance_as_referent_is_sent_to_the_agent(client, homonyms, request_to_decide):
    client.force_login(MembershipFactory(organization=homonyms["73"], referent=True).user)
    client.post(reverse("accounts:decision", args=[request_to_decide.pk]),
                {"decision": "referent"})
    request_to_decide.refresh_from_db()
    assert request_to_decide.status == MembershipStatus.ACTIVE
    assert request_to_decide.role == MembershipRole.REFERENT
    assert "est acceptée : vous êtes référent" in mail.outbox[0].body


def test_the_referent_of_another_collectivite_cannot_see_nor_decide(client, homonyms,
                                                                    request_to_decide):
    client.force_login(MembershipFactory(organization=homonyms["60"], referent=True).user)
    url = reverse("accounts:decision", args=[request_to_decide.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"decision": "accept"}).status_code == 403
    request_to_decide.refresh_from_db()
    assert request_to_decide.status == MembershipStatus.PENDING


def test_a_referent_invites_a_colleague_who_joins_by_the_link(client, homonyms):
    referent = MembershipFactory(organization=homonyms["73"], referent=True).user
    client.force_login(referent)
    response = client.post(reverse("accounts:invite"), {
        "organization": homonyms["73"].pk, "email": "Nouvelle.Collegue@Saint-Sulpice73.fr"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "nouvelle.collegue@saint-sulpice73.fr"
    assert [m.to for m in mail.outbox] == [[invitation.email]]
    link = link_in(mail.outbox[0])
    client.logout()

    # Someone else signed in cannot use it.
    client.force_login(UserFactory())
    client.post(link)
    assert not Membership.objects.filter(organization=homonyms["73"], role="member").exists()
    client.logout()

    # The colleague creates an account from the link and is a member at once.
    invitation_page = text(client.get(link))
    signup = re.search(r'href="(/compte/inscription/\?invitation=[^"]+)"', invitation_page)[1]
    client.post(signup, {"first_name": "Nora", "last_name": "Collègue",
                         "email": "nouvelle.collegue@saint-sulpice73.fr",
                         "password": "une phrase assez longue"})
    response = client.post(link)
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="nouvelle.collegue@saint-sulpice73.fr")
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.decided_by == referent
    assert membership.user.email_verified  # the link reached this mailbox
    assert client.get(link).status_code == 404  # used once


def test_only_referents_invite(client, homonyms):
    client.force_login(MembershipFactory(organization=homonyms["73"]).user)
    assert client.get(reverse("accounts:invite")).status_code == 403
    response = client.get(reverse("accounts:invite"),
                          {"collectivite": homonyms["73"].url_code})
    assert response.status_code == 403
    assert not Invitation.objects.exists()
