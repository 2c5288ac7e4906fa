"""Reads of purchase grids, offers and their scoring."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet

from recensia.accounts import permissions
from recensia.evaluations import selectors as evaluation_selectors
from recensia.procurement import clauses as clause_logic
from recensia.procurement import grid as grid_logic
from recensia.procurement import scoring as scoring_logic
from recensia.procurement.models import GridState, Offer, PurchaseGrid


def project_compliance(project) -> tuple[str, list[str]]:
    """(AI Act tier, ids of the obligations retained) of the project's latest compliance
    assessment; ("", []) when it was never assessed."""
    assessment = evaluation_selectors.latest_compliance(project)
    if assessment is None:
        return "", []
    legal = assessment.evaluation.get("legal", {})
    rules = [r["id"] for key in ("obligations", "crpa") for r in legal.get(key) or []
             if isinstance(r, dict) and "id" in r]
    return assessment.tier or legal.get("tier", ""), rules


def with_reuse_count(qs: QuerySet[PurchaseGrid]) -> QuerySet[PurchaseGrid]:
    """Annotates ``reuse_count``: other collectivités that reused the grid."""
    return qs.annotate(reuse_count=Count(
        "reuses__owner", distinct=True,
        filter=~Q(reuses__owner=F("owner")) & ~Q(reuses__state=GridState.ARCHIVED)))


def grid_for_page(pk: int) -> PurchaseGrid | None:
    return (with_reuse_count(PurchaseGrid.objects.select_related(
        "owner", "project", "based_on", "based_on__owner", "created_by"))
        .filter(pk=pk).first())


def published_grids() -> QuerySet[PurchaseGrid]:
    return (with_reuse_count(PurchaseGrid.objects.filter(state=GridState.PUBLISHED)
                             .select_related("owner", "project", "based_on"))
            .order_by("-published_at", "-id"))


def grids_of_user(user) -> QuerySet[PurchaseGrid]:
    ids = permissions.active_organization_ids(user)
    return (PurchaseGrid.objects.filter(owner_id__in=ids).select_related("owner", "project")
            .order_by("state", "-updated_at", "-id"))


def grids_of_project(project) -> QuerySet[PurchaseGrid]:
    return (with_reuse_count(project.purchase_grids.exclude(state=GridState.ARCHIVED)
                             .select_related("owner"))
            .order_by("-updated_at", "-id"))


def active_offers(grid: PurchaseGrid) -> list[Offer]:
    return list(grid.offers.filter(withdrawn=False).order_by("vendor", "id"))


def withdrawn_offers(grid: PurchaseGrid) -> list[Offer]:
    return list(grid.offers.filter(withdrawn=True).order_by("vendor", "id"))


def offer_data(offer: Offer) -> scoring_logic.OfferData:
    notes = {key: value.get("note") for key, value in (offer.notes or {}).items()
             if isinstance(value, dict)}
    return scoring_logic.OfferData(
        key=str(offer.pk), vendor=offer.vendor,
        price=float(offer.price_eur) if offer.price_eur is not None else None,
        notes=notes, footprint=offer.footprint_range)


@dataclass
class Analysis:
    grid: grid_logic.Grid
    scoring: scoring_logic.Scoring
    offers: dict[str, Offer]
    prices: dict[str, float | None]
    footprints: dict[str, tuple[float, float, float] | None]
    comments: dict[str, dict[str, str]]
    versions: dict[str, str]


def analysis(grid: PurchaseGrid) -> Analysis:
    """Scoring and ranking of the grid's active offers."""
    pure = grid.to_grid()
    offers = active_offers(grid)
    data = [offer_data(o) for o in offers]
    versions: dict[str, str] = {}
    for o in offers:
        for key in ("engine", "ecologits", "constants"):
            if key in (o.footprint_versions or {}):
                versions[f"empreinte : {key}"] = str(o.footprint_versions[key])
    return Analysis(
        grid=pure, scoring=scoring_logic.score_offers(pure, data),
        offers={str(o.pk): o for o in offers},
        prices={d.key: d.price for d in data},
        footprints={d.key: d.footprint for d in data},
        comments={str(o.pk): {k: v.get("comment", "") for k, v in (o.notes or {}).items()
                              if isinstance(v, dict)} for o in offers},
        versions=versions)


def revisions(grid: PurchaseGrid):
    return grid.revisions.select_related("author").order_by("-number")


def public_grid(grid: PurchaseGrid) -> dict:
    """A published grid as open data (API and exports): criteria, weights, legal checks and
    chosen clauses — never the offers."""
    pure = grid.to_grid()
    owner = grid.owner
    reuse_count = getattr(grid, "reuse_count", None)
    if reuse_count is None:
        reuse_count = (grid.reuses.exclude(owner=grid.owner).exclude(state=GridState.ARCHIVED)
                       .values("owner").distinct().count())
    based_on = grid.based_on if grid.based_on_id and grid.based_on.is_public else None
    return {
        "id": grid.pk, "url": grid.get_absolute_url(), "title": grid.title,
        "subject": grid.subject, "preset": grid.preset,
        "owner": {"code": owner.url_code, "name": owner.name, "kind": owner.kind,
                  "url": owner.get_absolute_url()},
        "project": grid.project.slug if grid.project and grid.project.is_public else None,
        "based_on": based_on.pk if based_on else None,
        "published_at": grid.published_at, "updated_at": grid.updated_at,
        "version": grid.version, "reuse_count": reuse_count,
        "launch_date": grid.launch_date, "formalised": grid.formalised,
        "criteria": [c.to_dict() for c in pure.criteria], "total_weight": pure.total_weight,
        "checks": [c.to_dict() for c in grid_logic.check_grid(pure)],
        "clauses": [{"id": c.id, "title": c.title, "document": c.document}
                    for c in clause_logic.clauses_in_order(grid.clause_ids)],
    }
