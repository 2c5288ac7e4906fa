"""User journeys in a real headless browser (Debian's Chromium driven by Playwright).

A secrétaire de mairie signs up, joins her commune, declares a bought chatbot through the
steps, gets its footprint and compliance and submits it; a moderator publishes it. The
journey counts clicks and fields, checks every page with axe-core and that the buttons
she needs are above the footer. A keyboard-only variant reaches « Soumettre ». Skipped,
and said so, when Chromium is missing, unless REQUIRE_BROWSER=1.
"""

import os
import re
import shutil
from collections import Counter
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connections

from recensia.projects.models import Project, WorkflowState
from tests.accessibility import assert_above_footer, assert_accessible
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    make_project,
)

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


class Journey:
    """Plays the path as a person would, in one browser page, counting what each person
    does (clicks, fields filled) phase by phase, and running axe-core on every page shown.

    Every page the browser lands on is recorded (``framenavigated``); ``shown()`` checks
    the page on screen (every state of it: a questionnaire's pages share one address), and
    ``assert_every_page_checked()`` fails if an address was visited but never checked."""

    def __init__(self, page, base):
        self.page, self.base = page, base
        self.person, self.phase = "", ""
        self.counts: dict[tuple[str, str], Counter] = {}
        self.visited: list[str] = []
        self.checked: set[str] = set()
        self.checks = 0
        page.on("framenavigated",
                lambda frame: self.visited.append(frame.url) if frame == page.main_frame
                else None)

    def as_(self, person: str, phase: str) -> None:
        self.person, self.phase = person, phase

    def _count(self, what: str) -> None:
        self.counts.setdefault((self.person, self.phase), Counter())[what] += 1

    def shown(self) -> None:
        """The page on screen is ready: check it."""
        self.page.wait_for_load_state()
        assert_accessible(self.page)
        self.checked.add(self.page.url.split("#")[0])
        self.checks += 1

    def click(self, locator) -> None:
        locator.click()
        self._count("clics")

    def fill(self, locator, value: str) -> None:
        locator.fill(value)
        self._count("champs")

    def choose(self, locator) -> None:
        """A checkbox or radio button, by clicking its label as on screen."""
        locator.click()
        self._count("clics")
        self._count("champs")

    def select(self, locator, label: str) -> None:
        locator.select_option(label=label)
        self._count("clics")
        self._count("champs")

    def open_link(self, path: str) -> None:
        """A link followed from an e-mail."""
        self.page.goto(f"{self.base}{path}")
        self._count("clics")

    def login(self, email: str, password: str = PASSWORD) -> None:
        self.page.goto(f"{self.base}/compte/connexion/")
        self.shown()
        self.fill(self.page.get_by_label("Adresse électronique"), email)
        self.fill(self.page.get_by_label("Mot de passe"), password)
        self.click(self.page.get_by_role("button", name="Se connecter"))
        self.page.wait_for_url(f"{self.base}/compte/")
        self.shown()

    def total(self, person: str, what: str) -> int:
        return sum(c[what] for (who, _phase), c in self.counts.items() if who == person)

    def table(self) -> str:
        lines = ["| personne | étape du parcours | clics | champs remplis |",
                 "| --- | --- | --- | --- |"]
        lines += [f"| {who} | {phase} | {c['clics']} | {c['champs']} |"
                  for (who, phase), c in self.counts.items()]
        return "\n".join(lines)

    def assert_every_page_checked(self) -> None:
        visited = {url.split("#")[0] for url in self.visited if url.startswith(self.base)}
        assert visited and visited <= self.checked, visited - self.checked


def _mail_path(message) -> str:
    url = re.search(r"https?://\S+", message.body).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _field(page, label_start: str):
    """The form control whose label starts with ``label_start`` (DSFR labels hold their
    hint: « Titre Un titre parlant… »)."""
    pattern = re.escape(label_start.rstrip()) + (r"\s" if label_start.endswith(" ") else "")
    return page.get_by_label(re.compile(r"^\s*" + pattern))


def _next_step(j: Journey, number: int) -> None:
    j.click(j.page.get_by_role("button", name="Enregistrer et continuer"))
    j.page.get_by_text(f"Étape {number} sur 5").wait_for()
    j.shown()


def _assert_buttons_above_footer(page, name: str) -> None:
    """The button ``name`` is above the footer's top at 375 and 1,280 px wide."""
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert_above_footer(page, page.get_by_role("button", name=name))
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_secretary_declares_evaluates_and_submits_a_moderator_publishes(
        live_server, browser, reference_lists):
    """The path of issue 11: a secrétaire de mairie of a 924-inhabitant commune signs up,
    joins her commune by name, declares the chatbot the commune bought, through the steps,
    gets its footprint and compliance, submits it; a moderator publishes it."""
    commune = OrganizationFactory(name="Saint-Exemple-sur-Loire", insee_code="99001",
                                  population=924, postal_codes="99100")
    referent = MembershipFactory(organization=commune, referent=True,
                                 user__email="dgs@saint-exemple.fr",
                                 user__password=PASSWORD).user
    moderator = UserFactory(email="moderation@recensia.example.fr", moderator=True,
                            password=PASSWORD)
    base = live_server.url
    page = browser.new_page(locale="fr-FR", bypass_csp=True,
                            viewport={"width": 1280, "height": 900})
    j = Journey(page, base)
    agent = "secrétaire de mairie"

    # 1. She creates her account, confirms her address from the e-mail, asks to join.
    j.as_(agent, "compte et collectivité")
    page.goto(f"{base}/")
    j.shown()
    j.click(page.get_by_role("link", name="Créer un compte").first)
    j.shown()
    j.fill(page.get_by_label("Prénom"), "Claire")
    j.fill(page.get_by_label("Nom", exact=True), "Dumas")
    j.fill(page.get_by_label(re.compile("Adresse électronique")), "mairie@saint-exemple.fr")
    j.fill(page.get_by_label(re.compile(r"^\s*Mot de passe")), "le lavoir de la place 1907")
    j.click(page.get_by_role("button", name="Créer mon compte"))
    page.get_by_text("Votre compte est créé").wait_for()
    j.shown()
    [confirmation] = [m for m in mail.outbox if m.to == ["mairie@saint-exemple.fr"]]
    j.open_link(_mail_path(confirmation))
    page.get_by_text("est confirmée").wait_for()
    j.shown()
    j.fill(page.get_by_label("Nom, code postal, code INSEE ou SIREN"), "saint exemple")
    j.click(page.get_by_role("button", name="Rechercher"))
    page.get_by_text("Saint-Exemple-sur-Loire").first.wait_for()
    j.shown()
    j.choose(page.locator("fieldset label", has_text="Saint-Exemple-sur-Loire"))
    j.fill(page.get_by_label("Votre fonction"), "Secrétaire de mairie")
    j.click(page.get_by_role("button", name="Envoyer ma demande"))
    page.get_by_text("est envoyée").wait_for()
    j.shown()
    _logout(page)

    # The référent accepts from the link of the e-mail.
    j.as_("référent de la commune", "acceptation de la demande")
    [request_mail] = [m for m in mail.outbox if m.to == [referent.email]]
    j.login(referent.email)
    j.open_link(_mail_path(request_mail))
    j.shown()
    j.choose(page.get_by_text("Accepter comme membre"))
    j.click(page.get_by_role("button", name="Enregistrer la décision"))
    page.get_by_text("acceptée").first.wait_for()
    j.shown()
    _logout(page)

    # 2. She declares the chatbot, step by step.
    j.as_(agent, "connexion")
    j.login("mairie@saint-exemple.fr", "le lavoir de la place 1907")
    j.as_(agent, "déclaration (5 étapes)")
    j.click(page.get_by_role("link", name="Déclarer un projet").first)
    page.get_by_text("Étape 1 sur 5").wait_for()
    j.shown()
    j.fill(_field(page, "Titre "), "Assistant en ligne de la mairie")
    j.fill(_field(page, "Description courte"),
           "Un assistant répond jour et nuit aux questions des habitants sur le site de la "
           "mairie : horaires, état civil, déchets, location de la salle des fêtes.")
    j.choose(page.locator("label", has_text="Relation aux usagers et accueil"))
    j.choose(page.locator("label", has_text="Agent conversationnel (chatbot, callbot)"))
    j.select(_field(page, "Avancement"), "Déployé")
    j.fill(_field(page, "Objectif"), "Répondre aux questions simples quand le secrétariat "
                                     "est fermé.")
    j.select(_field(page, "Place dans la décision"), "Sans objet (aucune décision individuelle)")
    _next_step(j, 2)
    project = Project.objects.get(title="Assistant en ligne de la mairie")
    assert project.state == WorkflowState.DRAFT  # saved at the first step
    j.fill(_field(page, "Adresse de contact"), "mairie@saint-exemple.fr")
    _next_step(j, 3)
    j.fill(_field(page, "Solution ou produit"), "Assistant Mairie+")
    j.fill(_field(page, "Fournisseur "), "Parlons Territoires")
    j.fill(_field(page, "Coût annuel"), "1 200 €")
    _next_step(j, 4)
    j.select(_field(page, "Données personnelles traitées"), "Oui")
    j.fill(_field(page, "Contrôle humain"),
           "La secrétaire relit chaque lundi les questions restées sans réponse.")
    j.fill(_field(page, "Comment contester"), "Par courriel ou au guichet de la mairie.")
    _next_step(j, 5)
    j.click(page.get_by_role("button", name="Enregistrer et voir ce qu'il reste à faire"))
    page.get_by_text("Votre fiche peut être soumise").wait_for()
    j.shown()
    project.refresh_from_db()
    assert project.yearly_cost_eur == Decimal("1200")
    assert project.personal_data == "yes"
    _assert_buttons_above_footer(page, "Soumettre à la modération")
    # The last card of the side column too: nothing of the page slides under the footer.
    _assert_buttons_above_footer(page, "Archiver")

    # 3. Footprint and compliance, from the block « what is left to do ».
    j.as_(agent, "empreinte")
    _footprint(j)
    j.as_(agent, "conformité")
    answers = _compliance(j)
    assert answers <= 15, answers
    assessment = project.compliance_assessments.get()
    assert assessment.tier == "transparency"

    # 4. She submits, from the top of the project page.
    j.as_(agent, "soumission")
    todo = page.locator("#reste-a-faire").locator("..")
    assert "estimée le" in todo.inner_text() and "évaluée le" in todo.inner_text()
    _assert_buttons_above_footer(page, "Soumettre à la modération")
    j.click(page.get_by_role("button", name="Soumettre à la modération"))
    page.get_by_text("Le projet est soumis").wait_for()
    j.shown()
    project.refresh_from_db()
    assert project.state == WorkflowState.SUBMITTED
    assert project.owner == commune
    _logout(page)

    # 5. The moderator publishes it from the queue.
    j.as_("modération", "publication")
    j.login(moderator.email)
    j.click(page.get_by_role("link", name="Modération").first)
    j.shown()
    j.click(page.get_by_role("link", name="Assistant en ligne de la mairie"))
    page.get_by_text("Cette fiche attend votre relecture").wait_for()
    j.shown()
    _assert_buttons_above_footer(page, "Publier")
    j.click(page.get_by_role("button", name="Publier"))
    page.get_by_text("Le projet est publié.").wait_for()
    j.shown()
    project.refresh_from_db()
    assert project.state == WorkflowState.PUBLISHED
    _logout(page)

    # 6. A visitor finds it on the commune's page, its public inventory.
    j.as_("visiteur", "consultation")
    page.goto(f"{base}/collectivites/99001/")
    j.shown()
    j.click(page.get_by_role("link", name="Assistant en ligne de la mairie"))
    assert page.get_by_role("heading", level=1).inner_text() == "Assistant en ligne de la mairie"
    assert page.get_by_text("mairie@saint-exemple.fr").first.is_visible()
    j.shown()

    j.assert_every_page_checked()
    print("\n" + j.table())
    print(f"Pages contrôlées par axe-core : {j.checks} ({len(j.checked)} adresses)")
    print(f"Questions de conformité auxquelles elle a répondu : {answers}")
    # The goals of the issue for the person it is made for.
    declaration = j.counts[(agent, "déclaration (5 étapes)")]["champs"]
    assert declaration <= 25, j.table()


FOCUSED_NAME = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return "";
  const label = e.labels && e.labels.length ? e.labels[0].innerText : "";
  return (label || e.innerText || e.value || e.getAttribute("aria-label") || "").trim();
}"""


def _tab_to(page, name: str, limit: int = 120) -> int:
    """Presses Tab until the control named ``name`` has the focus; the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_NAME).startswith(name):
            return presses
    raise AssertionError(f"« {name} » n'est jamais atteint au clavier ({limit} tabulations)")


def test_the_keyboard_alone_reaches_soumettre(live_server, browser, reference_lists):
    """Without a mouse: sign in, open the draft from « Mon compte », submit it."""
    commune = OrganizationFactory(name="Saint-Exemple-sur-Loire", insee_code="99001",
                                  population=924)
    member = MembershipFactory(organization=commune, user__email="mairie@saint-exemple.fr",
                               user__password=PASSWORD).user
    project = make_project(owner=commune, author=member, title="Assistant en ligne")
    base = live_server.url
    page = browser.new_page(locale="fr-FR", bypass_csp=True,
                            viewport={"width": 1280, "height": 900})
    page.goto(f"{base}/compte/connexion/")
    assert_accessible(page)
    presses = _tab_to(page, "Adresse électronique")
    page.keyboard.type(member.email)
    presses += _tab_to(page, "Mot de passe")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/compte/")
    assert_accessible(page)
    presses += _tab_to(page, "Assistant en ligne")
    page.keyboard.press("Enter")
    page.get_by_text("Votre fiche peut être soumise").wait_for()
    assert_accessible(page)
    # The skip link « Contenu », then the block « what is left to do » comes first.
    presses += _tab_to(page, "Contenu", limit=1)
    page.keyboard.press("Enter")
    from_content = _tab_to(page, "Soumettre à la modération", limit=15)
    presses += from_content
    page.keyboard.press("Enter")
    page.get_by_text("Le projet est soumis").wait_for()
    assert_accessible(page)
    project.refresh_from_db()
    assert project.state == WorkflowState.SUBMITTED
    print(f"\nAu clavier seul : {presses} tabulations en tout, dont {from_content} du début du "
          "contenu de la fiche à « Soumettre à la modération »")


def test_what_was_typed_but_not_saved_is_offered_back(live_server, browser, reference_lists):
    """She types on a step, leaves without saving (the browser asks first), comes back:
    the page offers to take her typing up again."""
    member = MembershipFactory(user__password=PASSWORD).user
    project = make_project(owner=member.memberships.get().organization, author=member)
    base = live_server.url
    page = browser.new_page(locale="fr-FR", bypass_csp=True)
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))
    _login(page, base, member.email)
    step = f"{base}/projets/{project.slug}/modifier/?etape=solution"
    page.goto(step)
    _field(page, "Solution ou produit").fill("Assistant Mairie+")
    page.get_by_role("link", name="Accueil").first.click()
    page.wait_for_url(f"{base}/")
    assert asked == ["beforeunload"]
    page.goto(step)
    page.get_by_text("Une saisie non enregistrée a été retrouvée").wait_for()
    assert_accessible(page)
    assert _field(page, "Solution ou produit").input_value() == ""
    page.get_by_role("button", name="Reprendre ma saisie").click()
    assert _field(page, "Solution ou produit").input_value() == "Assistant Mairie+"
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.get_by_text("Étape 4 sur 5").wait_for()
    project.refresh_from_db()
    assert project.solution_name == "Assistant Mairie+"
    # Saved: nothing is offered any more.
    page.goto(step)
    page.get_by_role("heading", name="Solution, coûts, hébergement").wait_for()
    assert page.get_by_text("Une saisie non enregistrée").count() == 0


def _footprint(j: Journey) -> None:
    """The footprint of the bought chatbot, from the project page: what she knows (the
    kind of service and how much it is used); the vendor and product come from the
    project, no model nor provider is asked."""
    page = j.page
    j.click(page.get_by_role("link", name="Estimer l'empreinte du projet"))
    j.shown()
    assert _field(page, "Éditeur").input_value() == "Parlons Territoires"
    j.select(page.get_by_label("Type de service"),
             "Assistant conversationnel écrit (chatbot) pour les habitants ou les agents")
    j.fill(page.get_by_label("Utilisation par mois"), "1 200")
    j.select(page.get_by_label("Ce nombre compte…"), "Conversations")
    j.click(page.get_by_role("button", name="Calculer et enregistrer"))
    page.get_by_role("heading", name="En bref").wait_for()
    j.shown()
    j.click(page.get_by_role("link", name="Revenir à la fiche du projet"))
    j.shown()


# Her answers to the compliance questions the project does not already answer: the
# commune uses a service made by a vendor; the rest does not apply to a chatbot that
# informs the inhabitants.
ROLE = "Nous utilisons un système conçu par un autre (éditeur, prestataire, autre collectivité)"


def _compliance(j: Journey) -> int:
    """The compliance questionnaire, page by page, from the project page; returns the
    number of questions she answered."""
    page = j.page
    j.click(page.get_by_role("link", name="Évaluer la conformité"))
    answered = 0
    for _page_number in range(12):
        j.shown()
        if page.get_by_role("button", name="Évaluer et enregistrer").count():
            break
        role = page.locator("select[name='q-declared_role']")
        if role.count():
            j.select(role, ROLE)
            answered += 1
        groups = page.eval_on_selector_all(
            "form input[type=radio][name^='q-']", "els => [...new Set(els.map(e => e.name))]")
        for name in groups:
            no = page.locator(f"input[name='{name}'][value='no']")
            j.choose(page.locator(f"label[for='{no.get_attribute('id')}']"))
            answered += 1
        j.click(page.get_by_role("button", name="Continuer"))
        page.wait_for_load_state()
    else:
        raise AssertionError("le questionnaire ne finit jamais")
    j.click(page.get_by_role("button", name="Évaluer et enregistrer"))
    page.get_by_role("heading", name="Conformité, opportunité et éthique").wait_for()
    j.shown()
    j.click(page.get_by_role("link", name="Retour à la fiche du projet"))
    j.shown()
    return answered
