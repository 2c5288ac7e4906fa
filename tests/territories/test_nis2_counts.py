"""NIS2 status of every collectivité of the reference data, through the product's own
facts (``evaluations.services.org_facts``) and the compliance engine."""

from collections import Counter

import pytest
from django.db.models import Exists, OuterRef

from recensia.compliance import OrgFacts, nis2_status
from recensia.evaluations.services import org_facts
from recensia.territories.models import Organization

pytestmark = pytest.mark.django_db


def test_nis2_counts_match_the_reference_data(territories_loaded):
    big_member = Organization.objects.filter(epci=OuterRef("pk"), population__gt=30_000)
    orgs = (Organization.objects.filter(from_reference_data=True, is_obsolete=False)
            .exclude(kind="other").annotate(has_big=Exists(big_member)))
    counts: Counter = Counter()
    for org in orgs.iterator(chunk_size=5000):
        facts = OrgFacts(kind=org.kind, epci_type=org.epci_type, population=org.population,
                         has_commune_over_30k=org.has_big if org.epci_type == "CA" else None)
        counts[(org.kind, org.epci_type, nis2_status(facts).status)] += 1

    # Every communauté de communes is « important »; every métropole, CU, région and
    # département is « essentiel ».
    assert counts[("epci", "CC", "important")] == 989
    assert counts[("epci", "METRO", "essential")] == 21
    assert counts[("epci", "MET69", "essential")] == 1
    assert counts[("epci", "CU", "essential")] == 14
    assert counts[("region", "", "essential")] == 26
    assert counts[("departement", "", "essential")] == 109
    # Communautés d'agglomération: essential iff a member commune has > 30,000 inhabitants.
    ca_big = Organization.objects.filter(epci_type="CA").filter(Exists(big_member)).count()
    assert counts[("epci", "CA", "essential")] == ca_big
    assert counts[("epci", "CA", "important")] == 230 - ca_big
    # Communes: essential above 30,000 inhabitants, otherwise not concerned.
    big_communes = Organization.objects.filter(kind="commune", population__gt=30_000).count()
    assert counts[("commune", "", "essential")] == big_communes
    assert counts[("commune", "", "not_concerned")] + counts[("commune", "", "uncertain")] \
        == 34_969 - big_communes
    assert counts[("commune", "", "uncertain")] == 6  # the communes without a population


def test_product_facts_of_a_ca_come_from_its_member_communes(territories_loaded):
    capi = Organization.objects.get(siren="243800604")  # CA Porte de l'Isère
    facts = org_facts(capi)
    assert facts.epci_type == "CA"
    assert facts.has_commune_over_30k == capi.member_communes.filter(
        population__gt=30_000).exists()
    assert nis2_status(facts).pending
