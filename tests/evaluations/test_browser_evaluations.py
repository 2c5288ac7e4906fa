"""Footprint and compliance of a bought chatbot in a real browser (Debian's Chromium,
Playwright), at a phone's width and a desktop's, every page checked by axe-core.

The agent of a 924-inhabitant commune knows what she bought, not the model behind it: she
describes the service and its use, reads the result, then answers the compliance pages
(only the questions that apply, what the project already says is not asked again).
"""

import pytest

from recensia.evaluations.models import ComplianceAssessment, FootprintAssessment
from recensia.projects.models import Technique, Vendor, WorkflowState
from tests.accessibility import assert_accessible
from tests.factories import MembershipFactory, OrganizationFactory, make_project
from tests.test_browser_journey import PASSWORD, _login, browser  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"téléphone": 375, "ordinateur": 1280}


def _radio_groups(page) -> list[str]:
    return page.eval_on_selector_all(
        "form input[type=radio][name^='q-']",
        "els => [...new Set(els.map(e => e.name))]")


def _answer_compliance(page) -> int:
    """Answers every page (the role: bought from a vendor; anything else: no); returns how
    many questions were shown."""
    shown = 0
    for _ in range(10):
        assert_accessible(page)
        if page.get_by_role("button", name="Évaluer et enregistrer").count():
            return shown
        role = page.locator("select[name='q-declared_role']")
        if role.count():
            role.select_option("deployer")
            shown += 1
        for name in _radio_groups(page):
            page.locator(f"input[name='{name}'][value='no']").check(force=True)
            shown += 1
        page.get_by_role("button", name="Continuer").click()
        page.wait_for_load_state()
    raise AssertionError("the questionnaire never ends")


@pytest.mark.parametrize("device", list(WIDTHS))
def test_a_bought_chatbot_gets_its_footprint_and_compliance(live_server, browser,  # noqa: F811
                                                            reference_lists, device):
    commune = OrganizationFactory(name="Saint-Petit-sur-Loire", population=924)
    member = MembershipFactory(organization=commune, user__email="mairie@saint-petit.fr",
                               user__password=PASSWORD).user
    project = make_project(owner=commune, state=WorkflowState.DRAFT,
                           title="Assistant du site de la mairie", personal_data="yes",
                           decision_role="not_applicable", solution_name="Assistant",
                           purpose="Répondre aux questions des habitants")
    project.vendor = Vendor.objects.create(name="Éditeur Exemple")
    project.save(update_fields=["vendor"])
    project.techniques.add(Technique.objects.get(name__startswith="Agent conversationnel"),
                           Technique.objects.get(name__startswith="IA générative"))
    base = live_server.url
    page = browser.new_page(locale="fr-FR", bypass_csp=True,
                            viewport={"width": WIDTHS[device], "height": 900})
    _login(page, base, member.email)

    # Footprint: the service, its use per month; no model, no provider.
    page.goto(f"{base}/projets/{project.slug}/empreinte/evaluer/")
    assert_accessible(page)
    page.get_by_label("Type de service").select_option("chatbot")
    page.get_by_label("Utilisation par mois").fill("1 200")
    page.get_by_label("Ce nombre compte…").select_option("conversations")
    page.get_by_role("button", name="Calculer et enregistrer").click()
    page.get_by_role("heading", name="En bref").wait_for()
    assert_accessible(page)
    assert FootprintAssessment.objects.filter(project=project).count() == 1
    brief = page.locator(".fr-callout", has=page.get_by_role("heading", name="En bref"))
    assert "Ce projet émet environ" in brief.inner_text()
    assert "voiture" in brief.inner_text()
    page.get_by_role("button", name="Détails techniques").click()
    page.get_by_text("moteur de calcul", exact=False).first.wait_for()
    assert_accessible(page)

    # Compliance, page by page.
    page.goto(f"{base}/projets/{project.slug}/conformite/evaluer/")
    assert "Déjà indiqué dans la fiche du projet" in page.content()
    shown = _answer_compliance(page)
    assert shown <= 15
    page.get_by_role("button", name="Évaluer et enregistrer").click()
    page.get_by_role("heading", name="Conformité, opportunité et éthique").wait_for()
    assert_accessible(page)
    assessment = ComplianceAssessment.objects.get(project=project)
    assert assessment.tier == "transparency"
    assert "Obligations de transparence" in page.content()
    page.close()
