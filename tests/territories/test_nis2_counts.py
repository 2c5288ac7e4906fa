"""NIS2 status of every collectivité of the reference data, through the product's path
(``evaluations.services.org_facts`` then the compliance engine), against counts made here
from the raw data files with the bill's criteria written out plainly."""

import csv
from collections import Counter

import pytest

from recensia.compliance import nis2_status
from recensia.evaluations.services import org_facts
from recensia.territories.models import Organization
from recensia.territories.services import DATA_DIR

pytestmark = pytest.mark.django_db


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def expected_counts() -> Counter:
    """The bill as adopted by the Senate (projet de loi « résilience », art. 8 and 9):
    régions, départements, métropoles and communautés urbaines are essential entities;
    communes of more than 30,000 inhabitants too, the others are not concerned as such; a
    communauté d'agglomération is essential when one of its communes has more than 30,000
    inhabitants, important otherwise; communautés de communes are important. Without a
    population the status of a commune cannot be told; other bodies (the établissements
    publics territoriaux of Grand Paris here) are to be checked case by case."""
    counts: Counter = Counter()
    population = {row["insee_code"]: row["population"] for row in _rows("communes.csv")}
    for pop in population.values():
        if not pop:
            counts[("commune", "", "uncertain")] += 1
        elif int(pop) > 30_000:
            counts[("commune", "", "essential")] += 1
        else:
            counts[("commune", "", "not_concerned")] += 1
    big_communes = {code for code, pop in population.items() if pop and int(pop) > 30_000}
    epci_with_big_commune = {row["epci_siren"] for row in _rows("epci_members.csv")
                             if row["commune_insee"] in big_communes}
    for row in _rows("epci.csv"):
        kind = row["type"]
        if kind in ("METRO", "MET69", "CU"):
            status = "essential"
        elif kind == "CA":
            status = "essential" if row["siren"] in epci_with_big_commune else "important"
        else:
            assert kind == "CC", row
            status = "important"
        counts[("epci", kind, status)] += 1
    counts[("departement", "", "essential")] = len(_rows("departements.csv"))
    counts[("region", "", "essential")] = len(_rows("regions.csv"))
    counts[("other", "", "uncertain")] = len(_rows("ept.csv"))
    return counts


def test_nis2_counts_match_the_raw_reference_data(territories_loaded):
    counts: Counter = Counter()
    orgs = Organization.objects.filter(from_reference_data=True, is_obsolete=False)
    for org in orgs.iterator(chunk_size=5000):
        counts[(org.kind, org.epci_type, nis2_status(org_facts(org)).status)] += 1
    expected = expected_counts()
    assert counts == expected
    # The figures, for the reader: 989 CC important, 21 + 1 métropoles, 14 CU, 109
    # départements and 26 régions essential, 230 CA split by their largest commune.
    assert expected[("epci", "CC", "important")] == 989
    assert expected[("epci", "CA", "essential")] + expected[("epci", "CA", "important")] == 230
    assert expected[("commune", "", "uncertain")] == 6


def test_product_facts_of_a_ca_come_from_its_member_communes(territories_loaded):
    capi = Organization.objects.get(siren="243800604")  # CA Porte de l'Isère
    facts = org_facts(capi)
    assert facts.epci_type == "CA"
    assert facts.has_commune_over_30k == capi.member_communes.filter(
        population__gt=30_000).exists()
    assert nis2_status(facts).pending
