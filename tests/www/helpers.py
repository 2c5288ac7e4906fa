"""A small territory for the pages of www: a région, two départements (one drawn on the map,
one overseas), communes of every size, an intercommunalité, and published projects."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser

from recensia.projects import services
from recensia.projects.models import PartnerRole, ProjectKind, WorkflowState
from recensia.territories.models import OrganizationKind
from tests.factories import DomainFactory, OrganizationFactory, TechniqueFactory


def project(owner, *, title, kind=ProjectKind.AI_SYSTEM, state=WorkflowState.PUBLISHED,
            partners=(), followers=(), **fields):
    data = services.ProjectData(
        fields={"title": title, "short_description": f"Résumé de « {title} ».", "kind": kind,
                **fields},
        owner=owner, domains=[DomainFactory()], techniques=[TechniqueFactory()],
        partners=[(org, PartnerRole.PARTNER) for org in partners]
        + [(org, PartnerRole.FOLLOWER) for org in followers],
        sources=[{"url": "https://www.example.fr/article", "title": "Article"}],
    )
    return services.create_project(author=None, data=data, state=state,
                                   check_permissions=False)


def territory() -> dict:
    region = OrganizationFactory(kind=OrganizationKind.REGION, name="Pays de la Loire",
                                 insee_code="52", population=3_900_000)
    loire = OrganizationFactory(kind=OrganizationKind.DEPARTEMENT, name="Loire-Atlantique",
                                insee_code="44", region=region, population=1_500_000)
    reunion = OrganizationFactory(kind=OrganizationKind.DEPARTEMENT, name="La Réunion",
                                  insee_code="974", population=880_000)
    metropole = OrganizationFactory(epci=True, name="Nantes Métropole", siren="244400404",
                                    epci_type="METRO", departement=loire, region=region,
                                    population=680_000)

    def commune(name, code, population, epci=None):
        # (the factory's « epci » is a trait that makes an intercommunalité: set it after)
        organization = OrganizationFactory(name=name, insee_code=code, population=population,
                                           departement=loire, region=region)
        if epci is not None:
            organization.epci = epci
            organization.save(update_fields=["epci"])
        return organization

    communes = {
        "nantes": commune("Nantes", "44109", 320_000, metropole),
        "reze": commune("Rezé", "44143", 42_000, metropole),
        "petite": commune("Petit-Mars", "44122", 900),
        "bourg": commune("Le Bourg", "44999", 950),
        "moyenne": commune("Blain", "44015", 2_000),
        "suiveuse": commune("Saint-Suivant", "44998", 980),
    }
    return {"region": region, "loire": loire, "reunion": reunion, "metropole": metropole,
            **communes}


class Sections(HTMLParser):
    """For each <section id="…">: the classes of its <svg> and whether it holds a table."""

    def __init__(self, html: str):
        super().__init__()
        self.sections: dict[str, dict] = {}
        self._stack: list[str | None] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self._stack.append(attrs.get("id"))
            if attrs.get("id"):
                self.sections[attrs["id"]] = {"svg": [], "tables": 0, "links": []}
        current = next((s for s in reversed(self._stack) if s), None)
        if current is None:
            return
        if tag == "svg":
            self.sections[current]["svg"].append(attrs.get("class", ""))
        elif tag == "table":
            self.sections[current]["tables"] += 1
        elif tag == "a" and attrs.get("href"):
            self.sections[current]["links"].append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "section" and self._stack:
            self._stack.pop()


def read_csv(response) -> list[dict]:
    content = (b"".join(response.streaming_content) if response.streaming
               else response.content)
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
