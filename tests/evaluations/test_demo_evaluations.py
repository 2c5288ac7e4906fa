"""The demonstration shows evaluations: the platform's pre-diagnoses, from public sources,
never presented as the collectivité's own declaration."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from recensia import compliance, footprint
from recensia.evaluations import services
from recensia.evaluations.models import AnsweredBy, ComplianceAssessment, FootprintAssessment
from recensia.projects.models import Project, ProjectKind
from tests.opendata.test_demo_import import demo, reference  # noqa: F401 - module fixtures

from ._pages import visible_text

pytestmark = pytest.mark.django_db
LABEL = "Pré-diagnostic établi par la plateforme à partir d'informations publiques"


@pytest.fixture(scope="module")
def loaded(demo, django_db_blocker):  # noqa: F811 - the imported fixture
    with django_db_blocker.unblock():
        return services.load_demo_evaluations()


def _both(kind=ProjectKind.AI_SYSTEM):
    with_fp = set(FootprintAssessment.objects.filter(answered_by=AnsweredBy.PLATEFORME)
                  .values_list("project_id", flat=True))
    with_cp = set(ComplianceAssessment.objects.filter(answered_by=AnsweredBy.PLATEFORME)
                  .values_list("project_id", flat=True))
    return Project.objects.filter(kind=kind, pk__in=with_fp & with_cp)


FIRST_TABLE = [f"cas-reels-{n:02d}" for n in range(1, 59)]


def test_at_least_40_of_the_51_ai_systems_have_both_pre_diagnoses(loaded):
    # The 51 AI systems of the first table of real cases (58 rows).
    first = Project.objects.filter(kind=ProjectKind.AI_SYSTEM, source_id__in=FIRST_TABLE)
    assert first.count() == 51
    assert _both().filter(source_id__in=FIRST_TABLE).count() >= 40
    assert not _both(ProjectKind.GOVERNANCE).exists()
    assert loaded.missing_projects == []


def test_every_pre_diagnosis_says_who_answered_and_from_which_source(loaded):
    for model in (FootprintAssessment, ComplianceAssessment):
        for a in model.objects.select_related("project"):
            assert a.answered_by == AnsweredBy.PLATEFORME and a.created_by is None
            assert a.source in set(a.project.sources.values_list("url", flat=True))
            assert a.confidence in {"faible", "moyenne", "elevee"} and a.basis


def test_silent_sources_leave_answers_unknown(loaded):
    optimus = ComplianceAssessment.objects.get(project__slug__startswith="optimus")
    legal = optimus.answers["legal"]
    assert "personal_data" not in legal and "profiling" not in legal
    assert legal["interacts_with_people"] is True
    nice = ComplianceAssessment.objects.get(
        project__title__icontains="reconnaissance faciale", project__owner__insee_code="06088")
    assert nice.tier == "high_risk"  # Annex III 1(a), with the GDPR Art. 9 rule
    assert "p_realtime_rbi_law_enforcement" not in nice.answers["legal"]


def test_pages_label_the_platform_pre_diagnosis(client, loaded):
    project = _both().order_by("slug").first()
    for name in ("evaluations:footprint", "evaluations:compliance"):
        text = visible_text(client.get(reverse(name, args=[project.slug])).content.decode())
        assert LABEL in text and "Ce n'est pas une déclaration de la collectivité" in text
    detail = client.get(project.get_absolute_url()).content.decode()
    assert "pré-diagnostic établi par la plateforme" in detail
    assert "non évaluée" not in detail


def test_api_marks_the_platform_as_the_one_who_answered(client, loaded):
    project = _both().order_by("slug").first()
    fp = client.get(f"/api/v1/projets/{project.slug}/empreinte").json()
    cp = client.get(f"/api/v1/projets/{project.slug}/conformite").json()
    for data in (fp, cp):
        assert data["answered_by"] == "plateforme" and data["source"].startswith("http")
        assert data["confidence"]
    assert "éq. CO2" in fp["display"]["gwp_kgco2e"]
    assert fp["result"]["total"]["gwp_kgco2e"]["central"] > 0  # raw values stay raw


def test_the_national_total_is_no_longer_zero(client, loaded):
    html = client.get(reverse("evaluations:national_footprint")).content.decode()
    assessed = FootprintAssessment.objects.values("project").distinct().count()
    assert assessed >= 40
    assert f"{assessed} projets, dont {assessed} pré-diagnostics établis par la plateforme" \
        in visible_text(html)
    assert "0 kg" not in visible_text(html)


def test_loading_again_changes_nothing(loaded):
    before = (FootprintAssessment.objects.count(), ComplianceAssessment.objects.count())
    again = services.load_demo_evaluations()
    assert again.created == 0 and again.unchanged == loaded.created
    assert (FootprintAssessment.objects.count(),
            ComplianceAssessment.objects.count()) == before


def test_a_collectivite_own_assessment_is_never_replaced(loaded):
    project = _both().order_by("slug").first()
    own = services.save_footprint(
        project=project, author=None, check_permission=False,
        inputs=footprint.Inputs(profiles=[footprint.ApiUsage(
            "mistralai", "mistral-small-latest", 10, use_case="résumé")]))
    report = services.load_demo_evaluations()
    assert report.kept_collectivite == 1 and report.created == 0
    assert project.footprint_assessments.first() == own


def test_the_demo_command_loads_the_pre_diagnoses_too(loaded):
    out = StringIO()
    call_command("load_demo", "--dry-run", stdout=out)
    assert "pré-diagnostics de la plateforme : 0 évaluation(s) créée(s)" in out.getvalue()


def test_pre_diagnoses_use_todays_rules(loaded):
    versions = set(ComplianceAssessment.objects.values_list("rules_version", flat=True))
    assert versions == {compliance.RULES_VERSION}
