"""Buying AI in a real browser (Debian's Chromium, Playwright), every page checked by axe.

A member starts a grid for a chatbot from the preset, is warned when the environmental
criteria are removed and when the weights no longer sum to 100, puts things right, enters
three fixture offers whose footprints are computed by the engine, and downloads the three
documents, read back to check that they hold the criteria and the weights.
"""

import pytest

from recensia import footprint
from recensia.procurement.models import Offer, PurchaseGrid
from recensia.projects.models import WorkflowState
from tests.accessibility import assert_accessible
from tests.factories import MembershipFactory, OrganizationFactory, make_project
from tests.procurement.documents import text_of
from tests.test_browser_journey import PASSWORD, _login, browser  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHATBOT = "assistant téléphonique ou conversationnel"
# vendor, price, committee note, provider, model, requests per month
OFFERS = [("Alpha Services", "30000", "8", "mistralai", "mistral-medium-latest", "3000"),
          ("Bêta Numérique", "25000", "6", "anthropic", "claude-haiku-4-5", "4000"),
          ("Gamma Conseil", "40000", "9", "anthropic", "claude-opus-4-5", "3000")]


def _criterion(page, title):
    return page.locator("fieldset", has=page.locator("legend", has_text=title))


def _save(page):
    page.get_by_role("button", name="Enregistrer et vérifier").click()
    page.wait_for_load_state()
    assert_accessible(page)


def _download(page, scope, name):
    with page.expect_download() as info:
        scope.get_by_role("link", name=name).click()
    with open(info.value.path(), "rb") as fh:
        return fh.read()


def test_member_builds_a_chatbot_grid_scores_three_offers_and_downloads_documents(
        live_server, browser, reference_lists):  # noqa: F811
    commune = OrganizationFactory(name="Achats-sur-Loire", population=12_000)
    member = MembershipFactory(organization=commune, user__email="dsi@achats-sur-loire.fr",
                               user__password=PASSWORD).user
    project = make_project(owner=commune, state=WorkflowState.PUBLISHED,
                           title="Assistant conversationnel de la mairie")
    base = live_server.url
    page = browser.new_page(locale="fr-FR", bypass_csp=True, accept_downloads=True)

    # 1. From the project page to a grid built from the chatbot preset.
    _login(page, base, member.email)
    page.goto(f"{base}{project.get_absolute_url()}")
    page.get_by_role("link", name="Préparer l'achat de ce projet").click()
    assert_accessible(page)
    page.locator("label", has_text="Agent conversationnel ou assistant vocal").click()
    page.get_by_role("button", name="Créer la grille").click()
    page.get_by_role("heading", name="Critères d'attribution", level=1).wait_for()
    assert_accessible(page)
    grid = PurchaseGrid.objects.get(project=project)
    assert page.locator("#controle-environmental_criterion").get_by_text("Conforme").count()

    # 2. Removing the environmental criteria: warned, with the article and its link.
    _criterion(page, "Critère n° 1 : Prix").get_by_label("Poids (points sur 100)").fill("55")
    for title in ("Empreinte environnementale du service", "Démarche de sobriété"):
        _criterion(page, title).get_by_text("Retirer ce critère de la grille").click()
    _save(page)
    check = page.locator("#controle-environmental_criterion")
    assert check.get_by_text("À corriger").is_visible()
    assert "Aucun critère ne porte sur les caractéristiques environnementales" in \
        check.inner_text()
    assert "R2152-7" in check.inner_text()
    link = check.get_by_role("link", name="lire le texte sur Légifrance")
    assert link.get_attribute("href").startswith("https://www.legifrance.gouv.fr/")

    # 3. Adding it back without lowering the price: weights no longer sum to 100.
    new = _criterion(page, "Ajouter un critère")
    new.get_by_label("Libellé du critère").fill("Empreinte environnementale du service")
    new.get_by_label("Poids (points sur 100)").fill("15")
    new.get_by_label("Mode de notation").select_option(label="Empreinte calculée par RecensIA")
    new.get_by_label("Comment il est noté").fill(
        "Fourchettes calculées par RecensIA ; fourchettes qui se chevauchent : même note.")
    new.get_by_label("Lien avec l'objet du marché").fill("Empreinte du service commandé.")
    _save(page)
    weights = page.locator("#controle-weights_sum")
    assert weights.get_by_text("À corriger").is_visible()
    assert "La somme des poids fait 115 points au lieu de 100" in weights.inner_text()
    assert page.locator("#controle-environmental_criterion").get_by_text("Conforme").count()

    # 4. Put right: every check passes.
    _criterion(page, "Critère n° 1 : Prix").get_by_label("Poids (points sur 100)").fill("40")
    _save(page)
    page.get_by_text("les contrôles juridiques sont satisfaits").wait_for()
    assert page.locator(".rc-check--error").count() == 0

    # 5. Three offers; the footprint engine computes each range.
    page.goto(f"{base}/achats/{grid.pk}/offres/")
    assert_accessible(page)
    for vendor, price, note, provider, model, requests in OFFERS:
        page.get_by_role("link", name="Saisir une offre").click()
        page.get_by_label("Candidat", exact=True).fill(vendor)
        page.get_by_label("Prix total de l'offre (€)").fill(price)
        for field in page.get_by_label("note sur 10").all():
            field.fill(note)
        page.get_by_label("Données d'empreinte déclarées par le candidat").select_option(
            "api")
        api = page.locator("fieldset", has=page.locator("legend", has_text="par internet (API)"))
        api.get_by_label("Fournisseur du modèle").select_option(provider)
        api.locator("input[name='api-model']").fill(model)
        api.get_by_label("Requêtes par mois").fill(requests)
        if vendor == OFFERS[0][0]:
            assert_accessible(page)
        page.get_by_role("button", name="Enregistrer l'offre").click()
        page.get_by_text("L'offre est enregistrée").wait_for()
    assert_accessible(page)
    for vendor, _price, _note, provider, model, requests in OFFERS:
        expected = footprint.assess(footprint.Inputs(profiles=[footprint.ApiUsage(
            provider, model, float(requests), use_case=CHATBOT)]))
        stored = Offer.objects.get(vendor=vendor).footprint_range
        assert stored == pytest.approx(expected.total.gwp_kgco2e.as_tuple())
    ranking = page.locator("table").first.inner_text()
    assert all(vendor in ranking for vendor, *_ in OFFERS)
    explanation = page.locator("h2:has-text('Explication du classement') + ul").inner_text()
    # Alpha and Bêta overlap: same environmental points, said as such; Gamma is apart.
    assert "se chevauchent" in explanation and "« Gamma Conseil »" in explanation
    footprint_table = page.locator("table").nth(1).inner_text()
    assert footprint_table.count("fourchettes qui se chevauchent") == 2

    # 6. The three documents open and hold the criteria and their weights.
    report = _download(page, page, "Télécharger le rapport en PDF")
    page.goto(f"{base}/achats/{grid.pk}/")
    assert_accessible(page)
    rules = {fmt: _download(page, page.locator("li", has_text="Règlement de la consultation"),
                            name) for fmt, name in (("docx", "Word (DOCX)"),
                                                    ("odt", "LibreOffice (ODT)"))}
    clauses = _download(page, page.locator("li", has_text="Clauses pour le CCTP"), "PDF")
    grid.refresh_from_db()
    for fmt, data in rules.items():
        text = " ".join(text_of(fmt, data).split())
        for c in grid.criteria:
            assert f"{c['label']} ({c['weight']:g} points)" in text, (fmt, c["label"])
    text = " ".join(text_of("pdf", report).split())
    assert "Rapport d'analyse des offres" in text and "Gamma Conseil" in text
    assert "Prix (sur" not in text and "Total sur 100" in text
    text = " ".join(text_of("pdf", clauses).split())
    assert "Mesure et compte rendu de l'empreinte environnementale" in text

    # 7. The history keeps every step; the clause library is open to all.
    page.get_by_role("link", name="Historique des modifications").click()
    assert_accessible(page)
    history = page.locator("table").inner_text()
    assert "Modification des critères" in history and "Saisie de l'offre de Gamma Conseil" \
        in history
    page.get_by_role("link", name="Achats", exact=True).click()
    page.get_by_role("link", name="Bibliothèque de clauses pour l'achat d'IA").click()
    assert_accessible(page)
    assert page.get_by_role("heading", name="Bibliothèque de clauses pour acheter une "
                                             "solution d'IA").is_visible()

    # 8. Under the Content-Security-Policy (no bypass): the pages need nothing it blocks,
    # and the footprint ranges are drawn (SVG attributes, no inline style).
    strict = browser.new_page(locale="fr-FR")
    violations = []
    strict.on("console", lambda message: violations.append(message.text)
              if "Content Security Policy" in message.text else None)
    _login(strict, base, member.email)
    for path in ("/achats/", f"/achats/{grid.pk}/criteres/", f"/achats/{grid.pk}/offres/"):
        strict.goto(f"{base}{path}")
        strict.wait_for_function("() => document.documentElement.dataset.frJs === 'true'")
    assert strict.locator("svg.rc-range-track .rc-range-bar").count() == len(OFFERS)
    assert violations == []
    strict.close()
