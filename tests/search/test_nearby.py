"""« Près de chez vous et de votre taille » on « Mon compte »: size counts before distance."""

import pytest

from recensia.projects.models import WorkflowState
from recensia.search.selectors import nearby_projects
from recensia.territories.models import Organization, OrganizationKind
from tests.factories import OrganizationFactory, make_project

pytestmark = pytest.mark.django_db


def test_a_924_inhabitant_commune_is_not_shown_the_metropole_of_her_departement():
    region = Organization.objects.create(kind=OrganizationKind.REGION, name="Région R",
                                         insee_code="98")
    dep = Organization.objects.create(kind=OrganizationKind.DEPARTEMENT, name="Dép D",
                                      insee_code="98", region=region)
    other_dep = Organization.objects.create(kind=OrganizationKind.DEPARTEMENT, name="Dép E",
                                            insee_code="97", region=region)
    mine = OrganizationFactory(population=924, departement=dep, region=region)
    metropole = OrganizationFactory(kind=OrganizationKind.EPCI, insee_code="",
                                    population=800_000, departement=dep, region=region)
    big_town = OrganizationFactory(population=25_000, departement=dep, region=region)
    village = OrganizationFactory(population=650, departement=other_dep, region=region)
    bourg = OrganizationFactory(population=1_800, departement=dep, region=region)
    for owner, title in ((metropole, "Jumeau numérique métropolitain"),
                         (big_town, "Vidéoprotection de la ville"),
                         (village, "Assistant du secrétariat de mairie"),
                         (bourg, "Prévision des repas de la cantine")):
        make_project(owner=owner, title=title, state=WorkflowState.PUBLISHED)
    titles = [p.title for p in nearby_projects(mine)]
    # A comparable size (same band or the next) in her département, then in her région;
    # never the métropole nor the town of 25,000 inhabitants of her own département.
    assert titles == ["Prévision des repas de la cantine", "Assistant du secrétariat de mairie"]
