"""Search cases of the register, run on the database in use (SQLite or PostgreSQL):
`make test` runs this file on both backends."""

import pytest
from django.db import connection

from recensia.projects import services
from recensia.projects.models import WorkflowState
from recensia.search.selectors import search_projects, similar_projects, suggestions
from recensia.territories.models import OrganizationKind
from tests.factories import OrganizationFactory, UserFactory, make_project

pytestmark = pytest.mark.django_db


def _publish(title, short="Un projet de la collectivité.", *, owner=None, **fields):
    return make_project(title=title, short_description=short, owner=owner,
                        state=WorkflowState.PUBLISHED, **fields)


def _titles(q, **kwargs):
    return [p.title for p in search_projects(q=q, **kwargs).projects]


def test_backend_in_use_is_the_database_one():
    from recensia.search.backends import get_backend

    assert get_backend().vendor == connection.vendor


@pytest.mark.parametrize("query", ["fuite", "fuites", "FUITE", "Fuîtes"])
def test_plural_case_and_accents_do_not_matter(query):
    _publish("Détection des fuites sur le réseau d'eau")
    _publish("Accueil téléphonique")
    assert _titles(query) == ["Détection des fuites sur le réseau d'eau"]


@pytest.mark.parametrize(("query", "title"), [
    ("inondations", "Alerte en cas d'inondation"),
    ("inondation", "Alerte en cas d'inondations"),
    ("prévisions", "Prevision des repas"),
    ("prevision", "Prévisions de fréquentation"),
])
def test_french_stemming(query, title):
    _publish(title)
    _publish("Autre chose sans rapport")
    assert _titles(query) == [title]


@pytest.mark.parametrize(("query", "title"), [
    ("chatbot", "Agent conversationnel pour les habitants"),
    ("assistant vocal", "Un callbot au standard"),
    ("parking", "Places de stationnement libres"),
    ("ordures", "Collecte des déchets ménagers"),
    ("vidéosurveillance", "Vidéoprotection algorithmique"),
    ("cantine", "Gaspillage en restauration scolaire"),
    ("crue", "Prévoir les inondations"),
    ("déchets", "Collecte des ordures ménagères"),
    ("dépôts sauvages", "Repérer les décharges illégales"),
    ("décharges illégales", "Caméras contre les dépôts sauvages"),
])
def test_synonyms_of_the_field(synonyms, query, title):
    _publish(title)
    _publish("Autre chose sans rapport")
    assert _titles(query) == [title]


def test_a_moderator_adds_a_synonym_without_code(client, synonyms):
    _publish("Gestion des horodateurs")
    assert _titles("parcmètres") == []
    client.force_login(UserFactory(moderator=True))
    response = client.post("/moderation/synonymes/", {"terms": "horodateurs, parcmètres"})
    assert response.status_code == 302
    assert _titles("parcmètres") == ["Gestion des horodateurs"]


def test_one_typo_is_corrected_and_said_with_a_link_to_the_literal_query(client):
    _publish("Prévision des inondations")
    results = search_projects(q="inondasion")
    assert [p.title for p in results.projects] == ["Prévision des inondations"]
    assert results.corrections == {"inondasion": "inondation"}
    html = client.get("/projets/", {"q": "inondasion"}).content.decode()
    assert "Recherche effectuée pour « <strong>inondation</strong> »" in html
    assert "?q=inondasion&amp;exact=1" in html
    literal = client.get("/projets/", {"q": "inondasion", "exact": "1"}).content.decode()
    assert "Recherche effectuée pour" not in literal and "Aucun projet ne correspond" in literal


def test_a_french_word_is_never_corrected_into_another():
    # « soir » is one letter away from « soit » and « loir », which projects contain.
    _publish("Un loir dans le jardin", short="Soit un projet.")
    results = search_projects(q="soir")
    assert results.total == 0
    assert results.corrections == {} and results.parsed.unknown == ["soir"]


def test_a_known_name_is_never_corrected():
    OrganizationFactory(name="Saint-Brevin")  # a collectivité without any project
    _publish("Lecture des brevis")
    assert search_projects(q="brevin").total == 0
    assert search_projects(q="brevim").corrections == {"brevim": "brevis"}


def test_unknown_word_finds_nothing_and_is_reported():
    _publish("Prévision des inondations")
    results = search_projects(q="zorglub")
    assert results.total == 0 and results.parsed.unknown == ["zorglub"]


def test_when_no_project_has_every_word_those_with_the_most_come_first(client):
    both = _publish("Collecte des encombrants", short="Un callbot prend les demandes.")
    one = _publish("Collecte des encombrants", short="Une application mobile.")
    _publish("Éclairage public")
    results = search_projects(q="callbot encombrants soir")
    assert results.partial
    assert [p.pk for p in results.projects] == [both.pk, one.pk]
    assert results.ignored == ["soir"] and results.parsed.unknown == ["soir"]
    html = client.get("/projets/", {"q": "callbot encombrants soir"}).content.decode()
    assert "Aucun projet ne contient tous les mots ; voici ceux qui en contiennent le plus" \
        in html
    assert "« soir »" in html


def test_every_word_found_means_no_partial_message(client):
    _publish("Collecte des encombrants", short="Un callbot prend les demandes.")
    results = search_projects(q="callbot encombrants")
    assert not results.partial and results.total == 1
    html = client.get("/projets/", {"q": "callbot encombrants"}).content.decode()
    assert "Aucun projet ne contient tous les mots" not in html


def test_a_common_word_missing_does_not_hide_a_project_with_the_rare_one():
    # « IA » is in almost every project: a canteen project without it is still found,
    # after the one that has both words; a project with only « IA » is not.
    only_ia = [_publish(f"IA numéro {i}", short="Un outil d'IA pour les agents.")
               for i in range(6)]
    both = _publish("IA pour la cantine")
    canteen = _publish("Prévision des repas à la cantine")
    results = search_projects(q="IA cantine")
    assert not results.partial
    assert [p.pk for p in results.projects] == [both.pk, canteen.pk]
    assert not {p.pk for p in only_ia} & {p.pk for p in results.projects}


def test_stationnement_no_longer_finds_wastewater_stations(synonyms):
    parking = _publish("Places de stationnement libres")
    _publish("Surveillance des stations d'épuration")
    assert [p.pk for p in search_projects(q="stationnement").projects] == [parking.pk]
    assert [p.pk for p in search_projects(q="parking").projects] == [parking.pk]


def test_a_broader_word_finds_narrower_ones_but_not_back(synonyms):
    bulky = _publish("Enlèvement des encombrants")
    waste = _publish("Déchets ménagers")
    assert {p.pk for p in search_projects(q="déchets").projects} == {bulky.pk, waste.pk}
    assert [p.pk for p in search_projects(q="encombrants").projects] == [bulky.pk]


def test_the_page_says_which_synonyms_were_used(client, synonyms):
    _publish("Places de stationnement libres")
    results = search_projects(q="parking")
    assert results.synonyms_used == {"parking": ["places de stationnement", "stationnement"]}
    html = client.get("/projets/", {"q": "parking"}).content.decode()
    assert ("Synonymes utilisés : « parking » a aussi cherché places de stationnement, "
            "stationnement.") in html


def test_shipped_thesaurus_has_at_least_100_groups_that_all_load(db):
    from recensia.search.models import SynonymGroup, split_synonym_terms
    from recensia.search.services import SYNONYMS_FILE as SYNONYMS
    from recensia.search.services import load_synonyms

    lines = [line for line in SYNONYMS.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert len(lines) >= 100
    assert load_synonyms(lines) == len(lines)
    assert load_synonyms(lines) == 0  # idempotent
    one_way = [g for g in SynonymGroup.objects.all() if split_synonym_terms(g.terms)[1]]
    assert one_way


def test_prefix_for_search_as_you_type():
    _publish("Prévision des inondations")
    _publish("Standard téléphonique")
    assert [p.title for p in suggestions("inond")] == ["Prévision des inondations"]
    assert [p.title for p in suggestions("prévision des inon")] == ["Prévision des inondations"]


def test_ranking_weighs_fields_and_rarity_then_recency():
    body_old = _publish("Tableau de bord", short="Suivi des fuites d'eau.")
    title_old = _publish("Fuites d'eau : détection")
    body_new = _publish("Hyperviseur urbain", short="Alertes de fuites.")
    title_new = _publish("Traque des fuites")
    # Title before short description; a shorter field before a longer one.
    assert _titles("fuites") == [title_new.title, title_old.title, body_new.title,
                                 body_old.title]
    assert _titles("fuites", sort="date") == [title_new.title, body_new.title,
                                              title_old.title, body_old.title]
    same = [_publish("Détection des fuites") for _ in range(2)]
    assert _titles("détection fuites")[:2] == [same[1].title, same[0].title]


def test_searches_collectivite_solution_and_vendor_names():
    owner = OrganizationFactory(name="Saint-Savin")
    _publish("Détection", owner=owner, solution_name="Leakmited Pro")
    assert _titles("saint savin") == ["Détection"]
    assert _titles("leakmited") == ["Détection"]


def test_facet_counts_equal_matching_projects():
    commune = OrganizationFactory(population=900)
    epci = OrganizationFactory(epci=True, population=120_000)
    _publish("Fuites A", owner=commune, status="deployed")
    _publish("Fuites B", owner=epci, status="pilot")
    _publish("Fuites C", owner=epci, status="deployed")
    _publish("Cantine", owner=commune, status="deployed")
    results = search_projects(q="fuites")
    counts = {f.value: f.count for f in results.facets["avancement"]}
    assert counts == {"deployed": 2, "pilot": 1}
    assert {f.value: f.count for f in results.facets["type"]} == {
        OrganizationKind.COMMUNE: 1, OrganizationKind.EPCI: 2}
    assert {f.value: f.count for f in results.facets["population"]} == {
        "moins-de-1000": 1, "100000-et-plus": 2}
    for name, values in results.facets.items():
        if name not in ("domaine", "technique"):  # multi-valued facets may overlap
            assert sum(v.count for v in values) <= results.total

    narrowed = search_projects(q="fuites", filters={"avancement": ["deployed"]})
    assert narrowed.total == 2
    # The facet being filtered keeps its other values (to widen the choice)…
    assert {f.value: f.count for f in narrowed.facets["avancement"]} == {
        "deployed": 2, "pilot": 1}
    # …while the other facets count within the filtered result.
    assert {f.value: f.count for f in narrowed.facets["type"]} == {
        OrganizationKind.COMMUNE: 1, OrganizationKind.EPCI: 1}
    both = search_projects(q="fuites", filters={"avancement": ["deployed", "pilot"],
                                                "type": [OrganizationKind.EPCI]})
    assert sorted(p.title for p in both.projects) == ["Fuites B", "Fuites C"]


def test_index_follows_publication_and_archiving():
    project = make_project(title="Détection des fuites")
    assert _titles("fuites") == []
    moderator = UserFactory(moderator=True)
    project.state = WorkflowState.SUBMITTED
    project.save(update_fields=["state"])
    services.publish_project(project=project, moderator=moderator)
    assert _titles("fuites") == ["Détection des fuites"]
    services.archive_project(project=project, author=moderator)
    assert _titles("fuites") == []


def test_edits_are_searchable_at_once():
    project = _publish("Projet sans nom")
    services.update_project(project=project, author=None, expected_version=None,
                            data=services.ProjectData(fields={"title": "Vidéoprotection"}),
                            check_permissions=False)
    assert _titles("vidéoprotection") == ["Vidéoprotection"]
    assert _titles("nom") == []


def test_pagination_and_url_state(client):
    for i in range(25):
        _publish(f"Fuites numéro {i}")
    first = search_projects(q="fuites", page=1)
    second = search_projects(q="fuites", page=2)
    assert first.total == 25 and first.pages == 2
    assert len(first.projects) == 20 and len(second.projects) == 5
    assert not {p.pk for p in first.projects} & {p.pk for p in second.projects}
    response = client.get("/projets/", {"q": "fuites", "avancement": "idea", "page": 2})
    html = response.content.decode()
    assert "25</strong> projets" in html
    assert 'name="avancement" value="idea" checked' in html
    assert "q=fuites&amp;avancement=idea&amp;page=1" in html


def test_similar_projects_share_domain_first():
    from tests.factories import DomainFactory

    water = DomainFactory()
    other = DomainFactory(name="Déchets et propreté", slug="dechets-et-proprete")
    a = _publish("Fuites A")
    b = _publish("Fuites B")
    c = make_project(title="Tournées", state=WorkflowState.PUBLISHED)
    c.domains.set([other])
    services.update_project(project=c, author=None, expected_version=None,
                            data=services.ProjectData(fields={}, domains=[other]),
                            check_permissions=False)
    assert water in a.domains.all()
    similar = similar_projects(a)
    assert similar[0] == b
    assert a not in similar


def test_a_change_made_by_another_process_is_seen_within_a_quarter_of_a_second(search_clock):
    """What the README promises: a process sees its own changes at once, those of the other
    server processes within a quarter of a second (and not on every request)."""
    from recensia.projects.models import Project
    from recensia.search.models import SearchChange

    project = _publish("Détection des fuites")
    for _ in range(2):  # builds the index, then reads this process's own changes at once
        assert search_projects().total == 1
    # Another server process archives it: it writes the project and the change log, and this
    # process is not told.
    Project.objects.filter(pk=project.pk).update(state=WorkflowState.ARCHIVED)
    SearchChange.objects.create(project_id=project.pk)
    search_clock.advance(0.2)
    assert search_projects().total == 1
    search_clock.advance(0.05)
    assert search_projects().total == 0


def test_similar_projects_by_content_and_vendor_say_why():
    from tests.factories import DomainFactory, TechniqueFactory

    def publish(title, short, vendor=None):
        data = services.ProjectData(
            fields={"title": title, "short_description": short}, owner=OrganizationFactory(),
            domains=[DomainFactory()], techniques=[TechniqueFactory()], vendor_name=vendor,
            sources=[{"url": "https://www.example.fr/article", "title": "Article"}])
        return services.create_project(author=None, data=data, check_permissions=False,
                                       state=WorkflowState.PUBLISHED)

    one = publish("Caméras contre les dépôts sauvages",
                  "Des caméras repèrent les dépôts sauvages de déchets.", "Vizzia")
    sibling = publish("Piéger les dépôts sauvages",
                      "Caméras qui filment les dépôts sauvages.", "Vizzia")
    publish("Standard téléphonique", "Un callbot répond aux appels.")
    publish("Caméras de vidéoprotection", "Des caméras sur la place.")
    similar = similar_projects(one)
    assert similar[0] == sibling
    assert "même usage (textes proches)" in similar[0].similar_reasons
    assert "même fournisseur (Vizzia)" in similar[0].similar_reasons
    assert one not in similar
