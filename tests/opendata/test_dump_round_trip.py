"""A published dump imported into an empty instance (reference data loaded) gives back
every published project at the same address, with its indicators and sources; the table
format (CSV) carries indicators and source titles too."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from recensia.opendata.dump import import_dump, read_dump
from recensia.opendata.exports import write_dump
from recensia.opendata.tabular import import_table, read_table
from recensia.projects import services, taxonomy
from recensia.projects.models import Domain, Project, WorkflowState
from recensia.territories.models import Organization, OrganizationKind
from tests.factories import UserFactory
from tests.opendata.test_exports import make_register

pytestmark = pytest.mark.django_db
CHANGES_ON_IMPORT = {"updated_at", "version"}  # a new instance starts its own history


def _full_register() -> dict:
    register = make_register()
    moderator = UserFactory(moderator=True)
    cemeteries = taxonomy.save_taxonomy_entry(user=moderator, model=Domain, name="Cimetières")
    syndicat = register["orgs"]["syndicat"]
    twins = []
    for place in ("premier", "second"):  # same title: the second gets « -2 »
        twins.append(services.create_project(
            author=None, state=WorkflowState.PUBLISHED, check_permissions=False,
            data=services.ProjectData(
                fields={"title": "Gestion des concessions", "kind": "ai_system",
                        "short_description": f"Le {place} projet de ce nom."},
                owner=syndicat, domains=[cemeteries],
                indicators=[{"label": "Délai de réponse", "value_before": Decimal("-12.5"),
                             "value_after": Decimal("3"), "unit": "jours",
                             "measured_by": "le syndicat", "measured_on": "2025-03",
                             "source_url": "https://www.example.fr/bilan", "note": "médiane"}],
                sources=[{"url": "https://www.example.fr/a", "title": "Délibération"},
                         {"url": "https://www.example.fr/b", "title": ""}])))
    register["twins"] = twins
    return register


def _items(path) -> dict[str, dict]:
    items = json.loads(path.read_text(encoding="utf-8"))["items"]
    return {item["slug"]: {k: v for k, v in item.items() if k not in CHANGES_ON_IMPORT}
            for item in items}


def _empty_instance_with_reference_data() -> None:
    """What a new instance has: the official collectivités and the reference lists."""
    reference = list(Organization.objects.exclude(kind=OrganizationKind.OTHER).values())
    call_command("flush", interactive=False, verbosity=0)
    Organization.objects.bulk_create(Organization(**row) for row in reference)
    from recensia.search.management.commands.load_reference_lists import DATA
    taxonomy.load_reference_lists(json.loads(DATA.read_text(encoding="utf-8")))
    assert not Project.objects.exists()


# Committed transactions: emptying the database (TRUNCATE on PostgreSQL) cannot happen
# inside the test's transaction.
@pytest.mark.django_db(transaction=True)
def test_a_dump_imported_into_an_empty_instance_gives_back_every_published_project(
        reference_lists, tmp_path):
    register = _full_register()
    original = _items(write_dump(tmp_path / "origine")["json"])
    assert len(original) == 7 and register["draft"].slug not in original
    first, second = register["twins"]
    assert (first.slug, second.slug) == ("gestion-des-concessions",
                                         "gestion-des-concessions-2")

    _empty_instance_with_reference_data()
    dry = import_dump(read_dump(tmp_path / "origine" / "projets.json"), dry_run=True)
    assert dry.created == 7 and not Project.objects.exists()
    report = import_dump(read_dump(tmp_path / "origine" / "projets.json"))
    assert (report.created, report.updated) == (7, 0)

    restored = _items(write_dump(tmp_path / "copie")["json"])
    assert restored == original  # same addresses, indicators, sources, codes, dates
    twin = Project.objects.get(slug="gestion-des-concessions")
    assert twin.short_description == "Le premier projet de ce nom."
    assert twin.indicators.get().value_before == Decimal("-12.5")
    assert twin.owner.url_code == "organisme-syndicat-des-eaux-du-val"
    # Replaying the dump changes nothing.
    again = import_dump(read_dump(tmp_path / "origine" / "projets.json"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)


def test_a_dump_with_an_address_used_by_another_project_imports_nothing(
        reference_lists, tmp_path):
    make_register()
    path = write_dump(tmp_path)["json"]
    items = json.loads(path.read_text(encoding="utf-8"))["items"]
    for item in items:
        item["source_id"] = "ailleurs-" + item["source_id"]  # other projects, same addresses
    with pytest.raises(Exception, match="déjà celle d'un autre projet"):
        import_dump({"count": len(items), "items": items})
    assert not Project.objects.filter(source_id__startswith="ailleurs-").exists()


def test_the_csv_carries_indicators_and_source_titles_without_loss(
        client, reference_lists, tmp_path):
    register = _full_register()
    csv_path = write_dump(tmp_path)["csv"]
    before = {p.pk: (list(p.indicators.values_list("label", "value_before", "value_after",
                                                   "unit", "measured_on", "note")),
                     list(p.sources.values_list("url", "title"))) for p in Project.objects.all()}
    for project in register["twins"]:
        project.indicators.all().delete()
        project.sources.update(title="")
    report = import_table(read_table("projets.csv", csv_path.read_bytes()))
    assert report.ok and report.updated == 2, str(report)
    after = {p.pk: (list(p.indicators.values_list("label", "value_before", "value_after",
                                                  "unit", "measured_on", "note")),
                    list(p.sources.values_list("url", "title"))) for p in Project.objects.all()}
    assert after == before
