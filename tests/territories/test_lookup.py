"""Finding a collectivité from what an agent types, on the real reference data."""

import pytest

from recensia.territories.lookup import lookup_organizations
from recensia.territories.models import Organization, OrganizationKind
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def names(lookup):
    return [org.name for org in lookup.results]


def test_a_postal_code_gives_the_communes_it_serves_never_the_commune_with_that_insee_code(
        territories_loaded):
    lookup = lookup_organizations("17250")
    assert len(lookup.results) == 13
    assert all("17250" in org.postal_codes.split() for org in lookup.results)
    assert "Mosnac" not in names(lookup)  # INSEE code 17250, postal code 17240
    assert "Saint-Sulpice-d'Arnoult" in names(lookup)
    assert lookup.interpretation == "17250 est un code postal : 13 communes desservies."
    assert names(lookup_organizations("CP 17 250")) == names(lookup)


def test_an_insee_code_that_is_also_a_postal_code_needs_its_label(territories_loaded):
    assert names(lookup_organizations("INSEE 17250")) == ["Mosnac"]
    assert names(lookup_organizations("code INSEE : 17250")) == ["Mosnac"]


@pytest.mark.parametrize("query, expected", [
    ("INSEE 18033", "Bourges"),
    ("insee18033", "Bourges"),
    ("18033", "Bourges"),  # no commune has the postal code 18033: read as an INSEE code
    ("2A004", "Ajaccio"),
    ("SIREN 243 100 633", "CA du Sicoval"),
    ("243.100.633", "CA du Sicoval"),
    ("SIRET 243 100 633 00012", "CA du Sicoval"),
    ("211800339", "Bourges"),  # SIREN of the commune
    ("81", "Tarn"),
    ("75011", "Paris"),
])
def test_messy_codes(territories_loaded, query, expected):
    assert names(lookup_organizations(query)) == [expected]


def test_homonyms_come_first_each_with_its_departement_and_population(territories_loaded):
    lookup = lookup_organizations("Saint-Sulpice")
    homonyms = [org for org in lookup.results if org.name == "Saint-Sulpice"]
    assert lookup.results[:7] == homonyms and len(homonyms) == 7
    departements = {org.departement.insee_code for org in homonyms}
    assert departements == {"01", "46", "58", "60", "63", "70", "73"}
    savoie = next(org for org in homonyms if org.departement.insee_code == "73")
    assert savoie.summary == "Commune · Savoie (73) · 821 habitants"
    # Larger first among the exact names.
    assert [org.population for org in homonyms] == sorted(
        (org.population for org in homonyms), reverse=True)
    assert "Saint-Sulpice-la-Pointe" in names(lookup)  # names that start with it follow


@pytest.mark.parametrize("query", ["saint sulpice", "St Sulpice", "SAINT-SULPICE", "st-sulpice"])
def test_spelling_variants_give_the_same_list(territories_loaded, query):
    assert names(lookup_organizations(query)) == names(lookup_organizations("Saint-Sulpice"))


def test_a_departement_in_brackets_or_after_the_name_narrows_the_list(territories_loaded):
    assert names(lookup_organizations("Saint-Sulpice (81)")) == ["Saint-Sulpice-la-Pointe"]
    only = lookup_organizations("Saint-Sulpice 73")
    assert [(o.name, o.departement.insee_code) for o in only.results] == [("Saint-Sulpice", "73")]
    assert "dans le département 73" in only.interpretation


def test_a_typo_still_finds_the_commune(territories_loaded):
    assert set(names(lookup_organizations("Saint-Sulpise"))) == {"Saint-Sulpice"}
    assert names(lookup_organizations("Montpelier"))[0] == "Montpellier"


def test_every_kind_of_collectivite_is_found_by_name(territories_loaded):
    kinds = {org.kind for query in ("Occitanie", "Tarn", "Sicoval", "Bourges", "Est Ensemble")
             for org in lookup_organizations(query).results[:1]}
    assert kinds == {OrganizationKind.REGION, OrganizationKind.DEPARTEMENT,
                     OrganizationKind.EPCI, OrganizationKind.COMMUNE, OrganizationKind.OTHER}


def test_nothing_found_says_so_in_french(territories_loaded):
    lookup = lookup_organizations("Zzyzx-les-Bains")
    assert not lookup.results
    assert lookup.interpretation.startswith("Aucune collectivité ne correspond à")
    assert "code postal" in lookup_organizations("1725").interpretation
    assert lookup_organizations("SIREN 12").interpretation == (
        "Un SIREN compte 9 chiffres, un SIRET 14.")
    assert lookup_organizations("").results == []


def test_a_very_long_query_is_cut_and_answers(territories_loaded):
    lookup = lookup_organizations("saint " * 1000)
    assert len(lookup.query) <= 120


def test_a_collectivite_added_after_a_first_search_is_found(territories_loaded):
    lookup_organizations("Saint-Sulpice")
    body = OrganizationFactory(kind=OrganizationKind.OTHER, name="Syndicat des eaux du Sulpicien",
                               insee_code="", population=None)
    assert names(lookup_organizations("sulpicien")) == [body.name]
    Organization.objects.filter(pk=body.pk).update(is_obsolete=True)
    assert lookup_organizations("sulpicien").interpretation.startswith("Aucune collectivité")
