"""What a result page says is true: no internal ids, no conclusion without answers, a
notice when the rules or constants changed since, and the same counts everywhere."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from recensia import compliance, footprint
from recensia.evaluations import selectors, services
from recensia.evaluations.models import ComplianceAssessment, FootprintAssessment
from recensia.projects.models import ProjectKind, ProjectStatus, WorkflowState
from tests.factories import MembershipFactory, OrganizationFactory, make_project

from ._pages import visible_text

pytestmark = pytest.mark.django_db

RULES = compliance.load_rules()
INTERNAL_IDS = sorted(
    ({r.id for r in RULES.rules} | set(RULES.question_ids) | set(RULES.facts)
     | {"high_risk_annex_iii", "undetermined", "decisive_role", "narrow_procedural"})
    - {"deepfake"})  # a French word too: « hypertrucage, ou deepfake »

ALL_NO = {f"q-{q['id']}": "no" for q in compliance.QUESTIONS if q["type"] == "bool"}
CASES = {
    "nothing answered": {"collectivite": ""},
    "exemption, decisive role": {"q-a3_public_benefits": "yes", "q-personal_data": "yes",
                                 "q-exemption_task": "decisive_role"},
    "exemption unknown": {"q-a3_public_benefits": "yes", "q-significant_change": ""},
    "legacy, change unknown": {**ALL_NO, "q-a3_public_benefits": "yes",
                               "q-in_service_before_high_risk_rules": "yes",
                               "q-significant_change": ""},
    "prohibited biometrics": {"q-p_realtime_rbi_law_enforcement": "yes"},
    "chatbot": {**ALL_NO, "q-interacts_with_people": "yes", "q-decides_individual": "partly"},
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_result_pages_never_show_internal_ids(client, case):
    html = client.post(reverse("evaluations:diagnostic"), CASES[case]).content.decode()
    text = visible_text(html.split('id="resultat"', 1)[1].split("<form", 1)[0])
    assert "Niveau de risque" in text
    leaked = [i for i in INTERNAL_IDS if re.search(rf"\b{i}\b", text)]
    assert leaked == []


def test_the_decisive_role_answer_is_not_reported_as_missing(client):
    html = client.post(reverse("evaluations:diagnostic"),
                       CASES["exemption, decisive role"]).content.decode()
    assert "rôle réel dans la décision" in html
    assert "Dérogation non examinée" not in html


def test_a_diagnostic_without_answers_does_not_say_minimal_risk(client):
    html = client.post(reverse("evaluations:diagnostic"), {"collectivite": ""}).content.decode()
    result = html.split('id="resultat"', 1)[1].split("<form", 1)[0]
    assert "Risque minimal" not in result
    assert "Niveau de risque à préciser" in result
    assert "impossible à conclure" in result
    for text in ("manipulatrices ou trompeuses", "infrastructure critique"):
        assert text in result  # the deciding questions are listed


# ------------------------------------------------------- older rules and constants

@pytest.fixture
def member_project():
    member = MembershipFactory(organization=OrganizationFactory(population=31_000))
    project = make_project(owner=member.organization, state=WorkflowState.PUBLISHED)
    return member.user, project


def test_an_assessment_made_with_older_rules_says_today_differs_and_recomputes(
        client, member_project):
    user, project = member_project
    services.save_compliance(project=project, author=user,
                             answers={"declared_role": "deployer"},
                             opportunity_answers={}, ethics_answers={})
    # as stored before this version of the rules: an empty questionnaire gave « minimal »
    old = ComplianceAssessment.objects.get()
    old.evaluation["legal"]["tier_label"] = "Risque minimal"
    ComplianceAssessment.objects.filter(pk=old.pk).update(
        rules_version="2026.11.26", engine_version="1.0.0", tier="minimal",
        evaluation=old.evaluation)
    client.force_login(user)
    html = client.get(reverse("evaluations:compliance", args=[project.slug])).content.decode()
    assert "calculé avec des règles plus anciennes" in html
    assert "Niveau de risque à préciser" in html and "au lieu de « Risque minimal »" in html
    assert reverse("evaluations:changes") in html
    assert reverse("evaluations:compliance_recompute", args=[project.slug, old.pk]) in html
    client.post(reverse("evaluations:compliance_recompute", args=[project.slug, old.pk]))
    latest = ComplianceAssessment.objects.first()
    assert latest.recomputed_from_id == old.pk
    assert latest.rules_version == compliance.RULES_VERSION
    assert ComplianceAssessment.objects.count() == 2  # the old result stays
    html = client.get(reverse("evaluations:compliance", args=[project.slug])).content.decode()
    assert "règles plus anciennes" not in html


def test_an_assessment_made_with_older_constants_shows_todays_figure(client, member_project):
    user, project = member_project
    inputs = footprint.Inputs(profiles=[footprint.SelfHosted(
        gpu_model=None, gpu_count=0, cpu_cores=16, ram_gb=64.0, hours_per_month=730.0,
        utilisation=0.5, pue=None, country="FRA")])
    services.save_footprint(project=project, author=user, inputs=inputs)
    old = FootprintAssessment.objects.get()
    FootprintAssessment.objects.filter(pk=old.pk).update(
        data_versions={**old.data_versions, "constants": "2026.11.1"})
    old.refresh_from_db()
    today = selectors.footprint_today(old)
    assert today.outdated and today.today_gwp is not None
    html = client.get(reverse("evaluations:footprint", args=[project.slug])).content.decode()
    assert "calculé avec une version plus ancienne du calcul" in html
    assert "2026.11.1" in html and footprint.CONSTANTS_VERSION in html
    assert "Recalculer" not in html  # a visitor cannot recompute
    client.force_login(user)
    html = client.get(reverse("evaluations:footprint", args=[project.slug])).content.decode()
    assert reverse("evaluations:footprint_recompute", args=[project.slug, old.pk]) in html


def test_a_current_assessment_has_no_notice(client, member_project):
    user, project = member_project
    services.save_compliance(project=project, author=user, answers={},
                             opportunity_answers={}, ethics_answers={})
    assert not selectors.compliance_today(ComplianceAssessment.objects.get()).outdated
    html = client.get(reverse("evaluations:compliance", args=[project.slug])).content.decode()
    assert "plus anciennes" not in html


def test_changes_page_lists_the_versions_in_service(client):
    html = client.get(reverse("evaluations:changes")).content.decode()
    assert compliance.RULES_VERSION in html and footprint.CONSTANTS_VERSION in html
    assert "28 novembre 2026" in html and "Article 25" in html and "1,77 t" in html
    entries = selectors.changes()
    assert {(e["subject"], e["version"]) for e in entries} >= {
        ("regles", compliance.RULES_VERSION), ("constantes", footprint.CONSTANTS_VERSION)}
    assert [e["date"] for e in entries] == sorted((e["date"] for e in entries), reverse=True)
    assert all(e["changes"] for e in entries)


def test_methodology_pages_link_to_the_changes(client):
    for name in ("evaluations:methodology", "evaluations:equivalences",
                 "evaluations:national_footprint"):
        html = client.get(reverse(name)).content.decode()
        assert reverse("evaluations:changes") in html, name


# ------------------------------------------------------- one selector for the counts

def test_api_statistics_equal_the_home_page_figures(client):
    org = OrganizationFactory()
    for status in (ProjectStatus.DEPLOYED, ProjectStatus.DEPLOYED, ProjectStatus.PILOT):
        make_project(owner=org, state=WorkflowState.PUBLISHED, status=status,
                     title=f"Système {status}")
    # two governance initiatives « adoptées »: not deployed AI systems
    for i in range(2):
        make_project(owner=org, state=WorkflowState.PUBLISHED, kind=ProjectKind.GOVERNANCE,
                     status=ProjectStatus.DEPLOYED, title=f"Charte {i}")
    api = client.get("/api/v1/statistiques").json()
    home = client.get(reverse("www:home")).context["figures"]
    assert api["projects"] == home["projects"] == 3
    assert api["governance"] == home["governance"] == 2
    assert api["by_status"]["deployed"] == home["deployed"] == 2
    assert api["by_status"].get("pilot") == home["pilot"] == 1
    assert api["governance_by_status"] == {"deployed": 2}
    assert sum(api["by_organization_kind"].values()) == api["projects"]
