"""In a real browser: the agent of a 924-inhabitant commune finds, from the home page, a
solution already in service in two collectivités of her département with a referent to
call, asks to join the lead's pooling offer; her commune appears on the project only once
the lead has accepted. axe-core checks every page."""

import datetime as dt

import pytest

from recensia.pooling import services as pooling_services
from recensia.projects import services as project_services
from recensia.projects.models import ProjectStatus, WorkflowState
from recensia.solutions import services as solution_services
from recensia.territories.models import Organization, OrganizationKind
from tests.accessibility import assert_accessible
from tests.factories import DomainFactory, MembershipFactory, OrganizationFactory, TechniqueFactory
from tests.test_browser_journey import PASSWORD, _login, _logout, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def territory():
    region = Organization.objects.create(kind=OrganizationKind.REGION, name="Région d'essai",
                                         insee_code="98")
    dep = Organization.objects.create(kind=OrganizationKind.DEPARTEMENT,
                                      name="Département d'essai", insee_code="98",
                                      region=region)

    def commune(name, code, population):
        return OrganizationFactory(name=name, insee_code=code, population=population,
                                   departement=dep, region=region)

    small = commune("Petit-Bourg", "98001", 924)
    lead = commune("Bourg-Centre", "98002", 1500)
    user = commune("Hameau-Voisin", "98003", 610)
    commune("Grande-Ville", "98004", 250_000)
    agent = MembershipFactory(organization=small, user__email="secretariat@petit-bourg.fr",
                              user__password=PASSWORD).user
    lead_agent = MembershipFactory(organization=lead, user__email="dgs@bourg-centre.fr",
                                   user__first_name="Claire", user__last_name="Martin",
                                   user__password=PASSWORD).user
    other_agent = MembershipFactory(organization=user).user
    solution = solution_services.save_solution(author=None, values={
        "name": "Rédacteur d'actes", "summary": "Aide à rédiger les délibérations."})
    project = project_services.create_project(
        author=lead_agent, state=WorkflowState.PUBLISHED,
        data=project_services.ProjectData(
            fields={"title": "Aide à la rédaction des délibérations",
                    "short_description": "Un assistant qui prépare les délibérations.",
                    "status": ProjectStatus.DEPLOYED},
            owner=lead, domains=[DomainFactory()], techniques=[TechniqueFactory()],
            sources=[{"url": "https://www.example.fr/deliberations", "title": "Article"}]))
    project_services.link_solution(project=project, solution=solution, author=lead_agent)
    pooling_services.declare_use(user=other_agent, solution=solution, organization=user,
                                 values={"use_case": "Délibérations du conseil"})
    pooling_services.declare_referent(user=lead_agent, solution=solution, organization=lead,
                                      values={"role": "Directrice générale des services",
                                              "contact_email": "dgs@bourg-centre.fr"})
    pooling_services.open_offer(user=lead_agent, project=project, values={
        "shared": ["specifications", "contract", "training"], "shared_detail": "",
        "cost_sharing": "Au prorata de la population",
        "open_until": dt.date.today() + dt.timedelta(days=90),
        "contact_name": "Claire Martin", "contact_email": "dgs@bourg-centre.fr"})
    return {"agent": agent, "lead_agent": lead_agent, "project": project}


def test_small_commune_finds_a_solution_asks_to_join_and_appears_once_accepted(
        live_server, browser, territory):  # noqa: F811
    base = live_server.url
    page = browser.new_page(locale="fr-FR", bypass_csp=True)
    _login(page, base, territory["agent"].email)
    page.goto(f"{base}/")
    assert_accessible(page)

    # Click 1: from the home page to the solutions for her commune.
    page.get_by_role("link", name="Des solutions pour ma collectivité").first.click()
    page.wait_for_url(f"{base}/solutions/pour-ma-collectivite/")
    assert_accessible(page)
    card = page.locator(".fr-card", has_text="Rédacteur d'actes")
    assert "Petit-Bourg" in page.locator("main").inner_text()
    assert "Grande-Ville" not in page.locator("main").inner_text()
    assert "dgs@bourg-centre.fr" in card.inner_text()

    # Click 2: the solution, in service in two communes of her département, with a referent.
    card.get_by_role("link", name="Rédacteur d'actes").click()
    page.wait_for_url(f"{base}/solutions/**")
    assert_accessible(page)
    main = page.locator("main").inner_text()
    assert "2 collectivités l'utilisent" in main
    assert "Département d'essai (98)" in main
    assert "Bourg-Centre" in main and "Hameau-Voisin" in main
    referents = page.locator(".fr-card", has_text="Référents à contacter").inner_text()
    assert "Claire Martin" in referents and "dgs@bourg-centre.fr" in referents

    # Click 3: the lead's project, open to pooling; she asks to join.
    page.get_by_role("link", name="Aide à la rédaction des délibérations").first.click()
    page.wait_for_url(f"{base}/projets/**")
    assert_accessible(page)
    page.get_by_role("link", name="Demander à rejoindre ou suivre").click()
    assert_accessible(page)
    page.get_by_label("Message à la collectivité cheffe de file").fill(
        "Nous aimerions utiliser votre marché.")
    page.get_by_role("button", name="Envoyer la demande").click()
    page.wait_for_url(f"{base}/projets/**")
    assert "Votre demande est envoyée" in page.locator("main").inner_text()
    project_url = page.url
    partners = page.locator("main p", has_text="Avec :")
    assert partners.count() == 0  # nobody is shown with the lead yet
    _logout(page)

    # The lead accepts from « Mon compte ».
    _login(page, base, territory["lead_agent"].email)
    assert_accessible(page)
    page.get_by_role("link", name="1 demande de mutualisation ou de partenariat").click()
    assert_accessible(page)
    page.locator("label", has_text="Accepter").click()  # DSFR radios: the label is clicked
    page.get_by_role("button", name="Envoyer ma réponse").click()
    assert "Petit-Bourg participe" in page.locator("main").inner_text()
    _logout(page)

    # Only now does her commune appear on the project, for everyone.
    page.goto(project_url)
    assert_accessible(page)
    partners = page.locator("main p", has_text="Avec :").inner_text()
    assert "Petit-Bourg" in partners and "partenaire du projet" in partners
    page.close()
