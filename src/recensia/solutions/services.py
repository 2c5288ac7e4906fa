"""Writes to the catalogue. Only moderators edit solutions and vendors; every change
records a ``SolutionRevision`` (who, when, which fields, the whole state after)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from recensia.accounts import permissions
from recensia.accounts.permissions import PermissionDenied
from recensia.solutions import DATA_DIR
from recensia.solutions.models import CompanyState, Solution, SolutionRevision, Vendor, VendorCheck
from recensia.solutions.validators import validate_siren

DEMO_FILE = DATA_DIR / "demo_solutions.json"

# The columns a moderator edits (labels and history use the same list).
EDITABLE = ("name", "summary", "website", "open_source", "licence", "repository_url",
            "hosting_country", "secnumcloud", "deployments", "pricing", "pricing_detail",
            "accessibility", "languages", "procurement_vehicles", "procurement_url")
RECOGNITION = ("recognised", "recognition_reason", "recognised_on")


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def snapshot(solution: Solution) -> dict[str, Any]:
    snap = {name: _plain(getattr(solution, name)) for name in (*EDITABLE, *RECOGNITION)}
    snap["vendor"] = solution.vendor.name if solution.vendor_id else ""
    snap["is_archived"] = solution.is_archived
    return snap


def _record(solution: Solution, *, author, action: str, before: dict | None) -> None:
    after = snapshot(solution)
    changed = [] if before is None else [k for k in after if before.get(k) != after[k]]
    SolutionRevision.objects.create(
        solution=solution, number=solution.version, action=action, changed_fields=changed,
        snapshot=after, author=author if getattr(author, "is_authenticated", False) else None)


def _check_moderator(author) -> None:
    # A system load (no author: demo data, commands) is allowed; a person must moderate.
    if author is not None and not permissions.is_moderator(author):
        raise PermissionDenied("Seule l'équipe de modération modifie le catalogue des solutions "
                               "(un fournisseur ne peut pas modifier sa fiche).")


def _vendor(name: str, siren: str = "") -> Vendor | None:
    name, siren = name.strip(), siren.replace(" ", "")
    if not name:
        return None
    try:
        validate_siren(siren)
    except ValidationError as exc:
        raise ValidationError({"vendor_siren": exc.messages}) from exc
    vendor, _ = Vendor.objects.get_or_create(name=name, defaults={"siren": siren})
    if siren and not vendor.siren:
        vendor.siren = siren
        vendor.save(update_fields=["siren"])
    return vendor


def _unique_slug(name: str, exclude_pk: int | None) -> str:
    base = slugify(name)[:200].strip("-") or "solution"
    slug, n = base, 2
    while Solution.objects.exclude(pk=exclude_pk).filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def save_solution(*, author, values: dict[str, Any], vendor_name: str = "",
                  vendor_siren: str = "", solution: Solution | None = None,
                  is_demo: bool = False) -> Solution:
    """Creates ``solution`` or changes it; records a version only when something changed."""
    _check_moderator(author)
    creating = solution is None
    solution = solution or Solution(is_demo=is_demo)
    before = None if creating else snapshot(solution)
    for name, value in values.items():
        if name not in EDITABLE:
            raise ValueError(f"Champ non modifiable : {name}")
        setattr(solution, name, value)
    solution.vendor = _vendor(vendor_name, vendor_siren)
    if creating:
        solution.slug = _unique_slug(solution.name, None)
    solution.full_clean()
    if not creating and snapshot(solution) == before:
        return solution
    if not creating:
        solution.version += 1
    solution.save()
    _record(solution, author=author, action="Création" if creating else "Modification",
            before=before)
    return solution


@transaction.atomic
def set_recognition(*, solution: Solution, author, recognised: bool, reason: str,
                    on: dt.date) -> Solution:
    """The « reconnue » label: given by a moderator with its reason and date, or removed
    (with the reason too). Never declared by a vendor."""
    if author is None or not permissions.is_moderator(author):
        raise PermissionDenied("Seule l'équipe de modération attribue le label « reconnue ».")
    if not reason.strip():
        raise ValidationError({"recognition_reason": [
            "Motif de la reconnaissance : indiquez pourquoi la solution est reconnue "
            "(ou pourquoi le label est retiré)."]})
    solution = Solution.objects.select_for_update().get(pk=solution.pk)
    before = snapshot(solution)
    solution.recognised = recognised
    solution.recognition_reason = reason.strip()
    solution.recognised_on = on
    solution.recognised_by = author
    solution.version += 1
    solution.save()
    _record(solution, author=author, before=before,
            action="Label « reconnue » attribué" if recognised else "Label « reconnue » retiré")
    return solution


@transaction.atomic
def record_vendor_check(*, vendor: Vendor, author, state: str, checked_on: dt.date,
                        source_url: str = "", note: str = "") -> VendorCheck:
    """A moderator's dated check that the company is still active (a new row each time)."""
    if author is None or not permissions.is_moderator(author):
        raise PermissionDenied("Seule l'équipe de modération vérifie les fournisseurs.")
    if checked_on > dt.date.today():
        raise ValidationError({"checked_on": ["Date de vérification : elle ne peut pas être "
                                              "dans le futur."]})
    check = VendorCheck(vendor=vendor, state=state, checked_on=checked_on,
                        source_url=source_url, note=note, checked_by=author)
    check.full_clean()
    check.save()
    return check


# ---------------------------------------------------------------- demo data

@dataclass
class DemoSolutions:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False

    def __str__(self) -> str:
        text = (f"solutions : {self.created} créée(s), {self.updated} mise(s) à jour, "
                f"{self.unchanged} inchangée(s)")
        return text + (" (essai : rien n'a été enregistré)" if self.dry_run else "")


def read_demo_file(path: Path = DEMO_FILE) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))["solutions"]


def load_solutions(items: list[dict[str, Any]], *, dry_run: bool = False) -> DemoSolutions:
    """Creates or updates the catalogue entries of ``items`` (matched by name): idempotent,
    never deletes, all or nothing."""
    report = DemoSolutions(dry_run=dry_run)
    with transaction.atomic():
        for position, item in enumerate(items, start=1):
            values = {k: v for k, v in item.items() if k in EDITABLE}
            existing = Solution.objects.filter(name=values.get("name", "")).first()
            version = existing.version if existing else None
            try:
                saved = save_solution(author=None, values=values, solution=existing,
                                      vendor_name=item.get("vendor", ""),
                                      vendor_siren=item.get("vendor_siren", ""), is_demo=True)
            except ValidationError as exc:
                raise ValidationError(f"Solution n° {position} ({values.get('name', '?')}) : "
                                      + " ; ".join(exc.messages)) from exc
            if existing is None:
                report.created += 1
            elif saved.version != version:
                report.updated += 1
            else:
                report.unchanged += 1
        if dry_run:
            transaction.set_rollback(True)
    return report


__all__ = ["CompanyState", "load_solutions", "read_demo_file", "record_vendor_check",
           "save_solution", "set_recognition"]
