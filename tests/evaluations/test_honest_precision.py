"""No figure on the key pages claims more than 3 significant digits."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recensia import footprint
from recensia.evaluations import services
from recensia.projects.models import WorkflowState
from tests.factories import MembershipFactory, OrganizationFactory, make_project

from ._pages import figures, too_precise

pytestmark = pytest.mark.django_db

CSV = (
    "timestamp,project_name,run_id,duration,emissions,emissions_rate,cpu_power,gpu_power,"
    "ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,"
    "country_iso_code,region,cloud_provider,cloud_region,os,python_version,"
    "codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,"
    "ram_total_size,tracking_mode,on_cloud,pue\n"
    "2026-03-01T10:00:00,prev,1,10800.123,0.0190351,1.7e-06,42.5,250.0,11.8,0.1275,"
    "0.75123,0.0354,0.913839,France,FRA,,,,Linux,3.11.9,2.8.3,16,Intel Xeon,1,"
    "NVIDIA A100-PCIE-40GB,2.35,48.85,31.4,machine,N,1.0\n"
)


@pytest.fixture
def assessed_project():
    member = MembershipFactory(organization=OrganizationFactory(population=48_213))
    project = make_project(owner=member.organization, state=WorkflowState.PUBLISHED)
    inputs = footprint.Inputs(
        profiles=[
            footprint.ApiUsage("openai", "gpt-4o", 123_457, use_case="rédaction"),
            footprint.SelfHosted(gpu_model="H100", gpu_count=2, cpu_cores=32, ram_gb=256.0,
                                 hours_per_month=730.0, utilisation=0.137, pue=None,
                                 requests_per_month=3_333, country="FRA"),
            footprint.EdgeDevices(device_class="camera", count=137, power_w=None,
                                  duty_cycle=1.0, lifetime_years=None, country="FRA"),
        ],
        trainings=[footprint.TrainingRun(codecarbon_csv=CSV, label="Réentraînement")],
        gains=footprint.Gains(water_m3=1234.5, energy_kwh=98_765.0, car_km=4321.0),
        inhabitants=48_213)
    services.save_footprint(project=project, author=member.user, inputs=inputs)
    services.save_compliance(
        project=project, author=member.user,
        answers={"declared_role": "deployer", "personal_data": True, "profiling": True,
                 "a3_public_benefits": True, "decides_individual": "partly",
                 "in_service_before_high_risk_rules": True, "significant_change": None},
        opportunity_answers={"need": "Instruire plus vite les demandes d'aide sociale",
                             "investment_eur": 123_456, "yearly_cost_eur": 12_345,
                             "years": 5},
        ethics_answers={})
    return project


def _page(client, name, *args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("name", ["evaluations:footprint", "evaluations:compliance"])
def test_project_result_pages_round_every_figure(client, assessed_project, name):
    html = _page(client, name, assessed_project.slug)
    assert figures(html)  # the page does show figures
    assert too_precise(html) == []


@pytest.mark.parametrize("name", ["evaluations:methodology", "evaluations:equivalences",
                                  "evaluations:national_footprint"])
def test_reference_pages_round_every_figure(client, assessed_project, name):
    html = _page(client, name)
    assert len(figures(html)) > 5
    assert too_precise(html) == []


def test_the_scanner_catches_a_falsely_precise_figure():
    assert too_precise("<p>56,039 g/kWh et +1531820 %</p>") == ["56,039", "1531820"]
    assert too_precise("<p>1 287 MWh</p>") == ["1287"]
    assert too_precise("<p>Règlement 2024/1689, art. L312-1-3, version 0.11.3, 2026</p>") == []


def test_equivalence_page_shows_the_ademe_round_trip(client):
    html = _page(client, "evaluations:equivalences")
    assert "1,77 t éq. CO2" in html
    assert "2,06" not in html and "2 060" not in html
