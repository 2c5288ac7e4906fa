"""A département, two communes and an EPCI of Finistère, with their real codes, and an agent
of the département who is a validated member of each (a shared IT service)."""

from pathlib import Path

import pytest

from recensia.territories.models import OrganizationKind
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

DATA = Path(__file__).parent / "data"
INVENTORY = DATA / "inventaire-algorithmes.csv"


@pytest.fixture
def finistere(db, reference_lists, synonyms):
    dep = OrganizationFactory(kind=OrganizationKind.DEPARTEMENT, name="Finistère",
                              insee_code="29", siren="222900016", population=915000)
    brest = OrganizationFactory(name="Brest", insee_code="29019", siren="212900195",
                                departement=dep, population=139000)
    quimper = OrganizationFactory(name="Quimper", insee_code="29232", siren="212902324",
                                  departement=dep, population=63000)
    metropole = OrganizationFactory(epci=True, name="Brest Métropole", siren="242900314",
                                    departement=dep, epci_type="METRO")
    qbo = OrganizationFactory(epci=True, name="Quimper Bretagne Occidentale",
                              siren="200068120", departement=dep, epci_type="CA")
    agent = UserFactory(first_name="Nolwenn", last_name="Le Gall")
    for org in (dep, brest, quimper, metropole):
        MembershipFactory(user=agent, organization=org)
    return {"dep": dep, "brest": brest, "quimper": quimper, "metropole": metropole,
            "qbo": qbo, "agent": agent}
