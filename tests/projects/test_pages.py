"""The public pages and the project form, over HTTP, as a visitor or a member sees them."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from recensia.projects import services
from recensia.projects.models import PartnerRole, Project, ProjectStatus, WorkflowState
from tests.factories import (
    DomainFactory,
    MembershipFactory,
    OrganizationFactory,
    TechniqueFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def visible_text(response) -> str:
    """The text a user reads: no script, no style, no tags, entities decoded, spaces joined."""
    page = response.content.decode()
    page = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(page)).strip()


def _project(owner, *, title, state=WorkflowState.PUBLISHED, domains=(), partners=(),
             indicators=(), sources=(), **fields):
    data = services.ProjectData(
        fields={"title": title, "short_description": f"Résumé de « {title} ».", **fields},
        owner=owner, domains=list(domains), techniques=[TechniqueFactory()],
        partners=[(org, PartnerRole.PARTNER) for org in partners],
        indicators=list(indicators), sources=list(sources),
    )
    return services.create_project(author=None, data=data, state=state,
                                   check_permissions=False)


@pytest.fixture
def world():
    """Two communes; A publishes a leak project, B a stopped project with A as partner and a
    draft (also with A as partner) that nobody outside B may see."""
    water = DomainFactory()
    waste = DomainFactory(name="Déchets et propreté", slug="dechets-et-proprete")
    org_a = OrganizationFactory(name="Villefuite", insee_code="99101", siren="100000101")
    org_b = OrganizationFactory(name="Bourg-Tri", insee_code="99102", siren="100000102")
    leaks = _project(
        org_a, title="Détection des fuites d'eau", domains=[water],
        status=ProjectStatus.DEPLOYED,
        indicators=[{"label": "Fuites détectées par an", "value_before": 75,
                     "value_after": 150, "unit": "fuites/an", "measured_by": "Régie des eaux",
                     "measured_on": "2024"}],
        sources=[{"url": "https://www.example.fr/fuites", "title": "Article sur les fuites"},
                 {"url": "https://www.example.fr/deliberation", "title": "Délibération"}],
    )
    sorting = _project(
        org_b, title="Tri des déchets par caméra", domains=[waste], partners=[org_a],
        status=ProjectStatus.STOPPED, status_reason="Coût trop élevé pour la commune.",
    )
    draft = _project(org_b, title="Projet secret en brouillon", domains=[waste],
                     partners=[org_a], state=WorkflowState.DRAFT)
    member_a = MembershipFactory(organization=org_a).user
    return {"a": org_a, "b": org_b, "leaks": leaks, "sorting": sorting, "draft": draft,
            "water": water, "waste": waste, "member_a": member_a}


# ---------------------------------------------------------------- reading

def test_home_shows_live_figures_and_latest_projects(client, world):
    text = visible_text(client.get(reverse("www:home")))
    assert re.search(r"\b2 systèmes d'IA recensés", text)
    assert re.search(r"\b1 projets? arrêtés? ou abandonnés?", text)
    assert "Détection des fuites d'eau" in text
    assert "Tri des déchets par caméra" in text
    assert "Projet secret en brouillon" not in text


def listed(response) -> tuple[int, list[str]]:
    """The result count announced on the list page and the titles of the project cards."""
    page = response.content.decode()
    count = re.search(r'role="status"[^>]*>\s*<strong>(\d+)</strong>', page)
    assert count, "le nombre de résultats n'est pas annoncé"
    titles = re.findall(r'class="fr-card__title"><a href="[^"]+">([^<]+)</a>', page)
    return int(count.group(1)), sorted(html.unescape(title) for title in titles)


def test_list_shows_published_projects_only_and_drafts_are_404(client, world):
    assert listed(client.get(reverse("search:list"))) == (
        2, ["Détection des fuites d'eau", "Tri des déchets par caméra"])
    response = client.get(world["draft"].get_absolute_url())
    assert response.status_code == 404
    assert "Page introuvable" in visible_text(response)
    assert "Projet secret" not in visible_text(response)
    assert client.get(reverse("projects:history", args=[world["draft"].slug])).status_code == 404


@pytest.mark.parametrize(("query", "shown"), [
    ("domaine=eau-et-assainissement", "Détection des fuites d'eau"),
    ("avancement=stopped", "Tri des déchets par caméra"),
    ("q=caméra", "Tri des déchets par caméra"),
])
def test_filters_narrow_the_list(client, world, query, shown):
    assert listed(client.get(f"{reverse('search:list')}?{query}")) == (1, [shown])


def test_project_page_shows_sources_indicators_and_partners(client, world):
    response = client.get(world["leaks"].get_absolute_url())
    page = response.content.decode()
    assert 'href="https://www.example.fr/fuites"' in page
    assert 'href="https://www.example.fr/deliberation"' in page
    text = visible_text(response)
    assert "Article sur les fuites" in text and "Délibération" in text
    assert "Fuites détectées par an 75 150 fuites/an Régie des eaux, 2024" in text
    assert "Porté par Villefuite" in text
    stopped = visible_text(client.get(world["sorting"].get_absolute_url()))
    assert "Raison de l'arrêt ou de l'abandon Coût trop élevé pour la commune." in stopped
    assert "Avec : Villefuite (partenaire du projet)" in stopped
    # The draft shares its domain and collectivité: it must not be suggested as similar.
    assert "Projet secret en brouillon" not in stopped + text


def test_collectivite_page_lists_own_and_partner_projects(client, world):
    response = client.get(f"/collectivites/{world['a'].insee_code}/")
    assert response.status_code == 200
    text = visible_text(response)
    owned, _, partner = text.partition("Projets auxquels Villefuite participe")
    assert "Détection des fuites d'eau" in owned and "Tri des déchets" not in owned
    assert "Tri des déchets par caméra" in partner
    assert "Projet secret en brouillon" not in text


def test_commune_siren_redirects_to_the_insee_address(client, world):
    response = client.get(f"/collectivites/{world['a'].siren}/")
    assert response.status_code == 301
    assert response["Location"] == f"/collectivites/{world['a'].insee_code}/"


@pytest.mark.parametrize("code", ["99999", "123456789", "departement-999", "n-importe-quoi"])
def test_unknown_collectivite_is_a_french_404(client, world, code):
    response = client.get(f"/collectivites/{code}/")
    assert response.status_code == 404
    assert "Page introuvable" in visible_text(response)


# ---------------------------------------------------------------- the project form

def _payload(org, **overrides):
    payload = {
        "kind": "ai_system", "title": "Prévision des repas", "short_description": "Court.",
        "owner": org.pk, "status": "idea", "decision_role": "unknown",
        "secnumcloud": "unknown", "open_source": "unknown", "personal_data": "unknown",
        "dpia_done": "unknown", "fria_done": "unknown",
        "indicateurs-TOTAL_FORMS": 0, "indicateurs-INITIAL_FORMS": 0,
        "sources-TOTAL_FORMS": 0, "sources-INITIAL_FORMS": 0,
    }
    payload.update(overrides)
    return payload


def _error_summary(response) -> str:
    match = re.search(r'<div class="fr-alert fr-alert--error[^"]*"[^>]*id="erreurs".*?</div>',
                      response.content.decode(), flags=re.S)
    assert match, "le résumé des erreurs est absent"
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", match.group(0))))


def test_form_errors_are_summarised_in_french_and_nothing_is_created(client, world):
    client.force_login(world["member_a"])
    before = Project.objects.count()
    response = client.post(reverse("projects:create"),
                           _payload(world["a"], title="", partner_codes="12345678"))
    assert response.status_code == 200
    summary = _error_summary(response)
    assert "Le formulaire contient 2 erreurs" in summary
    assert "Titre : Ce champ est obligatoire." in summary
    assert ("Collectivités partenaires : aucune collectivité n'a le code « 12345678 »"
            in summary)
    assert 'href="#id_title"' in response.content.decode()
    assert Project.objects.count() == before


def test_stopped_without_reason_asks_for_the_reason(client, world):
    client.force_login(world["member_a"])
    before = Project.objects.count()
    response = client.post(reverse("projects:create"), _payload(world["a"], status="stopped"))
    assert response.status_code == 200
    summary = _error_summary(response)
    assert ("Raison de l'arrêt ou de l'abandon : Indiquez pourquoi le projet a été arrêté ou "
            "abandonné") in summary
    assert Project.objects.count() == before


def test_valid_form_creates_a_draft_of_the_members_collectivite(client, world):
    client.force_login(world["member_a"])
    response = client.post(reverse("projects:create"), _payload(
        world["a"], partner_codes=world["b"].insee_code, domains=[world["water"].pk]))
    project = Project.objects.get(title="Prévision des repas")
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert (project.owner, project.state, project.created_by) == (
        world["a"], WorkflowState.DRAFT, world["member_a"])
    assert list(project.partners.all()) == [world["b"]]


def _edit_payload(project, **overrides):
    current = {"title": project.title, "short_description": project.short_description,
               "status": project.status, "status_reason": project.status_reason,
               "version": project.version, "domains": [d.pk for d in project.domains.all()]}
    return _payload(project.owner, **{**current, **overrides})


def test_history_shows_before_and_after_and_restore_brings_back(client, world):
    project = world["draft"]
    member = MembershipFactory(organization=world["b"]).user
    services.update_project(project=project, author=member, expected_version=1,
                            data=services.ProjectData(fields={"title": "Fuites : nouveau nom"}))
    client.force_login(member)
    history_url = reverse("projects:history", args=[project.slug])
    text = visible_text(client.get(history_url))
    assert "Version 2 — Modification" in text
    assert "Titre Projet secret en brouillon Fuites : nouveau nom" in text
    assert "Restaurer la version 1" in text
    response = client.post(reverse("projects:restore", args=[project.slug, 1]), {"version": 2})
    assert response.status_code == 302 and response["Location"] == history_url
    project.refresh_from_db()
    assert (project.title, project.version) == ("Projet secret en brouillon", 3)
    text = visible_text(client.get(history_url))
    assert "La version 1 est restaurée" in text
    assert "Version 3 — Restauration de la version 1" in text


# ---------------------------------------------------------------- French everywhere

ENGLISH = re.compile(r"\b(Optional|Required|Submit|Save|Cancel|Search|Next|Previous"
                     r"|This field is required|Enter a valid)\b")


def _seen_by_users(response) -> str:
    """Visible text plus the attributes users read too (tooltips, placeholders, labels read
    aloud, alternative texts)."""
    attributes = re.findall(r'\b(?:title|placeholder|aria-label|alt)="([^"]*)"',
                            response.content.decode())
    return visible_text(response) + " " + html.unescape(" ".join(attributes))


def test_no_english_ui_words_on_the_main_pages(client, world):
    moderator = UserFactory(moderator=True)
    member = world["member_a"]
    leaks = world["leaks"]
    pages = {
        "accueil": (None, "get", reverse("www:home"), None),
        "liste": (None, "get", reverse("search:list"), None),
        "fiche": (None, "get", leaks.get_absolute_url(), None),
        "collectivité": (None, "get", world["a"].get_absolute_url(), None),
        "recherche de collectivité": (None, "get", f"{reverse('territories:search')}?q=ville",
                                      None),
        "à propos": (None, "get", reverse("core:about"), None),
        "connexion": (None, "get", reverse("accounts:login"), None),
        "connexion en erreur": (None, "post", reverse("accounts:login"),
                                {"username": "pas-une-adresse", "password": ""}),
        "inscription": (None, "get", reverse("accounts:signup"), None),
        "inscription en erreur": (None, "post", reverse("accounts:signup"),
                                  {"email": "pas-une-adresse", "password": "123"}),
        "404": (None, "get", "/projets/introuvable/", None),
        "mon compte": (member, "get", reverse("www:me"), None),
        "modération": (moderator, "get", reverse("www:moderation"), None),
        "domaines": (moderator, "get", reverse("projects:taxonomy", args=["domaines"]), None),
        "formulaire": (member, "get", reverse("projects:create"), None),
        "formulaire en erreur": (member, "post", reverse("projects:create"),
                                 _payload(world["a"], title="", contact_email="pas-une-adresse",
                                          web_page="pas une adresse", start_year="abc")),
        "modification": (member, "get", reverse("projects:edit", args=[leaks.slug]), None),
        "historique": (member, "get", reverse("projects:history", args=[leaks.slug]), None),
    }
    found = {}
    for name, (user, method, url, data) in pages.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
        assert response.status_code in (200, 404), (name, response.status_code)
        words = sorted(set(ENGLISH.findall(_seen_by_users(response))))
        if words:
            found[name] = words
    assert found == {}
