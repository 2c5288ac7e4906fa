"""Reference lists of the register (domains, techniques): loading and moderation."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from recensia.accounts import permissions
from recensia.accounts.permissions import PermissionDenied
from recensia.projects.models import Domain, Technique


@dataclass
class ListsReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return (f"Listes de référence : {self.created} entrée(s) créée(s), {self.updated} mise(s) "
                f"à jour, {self.unchanged} inchangée(s).")


@transaction.atomic
def load_reference_lists(payload: dict[str, list[dict[str, str]]]) -> ListsReport:
    """Idempotent: adds missing domains and techniques, never deletes nor renames the
    entries moderators changed (it only fills an empty description)."""
    report = ListsReport()
    for key, model in (("domains", Domain), ("techniques", Technique)):
        for position, entry in enumerate(payload.get(key, []), start=1):
            slug = slugify(entry["name"])
            obj = model.objects.filter(slug=slug).first()
            if obj is None:
                model.objects.create(name=entry["name"], slug=slug,
                                     description=entry.get("description", ""),
                                     position=position * 10)
                report.created += 1
            elif not obj.description and entry.get("description"):
                obj.description = entry["description"]
                obj.save(update_fields=["description"])
                report.updated += 1
            else:
                report.unchanged += 1
    return report


@transaction.atomic
def save_taxonomy_entry(*, user, model: type[Domain] | type[Technique], name: str,
                        description: str = "", is_active: bool = True,
                        instance: Domain | Technique | None = None) -> Domain | Technique:
    if not permissions.can_manage_reference_lists(user):
        raise PermissionDenied("Seule l'équipe de modération gère les listes de référence.")
    name = name.strip()
    if not name:
        raise ValidationError({"name": ["Le libellé est obligatoire."]})
    slug = slugify(name)
    clash = model.objects.filter(slug=slug)
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        raise ValidationError({"name": [f"« {name} » existe déjà dans la liste."]})
    obj = instance or model(slug=slug)
    obj.name, obj.description, obj.is_active = name, description.strip(), is_active
    if instance is None:
        obj.position = (model.objects.count() + 1) * 10
    obj.save()
    return obj
