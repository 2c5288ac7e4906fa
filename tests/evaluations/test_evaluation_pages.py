import pytest
from django.urls import reverse

from recensia import compliance, footprint
from recensia.evaluations.models import ComplianceAssessment, FootprintAssessment
from recensia.projects.models import WorkflowState
from recensia.search.selectors import search_projects
from tests.factories import MembershipFactory, OrganizationFactory, make_project

pytestmark = pytest.mark.django_db

API_FORM = {
    "api-TOTAL_FORMS": 1, "api-INITIAL_FORMS": 0, "api-0-provider": "mistralai",
    "api-0-model": "mistral-small-latest", "api-0-requests_per_month": 12000,
    "api-0-use_case": "assistant téléphonique ou conversationnel",
    "service-TOTAL_FORMS": 0, "service-INITIAL_FORMS": 0,
    "serveur-TOTAL_FORMS": 0, "serveur-INITIAL_FORMS": 0,
    "appareils-TOTAL_FORMS": 1, "appareils-INITIAL_FORMS": 0, "appareils-0-device_class": "camera",
    "appareils-0-count": 20, "appareils-0-duty_cycle": 100, "appareils-0-country": "FRA",
    "entrainement-TOTAL_FORMS": 0, "entrainement-INITIAL_FORMS": 0,
    "gains-car_km": 500,
}


# Every yes/no question of the questionnaire answered « non »: enough to conclude.
ALL_NO = {f"q-{q['id']}": "no" for q in compliance.QUESTIONS if q["type"] == "bool"}


@pytest.fixture
def member_project():
    member = MembershipFactory(organization=OrganizationFactory(population=31_000))
    project = make_project(owner=member.organization, state=WorkflowState.PUBLISHED)
    return member.user, project


def test_member_assesses_footprint_and_result_is_stored_with_versions(client, member_project):
    user, project = member_project
    client.force_login(user)
    response = client.post(reverse("evaluations:footprint_edit", args=[project.slug]), API_FORM)
    assert response.status_code == 302
    assessment = FootprintAssessment.objects.get(project=project)
    assert assessment.engine_version == footprint.ENGINE_VERSION
    assert assessment.data_versions["ecologits"] == footprint.ECOLOGITS_VERSION
    stored = footprint.Inputs.from_dict(assessment.inputs)
    assert stored.profiles[0].model == "mistral-small-latest"
    assert assessment.gwp_central_kg == pytest.approx(footprint.assess(stored).total
                                                      .gwp_kgco2e.central)
    page = client.get(reverse("evaluations:footprint", args=[project.slug])).content.decode()
    assert "éq. CO2 par an" in page and "EcoLogits" in page
    assert "caméra" in page.lower()  # the dominant or listed term names the devices


def test_unknown_model_error_names_the_field_and_close_models(client, member_project):
    user, project = member_project
    client.force_login(user)
    data = {**API_FORM, "api-0-model": "mistral-smal"}
    response = client.post(reverse("evaluations:footprint_edit", args=[project.slug]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Modèle" in html and "mistral-small-latest" in html
    assert not FootprintAssessment.objects.exists()


def test_an_engine_error_shows_on_the_field_of_the_profile_it_names(client, member_project):
    user, project = member_project
    client.force_login(user)
    data = {**API_FORM, "api-TOTAL_FORMS": 2, "api-1-provider": "mistralai",
            "api-1-model": "mistral-smal", "api-1-requests_per_month": 10}
    html = client.post(reverse("evaluations:footprint_edit", args=[project.slug]),
                       data).content.decode()
    # The second usage's model field carries the message; the first one is untouched.
    second = html[html.index('for="id_api-1-model"') - 80:html.index('id="id_api-1-requests')]
    assert "fr-input-group--error" in second and "mistral-small-latest" in second
    first = html[html.index('for="id_api-0-model"') - 80:html.index('for="id_api-0-requests')]
    assert "fr-input-group--error" not in first
    assert "Usage d'IA générative n° 2 — Modèle : Modèle « mistral-smal » inconnu" in \
        html.replace("&#x27;", "'").replace("&quot;", '"')
    assert not FootprintAssessment.objects.exists()


def test_recompute_keeps_the_old_assessment(client, member_project):
    user, project = member_project
    client.force_login(user)
    client.post(reverse("evaluations:footprint_edit", args=[project.slug]), API_FORM)
    first = FootprintAssessment.objects.get()
    client.post(reverse("evaluations:footprint_recompute", args=[project.slug, first.pk]))
    assert FootprintAssessment.objects.count() == 2
    latest = FootprintAssessment.objects.first()
    assert latest.recomputed_from == first and latest.result["total"] == first.result["total"]
    page = client.get(reverse("evaluations:footprint", args=[project.slug])).content.decode()
    assert "Le recalcul donne exactement le même résultat." in page


def test_other_collectivite_cannot_assess(client, member_project):
    _user, project = member_project
    client.force_login(MembershipFactory().user)
    assert client.post(reverse("evaluations:footprint_edit", args=[project.slug]),
                       API_FORM).status_code == 403
    assert client.post(reverse("evaluations:compliance_edit", args=[project.slug]),
                       {"q-declared_role": "deployer"}).status_code == 403
    assert not FootprintAssessment.objects.exists()
    assert not ComplianceAssessment.objects.exists()


def test_compliance_answers_are_stored_and_feed_the_tier_facet(client, member_project):
    user, project = member_project
    client.force_login(user)
    response = client.post(reverse("evaluations:compliance_edit", args=[project.slug]), {
        **ALL_NO, "q-declared_role": "deployer", "q-interacts_with_people": "yes",
        "o-need": "Répondre aux appels", "o-non_ai_sufficient": "no"})
    assert response.status_code == 302
    assessment = ComplianceAssessment.objects.get(project=project)
    assert assessment.tier == "transparency"
    assert assessment.answers["legal"]["interacts_with_people"] is True
    assert assessment.rules_version and assessment.engine_version
    project.refresh_from_db()
    assert project.ai_act_tier == "transparency"
    assert [p.pk for p in search_projects(filters={"risque": ["transparency"]}).projects] == [
        project.pk]
    page = client.get(reverse("evaluations:compliance", args=[project.slug])).content.decode()
    assert "Obligations de transparence" in page and "art. 50" in page


def test_self_diagnosis_without_account_stores_nothing(client):
    response = client.post(reverse("evaluations:diagnostic"), {
        "q-declared_role": "deployer", "q-a3_public_benefits": "yes", "q-profiling": "yes",
        "q-personal_data": "yes"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Système à haut risque" in html and "5(a)" in html
    assert "AIPD obligatoire" in html
    assert not ComplianceAssessment.objects.exists()


def test_self_diagnosis_gives_nis2_status_from_the_code(client):
    OrganizationFactory(insee_code="99123", population=45_000, name="Grande-Ville")
    html = client.post(reverse("evaluations:diagnostic"), {
        "collectivite": "99123", "q-declared_role": "deployer"}).content.decode()
    assert "Entité essentielle" in html and "Grande-Ville" in html


@pytest.mark.parametrize(("fmt", "magic"), [("pdf", b"%PDF"), ("odt", b"PK"), ("docx", b"PK")])
def test_charter_downloads(client, fmt, magic):
    response = client.post(reverse("evaluations:charter"), {
        "collectivite_name": "Saint-Exemple", "principles": ["human_oversight"],
        "format": fmt})
    assert response.status_code == 200
    assert response.content.startswith(magic)
    assert "saint-exemple" in response["Content-Disposition"]


def test_national_and_collectivite_totals_add_latest_assessments(client, member_project):
    user, project = member_project
    client.force_login(user)
    client.post(reverse("evaluations:footprint_edit", args=[project.slug]), API_FORM)
    client.post(reverse("evaluations:footprint_edit", args=[project.slug]), API_FORM)
    latest = FootprintAssessment.objects.first()
    page = client.get(reverse("evaluations:national_footprint")).content.decode()
    assert "1 projet" in page  # two assessments of one project count once
    assert client.get(project.owner.get_absolute_url()).status_code == 200
    assert latest.gwp_central_kg > 0
