"""Fast bulk import: same register, versions and search index as the project services."""

from __future__ import annotations

import copy
from collections import Counter

import pytest
from django.utils.text import slugify

from recensia.opendata.bulk import bulk_import_projects
from recensia.opendata.importing import ImportFailed, import_projects
from recensia.projects.models import (
    Indicator,
    Project,
    ProjectPartner,
    ProjectRevision,
    Source,
    WorkflowState,
)
from recensia.projects.versions import take_snapshot
from recensia.search.models import SearchChange, SearchDocument, SearchTerm
from recensia.search.selectors import search_projects
from recensia.search.state import get_index
from recensia.territories.models import OrganizationKind
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

TITLES = [
    ("Détection des fuites sur le réseau d'eau potable", "Eau et assainissement",
     "Capteurs et analyse de données (IoT)"),
    ("Prévision des repas à la cantine", "Éducation et restauration scolaire",
     "Prévision par apprentissage automatique"),
    ("Alerte inondation pour les habitants", "Risques naturels",
     "Prévision par apprentissage automatique"),
    ("Repérage des dépôts sauvages par vidéoprotection", "Déchets et propreté",
     "Vision par ordinateur"),
    ("Chatbot de l'accueil de la mairie", "Relation aux usagers et accueil",
     "Agent conversationnel (chatbot, callbot)"),
]
STATUSES = ["idea", "study", "pilot", "deployed", "stopped"]


@pytest.fixture
def owners(reference_lists):
    communes = [OrganizationFactory(name=f"Villebourg {i}") for i in range(4)]
    epci = OrganizationFactory(epci=True, name="Communauté de communes du Val")
    return communes, epci


def _items(owners, count: int = 50) -> list[dict]:
    communes, epci = owners
    items = []
    for i in range(count):
        title, domain, technique = TITLES[i % len(TITLES)]
        owner = communes[i % len(communes)] if i % 3 else epci
        ref = ({"kind": "epci", "siren": epci.siren} if owner == epci
               else {"kind": "commune", "insee_code": owner.insee_code})
        status = STATUSES[i % len(STATUSES)]
        partner = communes[(i + 1) % len(communes)]
        items.append({
            "source_id": f"essai-{i:03d}",
            "title": f"{title} ({i})",
            "short_description": f"Un outil pour {title.lower()}, au service des habitants.",
            "description": "Les données du service sont analysées chaque semaine. "
                           "Les agents vérifient les résultats ; coût : 12 000 €.",
            "keywords": ["données", "prévision"],
            "owner": ref,
            "partners": [{"kind": "commune", "insee_code": partner.insee_code,
                          "role": "follower"}] if i % 4 == 0 and owner != partner else [],
            "domains": [domain] + (["Données et aide à la décision"] if i % 5 == 0 else []),
            "techniques": [technique],
            "status": status,
            "status_reason": "Fin du financement." if status == "stopped" else "",
            "start_year": 2018 + i % 9,
            "decision_role": "assists",
            "results_summary": "Gaspillage réduit de moitié.",
            "indicators": [{"label": "Volume d'eau perdu", "value_before": 350000.5,
                            "value_after": 240000, "unit": "m³ par an",
                            "measured_by": "la collectivité", "measured_on": "2024",
                            "note": "", "source_url": ""}] if i % 2 else [],
            "vendor": {"name": f"Fournisseur {i % 3}", "siren": ""} if i % 3 else None,
            "solution_name": f"Solution {i % 3}" if i % 3 else "",
            "hosting_country": "France" if i % 3 else "",
            "sources": [{"url": f"https://www.exemple.fr/projets/{i}", "title": " Article "}],
            "lessons_learned": "Associer les agents dès le départ.",
        })
    return items


def test_bulk_import_publishes_and_indexes(owners):
    items = _items(owners)
    progress = []
    created = bulk_import_projects(items, batch_size=20,
                                   progress=lambda done, total: progress.append(done))
    assert created == 50
    assert progress == [20, 40, 50]
    projects = list(Project.objects.all())
    assert len(projects) == 50
    assert all(p.state == WorkflowState.PUBLISHED and p.published_at for p in projects)
    assert {p.source_id for p in projects} == {it["source_id"] for it in items}
    assert all(p.slug.startswith(slugify(p.title)) for p in projects)
    assert Indicator.objects.count() == 25
    assert Source.objects.count() == 50
    assert ProjectPartner.objects.count() == sum(len(it["partners"]) for it in items)
    assert SearchDocument.objects.count() == 50
    assert SearchChange.objects.count() == 50
    assert SearchTerm.objects.filter(word="fuites").exists()

    # One first version per project, identical to what take_snapshot reads back.
    for project in projects:
        revisions = list(project.revisions.all())
        assert [(r.number, r.action) for r in revisions] == [(1, "Import")]
        assert revisions[0].snapshot == take_snapshot(project)

    # Search finds them, facet counts match the items.
    results = search_projects(q="fuites")
    assert results.total == sum("fuites" in it["title"] for it in items) == 10
    assert results.query == "fuites"
    everything = search_projects()
    assert everything.total == 50
    domain_counts = {fv.label: fv.count for fv in everything.facets["domaine"]}
    assert domain_counts == dict(Counter(d for it in items for d in it["domains"]))
    status_counts = {fv.value: fv.count for fv in everything.facets["avancement"]}
    assert status_counts == dict(Counter(it["status"] for it in items))
    type_counts = {fv.value: fv.count for fv in everything.facets["type"]}
    assert type_counts == {OrganizationKind.COMMUNE: 33, OrganizationKind.EPCI: 17}
    filtered = search_projects(q="cantine", filters={"avancement": ["idea", "study"],
                                                     "annee": ["2019"]})
    assert filtered.total == sum(
        "cantine" in it["title"] and it["status"] in ("idea", "study")
        and it["start_year"] == 2019 for it in items)


def test_running_index_sees_a_bulk_import(owners):
    items = _items(owners, 10)
    bulk_import_projects(items[:5])
    assert get_index().published.bit_count() == 5
    bulk_import_projects(items[5:])
    assert search_projects().total == 10


def test_same_result_as_one_by_one_creation(owners):
    items = _items(owners, 4)[1:3]
    assert bulk_import_projects(items) == 2
    one_by_one = copy.deepcopy(items)
    for item in one_by_one:
        item["source_id"] += "-services"
    import_projects({"format": "recensia-projets", "version": 1, "projects": one_by_one})
    for item in items:
        bulk = Project.objects.get(source_id=item["source_id"])
        reference = Project.objects.get(source_id=item["source_id"] + "-services")
        bulk_doc, ref_doc = bulk.search_document, reference.search_document
        assert bulk_doc.title_terms == ref_doc.title_terms
        assert bulk_doc.body_terms == ref_doc.body_terms
        assert bulk_doc.body_terms  # not trivially equal
        bulk_rev = ProjectRevision.objects.get(project=bulk)
        ref_rev = ProjectRevision.objects.get(project=reference)
        assert bulk_rev.snapshot == ref_rev.snapshot
        assert sorted(bulk_rev.snapshot) == sorted(take_snapshot(reference))
        assert bulk.vendor_id == reference.vendor_id
        assert bulk.domains.count() == reference.domains.count() >= 1


def test_replay_creates_nothing_and_problems_write_nothing(owners):
    items = _items(owners, 6)
    assert bulk_import_projects(items) == 6
    assert bulk_import_projects(items) == 0
    assert Project.objects.count() == 6

    bad = _items(owners, 8)[6:]
    bad[0]["domains"] = ["Domaine inconnu"]
    bad[1]["owner"] = {"kind": "commune", "insee_code": "00000"}
    with pytest.raises(ImportFailed) as failure:
        bulk_import_projects(bad)
    problems = failure.value.report.problems
    assert {p.field for p in problems} == {"domains", "owner"}
    assert Project.objects.count() == 6
    assert SearchChange.objects.count() == 6
