"""Selectors on the full reference data."""

import pytest

from recensia.territories.models import Organization, OrganizationKind
from recensia.territories.selectors import (
    get_organization_by_code,
    organization_stats,
    search_organizations,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "kind", "name"),
    [
        ("78490", OrganizationKind.COMMUNE, "Plaisir"),
        ("2A247", OrganizationKind.COMMUNE, "Porto-Vecchio"),
        ("2a247", OrganizationKind.COMMUNE, "Porto-Vecchio"),
        ("217804905", OrganizationKind.COMMUNE, "Plaisir"),
        ("243800604", OrganizationKind.EPCI, "CA Porte de l'Isère (CAPI)"),
        ("200057867", OrganizationKind.OTHER, "Plaine Commune"),
        ("departement-29", OrganizationKind.DEPARTEMENT, "Finistère"),
        ("departement-2A", OrganizationKind.DEPARTEMENT, "Corse-du-Sud"),
        ("region-11", OrganizationKind.REGION, "Île-de-France"),
        (" 78490 ", OrganizationKind.COMMUNE, "Plaisir"),
    ],
)
def test_get_organization_by_code(territories_loaded, code, kind, name):
    organization = get_organization_by_code(code)
    assert organization is not None
    assert organization.kind == kind
    assert organization.name == name


@pytest.mark.parametrize(
    "code",
    ["", "7849", "784900", "99999", "departement-00", "region-", "organisme-abc", "Plaisir",
     "123456789"],
)
def test_get_organization_by_code_unknown(territories_loaded, code):
    assert get_organization_by_code(code) is None


def test_get_organization_by_code_round_trips_url_code(territories_loaded):
    manual = Organization.objects.create(kind=OrganizationKind.OTHER, name="SDIS de test",
                                         other_type="sdis")
    assert manual.url_code == "organisme-sdis-de-test"  # never its database id
    assert get_organization_by_code(manual.url_code) == manual
    assert get_organization_by_code(f"organisme-{manual.pk}") == manual  # older addresses
    # A namesake gets its own code, and a rename keeps the code (the address is stable).
    other = Organization.objects.create(kind=OrganizationKind.OTHER, name="SDIS de test",
                                        other_type="sdis",
                                        departement=get_organization_by_code("departement-78"))
    assert other.url_code == "organisme-sdis-de-test-78"
    manual.name = "SDIS renommé"
    manual.save()
    assert manual.url_code == "organisme-sdis-de-test"
    for code in ["78490", "departement-78", "region-11", "243800604"]:
        assert get_organization_by_code(code).url_code == code


def names(results):
    return [organization.name for organization in results]


def test_search_is_accent_and_case_insensitive(territories_loaded):
    for query in ["saint etienne", "SAINT-ÉTIENNE", "Saint-Etienne", "saint  étienne"]:
        results = search_organizations(query)
        assert results[0].name == "Saint-Étienne"
        assert results[0].insee_code == "42218"
    assert search_organizations("finistere")[0].name == "Finistère"
    assert search_organizations("oeuilly")[0].name == "Œuilly"
    assert search_organizations("l hay les roses")[0].name == "L'Haÿ-les-Roses"


def test_search_orders_communes_by_population(territories_loaded):
    results = search_organizations("saint", limit=50)
    assert len(results) == 50
    communes = [o for o in results if o.kind == OrganizationKind.COMMUNE]
    populations = [o.population or 0 for o in communes]
    assert populations == sorted(populations, reverse=True)
    assert names(search_organizations("plaisir"))[:2] == ["Plaisir", "Saint-Plaisir"]


def test_search_by_code(territories_loaded):
    assert names(search_organizations("78490")) == ["Plaisir"]
    assert names(search_organizations("243800604")) == ["CA Porte de l'Isère (CAPI)"]
    assert names(search_organizations("departement-29")) == ["Finistère"]
    results = search_organizations("29", limit=5)
    assert results[0].name == "Finistère"
    assert results[1].name == "Brest"


def test_search_limits_and_obsolete(territories_loaded):
    assert search_organizations("") == []
    assert search_organizations("   ") == []
    assert search_organizations("--") == []
    assert len(search_organizations("a", limit=7)) == 7
    Organization.objects.filter(kind=OrganizationKind.COMMUNE, insee_code="78490").update(
        is_obsolete=True)
    assert "Plaisir" not in names(search_organizations("plaisir"))
    assert "Plaisir" in names(search_organizations("plaisir", include_obsolete=True))


def test_organization_stats(territories_loaded):
    stats = organization_stats()
    assert stats[OrganizationKind.COMMUNE] == 34_969
    assert stats[OrganizationKind.EPCI] == 1_255
    assert stats[OrganizationKind.DEPARTEMENT] == 109
    assert stats[OrganizationKind.REGION] == 26
    assert stats[OrganizationKind.OTHER] == 11
    Organization.objects.filter(kind=OrganizationKind.COMMUNE, insee_code="78490").update(
        is_obsolete=True)
    assert organization_stats()[OrganizationKind.COMMUNE] == stats[OrganizationKind.COMMUNE] - 1
