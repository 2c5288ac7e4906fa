"""The catalogue: SIREN format, moderators only, the « reconnue » label and its history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from recensia.accounts.permissions import PermissionDenied
from recensia.solutions import services
from recensia.solutions.models import CompanyState, Solution, Vendor
from recensia.solutions.validators import siren_is_valid, validate_siren
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("siren", ["732829320", "552100554", "356000000", "130 025 265"])
def test_real_sirens_pass_the_luhn_check(siren):
    assert siren_is_valid(siren)
    validate_siren(siren)


@pytest.mark.parametrize("siren", ["732829321", "552100555", "123456789"])
def test_a_wrong_check_digit_is_refused_in_french(siren):
    with pytest.raises(ValidationError) as exc:
        validate_siren(siren)
    assert "chiffre de contrôle" in exc.value.messages[0]


def test_a_siren_that_is_not_nine_digits_is_refused():
    with pytest.raises(ValidationError, match="9 chiffres"):
        validate_siren("73282932")


def _solution(**values) -> Solution:
    return services.save_solution(author=UserFactory(moderator=True),
                                  values={"name": "Outil de test", "summary": "Un outil.",
                                          **values},
                                  vendor_name="Éditeur SAS", vendor_siren="732829320")


def test_only_moderators_edit_the_catalogue_a_vendor_cannot():
    solution = _solution()
    vendor_agent = UserFactory(email="commercial@editeur.example.fr")
    member = MembershipFactory().user
    for user in (vendor_agent, member):
        with pytest.raises(PermissionDenied):
            services.save_solution(author=user, solution=solution,
                                   values={"name": solution.name, "summary": "Le meilleur !"})
        with pytest.raises(PermissionDenied):
            services.set_recognition(solution=solution, author=user, recognised=True,
                                     reason="Je me reconnais", on=dt.date(2026, 11, 1))
    solution.refresh_from_db()
    assert solution.summary == "Un outil." and not solution.recognised


def test_recognition_needs_a_reason_and_keeps_its_date_and_history():
    solution = _solution()
    moderator = UserFactory(moderator=True)
    with pytest.raises(ValidationError) as exc:
        services.set_recognition(solution=solution, author=moderator, recognised=True,
                                 reason=" ", on=dt.date(2026, 11, 2))
    assert "Motif" in str(exc.value)
    services.set_recognition(solution=solution, author=moderator, recognised=True,
                             reason="Utilisée par 12 communes, code ouvert, hébergée en France",
                             on=dt.date(2026, 11, 2))
    solution.refresh_from_db()
    assert solution.recognised and solution.recognised_on == dt.date(2026, 11, 2)
    assert solution.recognised_by == moderator
    revisions = list(solution.revisions.order_by("number"))
    assert [r.action for r in revisions] == ["Création", "Label « reconnue » attribué"]
    assert set(revisions[-1].changed_fields) == {"recognised", "recognition_reason",
                                                 "recognised_on"}
    assert revisions[0].snapshot["recognised"] is False


def test_a_siren_with_a_wrong_check_digit_is_not_saved():
    with pytest.raises(ValidationError):
        services.save_solution(author=None, values={"name": "X", "summary": "Y"},
                               vendor_name="Éditeur faux", vendor_siren="732829321")
    assert not Vendor.objects.filter(name="Éditeur faux", siren="732829321").exists()


def test_company_activity_is_a_dated_moderator_check_kept_each_time():
    solution = _solution()
    moderator = UserFactory(moderator=True)
    with pytest.raises(PermissionDenied):
        services.record_vendor_check(vendor=solution.vendor, author=UserFactory(),
                                     state=CompanyState.ACTIVE, checked_on=dt.date(2026, 1, 5))
    services.record_vendor_check(vendor=solution.vendor, author=moderator,
                                 state=CompanyState.ACTIVE, checked_on=dt.date(2026, 1, 5))
    services.record_vendor_check(vendor=solution.vendor, author=moderator,
                                 state=CompanyState.CEASED, checked_on=dt.date(2026, 11, 20),
                                 note="Radiée")
    vendor = Vendor.objects.get(pk=solution.vendor.pk)
    assert vendor.checks.count() == 2
    assert vendor.last_check.state == CompanyState.CEASED
    assert vendor.last_check.checked_on == dt.date(2026, 11, 20)
    with pytest.raises(ValidationError, match="futur"):
        services.record_vendor_check(vendor=vendor, author=moderator,
                                     state=CompanyState.ACTIVE,
                                     checked_on=dt.date.today() + dt.timedelta(days=1))


def test_moderation_page_is_closed_to_members(client):
    solution = _solution()
    client.force_login(MembershipFactory().user)
    assert client.get(f"/solutions/{solution.slug}/moderation/").status_code == 403
    client.force_login(UserFactory(moderator=True))
    response = client.post(f"/solutions/{solution.slug}/moderation/", {
        "form": "label", "recognised": "yes", "reason": "Retours très positifs",
        "on": "2026-11-03"})
    assert response.status_code == 302
    page = client.get(f"/solutions/{solution.slug}/").content.decode()
    assert "Pourquoi cette solution est reconnue" in page and "3 novembre 2026" in page


def test_a_moderator_adds_a_solution_a_wrong_siren_is_named_on_the_form(client):
    form = {"name": "Assistant des marchés", "summary": "Aide à rédiger les marchés.",
            "open_source": "yes", "licence": "EUPL-1.2", "secnumcloud": "unknown",
            "pricing": "free", "accessibility": "unknown", "deployments": ["on_premise"],
            "vendor_name": "Coopérative libre", "vendor_siren": "732 829 321"}
    client.force_login(MembershipFactory().user)
    assert client.post("/solutions/nouvelle/", form).status_code == 403
    client.force_login(UserFactory(moderator=True))
    response = client.post("/solutions/nouvelle/", form)
    assert response.status_code == 200
    assert "SIREN du fournisseur" in response.content.decode()
    assert "chiffre de contrôle" in response.content.decode()
    assert not Solution.objects.filter(name="Assistant des marchés").exists()
    response = client.post("/solutions/nouvelle/", {**form, "vendor_siren": "732 829 320"})
    solution = Solution.objects.get(name="Assistant des marchés")
    assert response.status_code == 302 and response["Location"] == f"/solutions/{solution.slug}/"
    assert (solution.vendor.siren, solution.deployments, solution.licence) == (
        "732829320", ["on_premise"], "EUPL-1.2")
    assert [r.action for r in solution.revisions.all()] == ["Création"]
