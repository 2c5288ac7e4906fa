"""In a real browser: a member changes a published project, the public keeps the published
version, a moderator reads the changes and accepts them; a visitor reports an error; two
people's edits of the same field are settled side by side. axe-core checks every page.

With ``SCREENSHOT_DIR`` set, each page is also photographed at 375 and 1,280 px wide.
"""

import os
import re
from pathlib import Path

import pytest

from recensia.projects import services
from recensia.projects.models import ChangeProposal, Project, ProposalStatus, WorkflowState
from tests.accessibility import assert_accessible
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, make_project
from tests.test_browser_journey import PASSWORD, _login, _logout, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLISHED = "Détection des fuites d'eau"
CHANGED = "Détection prédictive des fuites du réseau"


def _check(page, name: str, *, reload: bool = True, part: str = "") -> None:
    """axe-core on the page, and screenshots when asked for: the same address opened
    afresh at each width (``reload=False`` for the answer to a form, resized in place)."""
    assert_accessible(page)
    folder = os.environ.get("SCREENSHOT_DIR")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for width in (375, 1280):
        shot = page.context.new_page() if reload else page
        shot.set_viewport_size({"width": width, "height": 900})
        if reload:
            shot.goto(page.url)
        if part:  # the block this work adds to a long page, as it looks on screen
            shot.locator(part).screenshot(path=f"{folder}/{name}-{width}.png")
        else:
            shot.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
        if reload:
            shot.close()


def test_moderator_accepts_a_change_of_a_published_project(live_server, browser):  # noqa: F811
    commune = OrganizationFactory(name="Villefuite", insee_code="99002")
    member = MembershipFactory(organization=commune, user__email="agent@villefuite.fr",
                               user__password=PASSWORD).user
    moderator = UserFactory(email="moderation@recensia.example.fr", moderator=True,
                            password=PASSWORD)
    project = make_project(owner=commune, author=member, state=WorkflowState.PUBLISHED,
                           title=PUBLISHED)
    base = live_server.url
    page = browser.new_context(locale="fr-FR", bypass_csp=True).new_page()

    # 1. The member changes the title of the published project.
    _login(page, base, member.email)
    page.goto(f"{base}{project.get_absolute_url()}")
    page.get_by_role("link", name="Modifier").first.click()
    page.get_by_label(re.compile(r"^\s*Titre\s+Un titre parlant")).fill(CHANGED)
    page.get_by_role("button", name="Enregistrer et finir plus tard").click()
    page.get_by_text("Vos modifications sont envoyées à l'équipe de modération").wait_for()
    assert page.get_by_role("heading", name="Modifications en attente de modération")\
        .is_visible()
    _check(page, "1-fiche-membre-modification-en-attente", part="#modifications-proposees")
    _logout(page)

    # 2. A visitor still sees the published version.
    page.goto(f"{base}{project.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == PUBLISHED

    # 3. The moderator reads the changes, before and after, and accepts them.
    _login(page, base, moderator.email)
    page.get_by_role("link", name="Modération").first.click()
    _check(page, "2-moderation-liste")
    page.get_by_role("link", name=re.compile("Relire les modifications")).click()
    table = page.locator("table")
    assert PUBLISHED in table.inner_text() and CHANGED in table.inner_text()
    _check(page, "3-modifications-proposees")
    page.get_by_role("button", name="Accepter et publier").click()
    page.get_by_text("Les modifications sont publiées").wait_for()
    _check(page, "4-fiche-apres-acceptation", part="#modifications-proposees")
    _logout(page)

    # 4. Everybody sees the new version; its public history names roles, not addresses.
    page.goto(f"{base}{project.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == CHANGED
    page.get_by_role("link", name="Voir l'historique des modifications").click()
    history = page.locator("main").inner_text()
    assert "Membre de Villefuite" in history and "@" not in history
    _check(page, "5-historique-public")
    assert ChangeProposal.objects.get().status == ProposalStatus.ACCEPTED
    assert Project.objects.get(pk=project.pk).version == 2


def test_visitor_reports_an_error_and_a_merge_is_settled(live_server, browser):  # noqa: F811
    commune = OrganizationFactory(name="Villefuite", insee_code="99003")
    member = MembershipFactory(organization=commune, user__email="agent@villefuite.fr",
                               user__password=PASSWORD).user
    colleague = MembershipFactory(organization=commune).user
    published = make_project(owner=commune, state=WorkflowState.PUBLISHED, title=PUBLISHED)
    draft = make_project(owner=commune, author=member, title="Tri du courrier",
                         results_summary="Rien de mesuré.")
    base = live_server.url
    page = browser.new_context(locale="fr-FR", bypass_csp=True).new_page()

    # A visitor reports an error; the page then says so, with the deadline.
    page.goto(f"{base}{published.get_absolute_url()}")
    page.get_by_role("link", name="Signaler une erreur").click()
    _check(page, "6-signaler-une-erreur")
    page.get_by_label(re.compile("Quelle erreur avez-vous constatée")).fill(
        "Le projet est arrêté depuis mars.")
    page.get_by_role("button", name="Envoyer le signalement").click()
    page.get_by_text("Merci : votre signalement est transmis").wait_for()
    assert page.get_by_text("Signalement en cours").is_visible()
    _check(page, "7-fiche-signalement-en-cours", part="#signalement")

    # Two people change the same field of a draft: the second chooses, side by side.
    _login(page, base, member.email)
    page.goto(f"{base}/projets/{draft.slug}/modifier/?etape=resultats")
    services.update_project(project=draft, author=colleague, expected_version=1,
                            data=services.ProjectData(fields={"results_summary": "40 fuites"}))
    page.get_by_label(re.compile(r"^\s*Résultats")).first.fill("35 fuites")
    page.get_by_role("button", name="Enregistrer et voir ce qu'il reste à faire").click()
    page.get_by_role("heading", name="La fiche a été modifiée pendant que vous la modifiiez")\
        .wait_for()
    _check(page, "8-choix-fusion", reload=False)
    page.locator("label", has_text="Garder la valeur de").click()
    page.get_by_role("button", name="Enregistrer avec ces choix").click()
    page.get_by_text("Vos modifications sont enregistrées").wait_for()
    assert Project.objects.get(pk=draft.pk).results_summary == "40 fuites"
