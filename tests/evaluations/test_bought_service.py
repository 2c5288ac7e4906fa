"""The footprint of a service bought from a vendor, described with what a buyer knows."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from recensia import footprint
from recensia.evaluations.models import FootprintAssessment
from recensia.projects.models import Vendor, WorkflowState
from tests.factories import MembershipFactory, OrganizationFactory, make_project

from ._pages import too_precise, visible_text

pytestmark = pytest.mark.django_db

EMPTY_PARTS = {f"{prefix}-{key}": 0 for prefix in ("api", "serveur", "appareils", "entrainement")
               for key in ("TOTAL_FORMS", "INITIAL_FORMS")}
SERVICE = {**EMPTY_PARTS, "service-TOTAL_FORMS": 1, "service-INITIAL_FORMS": 0,
           "service-0-service": "chatbot", "service-0-volume": "1 200",
           "service-0-volume_unit": "conversations", "service-0-provider": "",
           "service-0-model": "", "service-0-vendor": "Publidia"}
ZONE_CODES = re.compile(r"\b(SWE|USA|FRA|DEU|IRL|WOR)\b")


@pytest.fixture
def buyer():
    member = MembershipFactory(organization=OrganizationFactory(population=924))
    project = make_project(owner=member.organization, state=WorkflowState.DRAFT,
                           title="Assistant du site de la mairie",
                           solution_name="Publidia Assistant")
    project.vendor = Vendor.objects.create(name="Publidia")
    project.save(update_fields=["vendor"])
    return member.user, project


def test_the_form_offers_a_bought_service_prefilled_and_a_searchable_model_list(client, buyer):
    user, project = buyer
    client.force_login(user)
    html = client.get(reverse("evaluations:footprint_edit", args=[project.slug])).content.decode()
    assert "J'utilise un service acheté" in html
    assert 'name="service-0-vendor"' in html and 'value="Publidia"' in html
    assert 'list="modeles-connus"' in html and '<datalist id="modeles-connus">' in html
    assert '<option value="mistral-small-latest">' in html
    assert "Consultez la liste" not in html


def test_unknown_model_and_provider_give_a_wide_range_not_an_error(client, buyer):
    user, project = buyer
    client.force_login(user)
    response = client.post(reverse("evaluations:footprint_edit", args=[project.slug]), SERVICE)
    assert response.status_code == 302, visible_text(response.content.decode())[:2000]
    assessment = FootprintAssessment.objects.get(project=project)
    profile = footprint.Inputs.from_dict(assessment.inputs).profiles[0]
    assert profile.volume == 1200 and profile.provider is None and profile.vendor == "Publidia"
    gwp = footprint.Result.from_dict(assessment.result).total.gwp_kgco2e
    assert gwp.max / gwp.min > 10  # honest: the model is not known

    known = {**SERVICE, "service-0-provider": "mistralai",
             "service-0-model": "mistral-small-latest", "service-0-volume_unit": "requests"}
    client.post(reverse("evaluations:footprint_edit", args=[project.slug]), known)
    narrow = footprint.Result.from_dict(FootprintAssessment.objects.first().result)
    assert narrow.total.gwp_kgco2e.max / narrow.total.gwp_kgco2e.min < gwp.max / gwp.min


def test_the_result_leads_with_a_sentence_and_a_comparison(client, buyer):
    user, project = buyer
    client.force_login(user)
    client.post(reverse("evaluations:footprint_edit", args=[project.slug]), SERVICE)
    html = client.get(reverse("evaluations:footprint", args=[project.slug])).content.decode()
    text = visible_text(html)
    brief = text.index("En bref")
    assert text.index("Ce projet émet environ") > brief
    assert re.search(r"C'est autant qu'une voiture à essence ou diesel sur [\d ,]+ (km|mètres)",
                     text)
    assert "par habitant de la collectivité" in text
    assert text.index("Détails techniques") > text.index("Et maintenant ?")
    assert text.index("moteur de calcul") > text.index("Détails techniques")
    assert not ZONE_CODES.search(text), ZONE_CODES.search(text)
    assert too_precise(html) == []
    assert not re.search(r"[+−-]\d{4,} ?%", text.replace("\u202f", ""))


def test_french_numbers_are_read_and_shown_the_french_way():
    from recensia.evaluations.forms import FrenchNumberField

    field = FrenchNumberField(min_value=0)
    assert field.clean("3 500,5") == 3500.5
    assert field.clean("1\u202f200 appels") == 1200
    assert field.prepare_value(3000.0) == "3000" and field.prepare_value(2.5) == "2,5"
