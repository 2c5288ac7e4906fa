"""Writes of purchase grids and offers. Every change writes a ``GridRevision`` (who, when,
what, full content); nothing is deleted (grids are archived, offers withdrawn)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from recensia import footprint
from recensia.accounts import permissions
from recensia.accounts.permissions import PermissionDenied
from recensia.procurement import clauses as clause_logic
from recensia.procurement import grid as grid_logic
from recensia.procurement import selectors
from recensia.procurement.models import GridRevision, GridState, Offer, PurchaseGrid


class EditConflict(Exception):
    """The grid changed since the user read it (optimistic locking by version)."""


class GridLocked(Exception):
    """The criteria cannot change any more: offers were received against them."""


def can_edit_grid(user, grid: PurchaseGrid) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or permissions.is_member_of(user, grid.owner)


def can_view_grid(user, grid: PurchaseGrid) -> bool:
    return grid.is_public or can_edit_grid(user, grid) or permissions.is_moderator(user)


def _require_edit(user, grid: PurchaseGrid) -> None:
    if not can_edit_grid(user, grid):
        raise PermissionDenied("Seuls les membres de la collectivité qui a créé cette grille "
                               "peuvent la modifier.")


def _snapshot(grid: PurchaseGrid) -> dict:
    offers = [{"id": o.pk, "vendor": o.vendor,
               "price_eur": str(o.price_eur) if o.price_eur is not None else None,
               "notes": o.notes, "footprint_inputs": o.footprint_inputs,
               "withdrawn": o.withdrawn, "withdrawn_reason": o.withdrawn_reason}
              for o in grid.offers.order_by("id")]
    return {**grid.grid_data(), "clause_ids": list(grid.clause_ids), "tier": grid.tier,
            "state": grid.state, "version": grid.version, "offers": offers}


def _record(grid: PurchaseGrid, author, action: str) -> GridRevision:
    number = (grid.revisions.order_by("-number").values_list("number", flat=True).first()
              or 0) + 1
    return GridRevision.objects.create(
        grid=grid, number=number, action=action, snapshot=_snapshot(grid),
        author=author if getattr(author, "is_authenticated", False) else None)


def _bump(grid: PurchaseGrid, expected_version: int | None) -> None:
    """Optimistic locking: the row is locked, then its version compared and incremented."""
    current = PurchaseGrid.objects.select_for_update().values_list("version", flat=True).get(
        pk=grid.pk)
    if expected_version is not None and current != expected_version:
        raise EditConflict("La grille a été modifiée par quelqu'un d'autre depuis que vous "
                           "l'avez ouverte : rechargez la page pour voir sa dernière version. "
                           "Votre saisie n'a pas été enregistrée.")
    grid.version = current + 1


@transaction.atomic
def create_grid(*, author, organization, preset: str, project=None,
                title: str = "") -> PurchaseGrid:
    if project is not None:
        if not permissions.can_edit_project(author, project):
            raise PermissionDenied("Seuls les membres de la collectivité porteuse du projet "
                                   "peuvent préparer son achat.")
        organization = project.owner
    elif not (permissions.is_member_of(author, organization)
              or getattr(author, "is_superuser", False)):
        raise PermissionDenied("Vous n'êtes pas membre de cette collectivité.")
    base = grid_logic.grid_from_preset(preset)
    tier, rules = selectors.project_compliance(project) if project is not None else ("", [])
    chosen = [s.clause.id for s in clause_logic.suggested_clauses(
        preset=preset, tier=tier, obligation_rules=rules)]
    grid = PurchaseGrid.objects.create(
        title=(title or (f"{base.title} — {project.title}" if project else base.title))[:200],
        owner=organization, project=project, preset=preset, subject=base.subject,
        criteria=[c.to_dict() for c in base.criteria], clause_ids=chosen, tier=tier,
        created_by=author if getattr(author, "is_authenticated", False) else None)
    _record(grid, author, f"Création à partir de la grille « {base.title} »")
    return grid


@dataclass
class GridData:
    title: str
    subject: str
    launch_date: date | None
    formalised: bool | None
    criteria: list[dict]


@transaction.atomic
def update_grid(*, grid: PurchaseGrid, author, data: GridData,
                expected_version: int | None) -> PurchaseGrid:
    """Saves the criteria (raises ``GridError`` when malformed, ``GridLocked`` when offers
    were already received and the criteria change, ``EditConflict``)."""
    _require_edit(author, grid)
    candidate = grid_logic.Grid.from_dict({
        "title": data.title, "subject": data.subject, "preset": grid.preset,
        "launch_date": data.launch_date.isoformat() if data.launch_date else None,
        "formalised": data.formalised, "criteria": data.criteria})
    criteria = [c.to_dict() for c in candidate.criteria]
    if criteria != grid.criteria and grid.offers.filter(withdrawn=False).exists():
        raise GridLocked("Des offres ont déjà été saisies : les critères annoncés aux candidats "
                         "ne peuvent plus changer (Code de la commande publique, "
                         "art. R2152-11).")
    _bump(grid, expected_version)
    grid.title, grid.subject = candidate.title, candidate.subject
    grid.launch_date, grid.formalised, grid.criteria = (candidate.launch_date,
                                                        candidate.formalised, criteria)
    grid.save()
    _record(grid, author, "Modification des critères")
    return grid


@transaction.atomic
def set_clauses(*, grid: PurchaseGrid, author, clause_ids: list[str], tier: str,
                expected_version: int | None) -> PurchaseGrid:
    _require_edit(author, grid)
    known = clause_logic.library()
    unknown = [c for c in clause_ids if c not in known]
    if unknown:
        raise ValueError(f"Clause inconnue : {unknown[0]}.")
    if tier and tier not in clause_logic.TIERS:
        raise ValueError(f"Niveau de risque inconnu : {tier}.")
    _bump(grid, expected_version)
    grid.clause_ids = [c.id for c in clause_logic.clauses_in_order(clause_ids)]
    grid.tier = tier
    grid.save()
    _record(grid, author, f"Choix des clauses ({len(grid.clause_ids)} retenues)")
    return grid


@transaction.atomic
def publish_grid(*, grid: PurchaseGrid, author) -> PurchaseGrid:
    """Makes the criteria and clauses public for reuse (never the offers)."""
    _require_edit(author, grid)
    problems = grid_logic.blocking(grid_logic.check_grid(grid.to_grid()))
    if problems:
        raise ValueError("La grille ne peut pas être publiée tant que ces points ne sont pas "
                         "corrigés : " + " ".join(m for c in problems for m in c.messages))
    _bump(grid, None)
    grid.state = GridState.PUBLISHED
    grid.published_at = grid.published_at or timezone.now()
    grid.save()
    _record(grid, author, "Publication pour la réutilisation par d'autres collectivités")
    return grid


def _change_state(grid: PurchaseGrid, author, *, archive: bool) -> PurchaseGrid:
    _require_edit(author, grid)
    if (grid.state == GridState.ARCHIVED) == archive:
        return grid
    _bump(grid, None)
    if archive:
        grid.state_before_archive, grid.state = grid.state, GridState.ARCHIVED
    else:
        grid.state, grid.state_before_archive = (grid.state_before_archive
                                                 or GridState.DRAFT), ""
    grid.save()
    _record(grid, author, "Archivage" if archive else "Sortie des archives")
    return grid


@transaction.atomic
def archive_grid(*, grid: PurchaseGrid, author) -> PurchaseGrid:
    return _change_state(grid, author, archive=True)


@transaction.atomic
def restore_grid(*, grid: PurchaseGrid, author) -> PurchaseGrid:
    return _change_state(grid, author, archive=False)


@transaction.atomic
def reuse_grid(*, source: PurchaseGrid, author, organization) -> PurchaseGrid:
    """A copy of a published grid (criteria and clauses) for another collectivité."""
    if not source.is_public:
        raise PermissionDenied("Seule une grille publiée peut être réutilisée.")
    if not (permissions.is_member_of(author, organization)
            or getattr(author, "is_superuser", False)):
        raise PermissionDenied("Vous n'êtes pas membre de cette collectivité.")
    grid = PurchaseGrid.objects.create(
        title=source.title, owner=organization, preset=source.preset, subject=source.subject,
        criteria=list(source.criteria), clause_ids=list(source.clause_ids), tier=source.tier,
        based_on=source, created_by=author)
    _record(grid, author, f"Reprise de la grille publiée par {source.owner.name}")
    return grid


@dataclass
class OfferData:
    vendor: str
    price_eur: Decimal | None
    notes: dict  # line key -> {"note": float | None, "comment": str}
    footprint_inputs: footprint.Inputs | None


@transaction.atomic
def save_offer(*, grid: PurchaseGrid, author, data: OfferData,
               offer: Offer | None = None) -> Offer:
    """Creates or updates an offer; the footprint engine computes its range (raises
    ``footprint.FootprintError`` on invalid footprint data)."""
    _require_edit(author, grid)
    if offer is not None and offer.grid_id != grid.pk:
        raise PermissionDenied("Cette offre n'appartient pas à cette grille.")
    result = footprint.assess(data.footprint_inputs) if data.footprint_inputs else None
    offer = offer or Offer(grid=grid, created_by=author)
    offer.vendor = data.vendor.strip()
    offer.price_eur = data.price_eur
    offer.notes = data.notes
    offer.footprint_inputs = data.footprint_inputs.to_dict() if data.footprint_inputs else None
    offer.footprint_result = result.to_dict() if result else None
    offer.footprint_versions = result.versions if result else {}
    action = "Modification" if offer.pk else "Saisie"
    offer.save()
    _bump(grid, None)
    grid.save(update_fields=["version", "updated_at"])
    _record(grid, author, f"{action} de l'offre de {offer.vendor}")
    return offer


@transaction.atomic
def withdraw_offer(*, offer: Offer, author, reason: str) -> Offer:
    _require_edit(author, offer.grid)
    if not reason.strip():
        raise ValueError("Indiquez le motif du retrait (offre irrégulière, inacceptable, "
                         "hors délai…).")
    offer.withdrawn, offer.withdrawn_reason = True, reason.strip()
    offer.save()
    grid = offer.grid
    _bump(grid, None)
    grid.save(update_fields=["version", "updated_at"])
    _record(grid, author, f"Retrait de l'offre de {offer.vendor} : {offer.withdrawn_reason}")
    return offer
