"""API records of the solutions catalogue, declarations of use and pooling offers.

Referents' e-mail addresses are never in the API (they are people's work addresses,
shown only to signed-in agents on the site)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from ninja import Path, Schema
from pydantic import Field

from recensia.api.serializers import organization_ref
from recensia.pooling import selectors
from recensia.pooling.models import PoolingOffer
from recensia.projects.models import Project
from recensia.solutions.models import Solution

EXAMPLE_SOLUTION_SLUG = "delibia"
SolutionSlug = Annotated[str, Path(
    pattern=r"^[-a-zA-Z0-9_]+$", max_length=220, example=EXAMPLE_SOLUTION_SLUG,
    description="Adresse de la solution, telle que dans /solutions/<adresse>/")]


class OrganizationRefOut(Schema):
    code: str
    name: str
    kind: str
    insee_code: str
    siren: str
    url: str
    other_type: str = ""


class VendorCheckOut(Schema):
    state: str = Field(description="active (en activité) ou ceased (cessée)")
    checked_on: date = Field(description="Date de la vérification par la modération")


class VendorOut(Schema):
    name: str
    siren: str
    last_check: VendorCheckOut | None


class RecognitionOut(Schema):
    reason: str
    on: date | None = Field(description="Date de la décision de la modération")


class SolutionSummary(Schema):
    slug: str
    url: str
    name: str
    summary: str
    vendor: str | None
    recognised: bool
    user_count: int = Field(description="Nombre de collectivités qui l'utilisent : porteuses "
                                        "et partenaires des projets publiés qui y sont liés, "
                                        "et collectivités qui ont déclaré l'utiliser")


class SolutionList(Schema):
    count: int
    items: list[SolutionSummary]


class DeclarationOut(Schema):
    use_case: str
    since: date | None
    satisfaction: int | None = Field(description="De 1 à 5")
    would_recommend: bool | None
    declared_at: datetime


class UserOut(Schema):
    organization: OrganizationRefOut
    population: int | None
    projects: list[str] = Field(description="Adresses des projets publiés liés")
    declaration: DeclarationOut | None


class ReferentOut(Schema):
    organization: OrganizationRefOut
    role: str


class ParticipantOut(Schema):
    organization: OrganizationRefOut
    role: str = Field(description="partner (partenaire) ou follower (suit le projet)")


class OfferOut(Schema):
    project: str = Field(description="Adresse du projet ouvert à la mutualisation")
    lead: OrganizationRefOut = Field(description="Collectivité cheffe de file")
    shared: list[str] = Field(description="specifications, code, contract, training, data, "
                                          "support")
    shared_detail: str
    cost_sharing: str
    open_until: date
    is_open: bool
    participants: list[ParticipantOut] = Field(
        description="Collectivités acceptées par la cheffe de file (elles seules)")


class SolutionOut(SolutionSummary):
    website: str
    vendor_detail: VendorOut | None
    open_source: str
    licence: str
    repository_url: str
    hosting_country: str
    secnumcloud: str
    deployments: list[str]
    pricing: str
    pricing_detail: str
    accessibility: str
    languages: str
    procurement_vehicles: str
    procurement_url: str
    recognition: RecognitionOut | None
    users: list[UserOut]
    referents: list[ReferentOut]
    projects: list[str]
    pooling_offers: list[OfferOut]
    updated_at: datetime


def solution_summary(solution: Solution, user_count: int) -> dict:
    return {"slug": solution.slug, "url": solution.get_absolute_url(), "name": solution.name,
            "summary": solution.summary,
            "vendor": solution.vendor.name if solution.vendor_id else None,
            "recognised": solution.recognised, "user_count": user_count}


def offer(offer: PoolingOffer) -> dict:
    project = offer.project
    return {
        "project": project.slug, "lead": organization_ref(project.owner),
        "shared": offer.shared, "shared_detail": offer.shared_detail,
        "cost_sharing": offer.cost_sharing, "open_until": offer.open_until,
        "is_open": offer.closed_at is None and offer.open_until >= date.today(),
        "participants": [{"organization": organization_ref(p.organization), "role": p.role}
                         for p in project.partnerships.all() if p.is_public],
    }


def project_extras(project: Project) -> dict:
    """What the project's API record says of its solution and pooling."""
    pooling = selectors.offer_of(project)
    return {"solution": project.solution.slug if project.solution_id else None,
            "pooling": offer(pooling) if pooling else None}


def solution_detail(solution: Solution) -> dict:
    users = selectors.users_of(solution)
    check = solution.vendor.last_check if solution.vendor_id else None
    data = solution_summary(solution, len(users))
    data.update({name: getattr(solution, name) for name in (
        "website", "open_source", "licence", "repository_url", "hosting_country",
        "secnumcloud", "deployments", "pricing", "pricing_detail", "accessibility",
        "languages", "procurement_vehicles", "procurement_url", "updated_at")})
    data.update({
        "vendor_detail": {"name": solution.vendor.name, "siren": solution.vendor.siren,
                          "last_check": {"state": check.state, "checked_on": check.checked_on}
                          if check else None} if solution.vendor_id else None,
        "recognition": {"reason": solution.recognition_reason, "on": solution.recognised_on}
        if solution.recognised else None,
        "users": [{
            "organization": organization_ref(u.organization),
            "population": u.organization.population,
            "projects": [p.slug for p in u.projects],
            "declaration": {"use_case": u.declaration.use_case, "since": u.declaration.since,
                            "satisfaction": u.declaration.satisfaction,
                            "would_recommend": u.declaration.would_recommend,
                            "declared_at": u.declaration.created_at} if u.declaration else None,
        } for u in users],
        "referents": [{"organization": organization_ref(r.organization), "role": r.role}
                      for r in selectors.referents_of(solution)],
        "projects": list(solution.projects.filter(state="published").order_by("slug")
                         .values_list("slug", flat=True)),
        "pooling_offers": [offer(o) for o in selectors.open_offers()
                           .filter(project__solution=solution)
                           .prefetch_related("project__partnerships__organization")],
    })
    return data
