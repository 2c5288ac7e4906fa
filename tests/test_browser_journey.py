"""User journey in a real headless browser (Debian's Chromium driven by Playwright).

A member signs in, declares a project and submits it; a moderator publishes it; a visitor
finds it on the collectivité's page. Skipped, and said so, when Chromium is missing,
unless REQUIRE_BROWSER=1.
"""

import os
import re
import shutil

import pytest
from django.db import connections

from recensia.projects.models import Project, WorkflowState
from tests.accessibility import assert_accessible
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") \
    or shutil.which("chromium-browser")
REQUIRED = os.environ.get("REQUIRE_BROWSER", "").lower() in {"1", "true", "oui", "yes"}

if not CHROMIUM and not REQUIRED:
    pytest.skip("Chromium n'est pas installé : parcours dans le navigateur ignoré.",
                allow_module_level=True)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mot-de-passe-solide-42"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@pytest.fixture
def browser():
    # Playwright's sync API runs an event loop in this thread; the Django ORM calls made by
    # the test itself (fixtures, assertions) stay synchronous and are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    assert CHROMIUM, "REQUIRE_BROWSER=1 mais Chromium est introuvable"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                     headless=True)
        yield browser
        browser.close()
        # While Playwright's loop runs, the ORM hands out connections per context: close
        # them here, or PostgreSQL cannot drop the test database.
        connections.close_all()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def _login(page, base, email):
    page.goto(f"{base}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{base}/compte/")


def _logout(page):
    page.get_by_role("button", name="Se déconnecter").click()


def test_member_declares_moderator_publishes_visitor_finds(live_server, browser,
                                                           reference_lists):
    commune = OrganizationFactory(name="Saint-Exemple-sur-Loire", insee_code="99001",
                                  population=900)
    member = MembershipFactory(organization=commune, user__email="secretaire@saint-exemple.fr",
                               user__password=PASSWORD).user
    moderator = UserFactory(email="moderation@recensia.example.fr", moderator=True,
                            password=PASSWORD)
    base = live_server.url
    page = browser.new_page(locale="fr-FR", bypass_csp=True)

    # 1. The member signs in and declares a project.
    _login(page, base, member.email)
    assert_accessible(page)
    page.get_by_role("link", name="Déclarer un projet").first.click()
    assert_accessible(page)
    # A label holds its hint (DSFR): « Titre Un titre parlant, par exemple… ».
    page.get_by_label(re.compile(r"^\s*Titre\s+Un titre parlant")).fill(
        "Prévision des repas à la cantine")
    page.get_by_label("Description courte").fill(
        "Prévoir le nombre de repas pour limiter le gaspillage à la cantine de l'école.")
    # DSFR checkboxes: the user clicks the label, as on screen.
    page.locator("label", has_text="Éducation et restauration scolaire").click()
    page.locator("label", has_text="Prévision par apprentissage automatique").click()
    assert page.get_by_label("Éducation et restauration scolaire").is_checked()
    page.get_by_label("Adresse de contact").fill("mairie@saint-exemple.fr")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Le projet est enregistré comme brouillon").wait_for()
    assert_accessible(page)

    # 2. The member submits it.
    page.get_by_role("button", name="Soumettre à la modération").click()
    page.get_by_text("Le projet est soumis").wait_for()
    project = Project.objects.get(title="Prévision des repas à la cantine")
    assert project.state == WorkflowState.SUBMITTED
    assert project.owner == commune
    _logout(page)

    # 3. The moderator finds it in the queue and publishes it.
    _login(page, base, moderator.email)
    page.get_by_role("link", name="Modération").first.click()
    page.get_by_role("link", name="Prévision des repas à la cantine").click()
    assert_accessible(page)
    page.get_by_role("button", name="Publier").click()
    page.get_by_text("Le projet est publié.").wait_for()
    _logout(page)

    # 4. A visitor finds it on the collectivité's page, with keyboard-reachable links.
    page.goto(f"{base}/collectivites/?q=Saint-Exemple")
    page.get_by_role("link", name="Saint-Exemple-sur-Loire").click()
    page.wait_for_url(f"{base}/collectivites/99001/")
    assert_accessible(page)
    page.get_by_role("link", name="Prévision des repas à la cantine").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Prévision des repas à la cantine"
    assert page.get_by_text("mairie@saint-exemple.fr").is_visible()
    assert_accessible(page)
    project.refresh_from_db()
    assert project.state == WorkflowState.PUBLISHED
    assert [r.action for r in project.revisions.order_by("number")] == [
        "Création", "Soumis à la modération", "Publié"]


def test_the_accessibility_check_catches_a_serious_violation(browser):
    # The checker itself: a page with an unnamed button and an image without text
    # alternative must fail, or every "axe-clean" claim of the journeys would be empty.
    page = browser.new_page(locale="fr-FR", bypass_csp=True)
    page.set_content('<html lang="fr"><head><title>Essai</title></head><body><main>'
                     '<h1>Essai</h1><button></button><img src="x.png"></main></body></html>')
    with pytest.raises(AssertionError, match="button-name|image-alt"):
        assert_accessible(page)


def test_the_content_security_policy_blocks_nothing_the_pages_need(live_server, browser,
                                                                   reference_lists):
    """Without bypass_csp: the design system's scripts run (the menu opens, it marks the
    page) and the browser reports no violation of the policy."""
    from tests.factories import make_project

    project = make_project(state=WorkflowState.PUBLISHED, title="Détection des fuites")
    page = browser.new_page(locale="fr-FR", viewport={"width": 400, "height": 900})
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    for path in ("/", "/projets/?q=fuites", project.get_absolute_url(), "/diagnostic/",
                 "/api/v1/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_function("() => document.documentElement.dataset.frJs === 'true'")
    page.get_by_role("button", name="Menu").click()
    assert page.locator("#menu-principal").is_visible()
    assert violations == []
    page.close()
