"""Writes to the register. Views, commands and the API call these functions only.

Every change goes through ``_save_with_revision``: it validates, bumps the version
(optimistic locking: the second of two concurrent editors is warned) and records a
``ProjectRevision`` with the author, the action and the fields changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from recensia.accounts import permissions
from recensia.accounts.permissions import PermissionDenied
from recensia.projects import notifications
from recensia.projects.models import (
    Domain,
    Indicator,
    Project,
    ProjectKind,
    ProjectPartner,
    ProjectRevision,
    ProjectStatus,
    Source,
    Technique,
    Vendor,
    WorkflowState,
)
from recensia.projects.signals import project_changed
from recensia.territories.models import Organization

# Scalar fields a user edits; the snapshot and the diff are built from them.
EDITABLE_FIELDS = [
    "kind", "title", "short_description", "description", "keywords", "team", "contact_email",
    "web_page", "status", "status_detail", "status_reason", "start_year", "start_date",
    "end_date", "purpose", "decision_role", "alternatives_considered", "results_summary",
    "solution_name", "procurement", "investment_eur", "yearly_cost_eur", "funding",
    "hosting_provider", "hosting_country", "secnumcloud", "open_source", "source_code_url",
    "data_sources", "personal_data", "personal_data_details", "dpia_done", "fria_done",
    "human_oversight", "contest_procedure", "risks", "lessons_learned", "next_review_date",
]
RELATED_KEYS = ["owner", "vendor", "domains", "techniques", "partners", "indicators", "sources"]
INDICATOR_FIELDS = ["label", "value_before", "value_after", "unit", "measured_by",
                    "measured_on", "source_url", "note"]
SOURCE_FIELDS = ["url", "title"]



class EditConflict(Exception):
    """Someone else saved the project after the user opened the form."""

    def __init__(self, project: Project, changed_fields: list[str], authors: list[str]):
        self.project = project
        self.changed_fields = changed_fields
        self.authors = authors
        super().__init__(
            "Ce projet a été modifié par une autre personne pendant que vous le modifiiez."
        )


@dataclass
class ProjectData:
    """Everything a user may set on a project, already parsed by a form or an import."""

    fields: dict[str, Any]
    owner: Organization | None = None
    vendor_name: str | None = None
    vendor_siren: str = ""
    domains: list[Domain] | None = None
    techniques: list[Technique] | None = None
    partners: list[tuple[Organization, str]] | None = None
    indicators: list[dict[str, Any]] | None = None
    sources: list[dict[str, Any]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- snapshots

def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def take_snapshot(project: Project) -> dict[str, Any]:
    snap: dict[str, Any] = {name: _plain(getattr(project, name)) for name in EDITABLE_FIELDS}
    snap["owner"] = project.owner_id
    snap["vendor"] = (
        {"name": project.vendor.name, "siren": project.vendor.siren} if project.vendor_id else None
    )
    snap["domains"] = sorted(project.domains.values_list("slug", flat=True))
    snap["techniques"] = sorted(project.techniques.values_list("slug", flat=True))
    snap["partners"] = sorted(
        ([p.organization_id, p.role] for p in project.partnerships.all()), key=lambda x: x[0]
    )
    snap["indicators"] = [
        {name: _plain(getattr(ind, name)) for name in INDICATOR_FIELDS}
        for ind in project.indicators.order_by("position", "id")
    ]
    snap["sources"] = [
        {name: getattr(src, name) for name in SOURCE_FIELDS}
        for src in project.sources.order_by("position", "id")
    ]
    return snap


def diff_snapshots(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    if before is None:
        return []
    keys = list(EDITABLE_FIELDS) + RELATED_KEYS
    return [k for k in keys if before.get(k) != after.get(k)]


def _record_revision(project: Project, *, author, action: str,
                     before: dict[str, Any] | None) -> ProjectRevision:
    after = take_snapshot(project)
    project_changed.send(sender=Project, project=project)
    return ProjectRevision.objects.create(
        project=project, number=project.version, author=author if _is_user(author) else None,
        action=action, changed_fields=diff_snapshots(before, after), snapshot=after,
    )


def _is_user(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


# ---------------------------------------------------------------- validation

def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:200].strip("-") or "projet"
    slug, n = base, 2
    qs = Project.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def _number(value: Any) -> Any:
    """JSON numbers arrive as floats: 9.65 must stay 9.65, not 9.6500000000000003."""
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def _validate(project: Project, data: ProjectData) -> None:
    if data.indicators:
        data.indicators = [
            {**ind, "value_before": _number(ind.get("value_before")),
             "value_after": _number(ind.get("value_after"))} for ind in data.indicators
        ]
    errors: dict[str, list[str]] = {}
    try:
        project.full_clean(exclude=["slug", "owner", "vendor"], validate_unique=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if project.status == ProjectStatus.STOPPED and not project.status_reason.strip():
        errors.setdefault("status_reason", []).append(
            "Indiquez pourquoi le projet a été arrêté ou abandonné : c'est utile aux "
            "autres collectivités."
        )
    if project.start_date and project.end_date and project.end_date < project.start_date:
        errors.setdefault("end_date", []).append(
            "La date de fin est antérieure à la date de début."
        )
    if data.partners:
        owner_id = data.owner.pk if data.owner else project.owner_id
        seen: set[int] = set()
        for org, _role in data.partners:
            if org.pk == owner_id:
                errors.setdefault("partners", []).append(
                    f"{org.name} porte déjà le projet : elle ne peut pas aussi être partenaire."
                )
            if org.pk in seen:
                errors.setdefault("partners", []).append(f"{org.name} est indiquée deux fois.")
            seen.add(org.pk)
    for i, ind in enumerate(data.indicators or [], start=1):
        _validate_row(Indicator, {k: ind.get(k) for k in INDICATOR_FIELDS}, errors,
                      "indicators", f"Indicateur n° {i}")
    for i, src in enumerate(data.sources or [], start=1):
        _validate_row(Source, {k: src.get(k) for k in SOURCE_FIELDS}, errors, "sources",
                      f"Source n° {i}")
    if errors:
        raise ValidationError(errors)


def _validate_row(model, values: dict[str, Any], errors: dict[str, list[str]], key: str,
                  where: str) -> None:
    """Checks one related row (indicator, source) with its model's own rules: length,
    number, web address (http or https only)."""
    cleaned = {}
    for name, value in values.items():
        model_field = model._meta.get_field(name)
        if value is None and not model_field.null:
            value = ""
        cleaned[name] = value.strip() if isinstance(value, str) else value
    try:
        model(**cleaned).full_clean(exclude=["project", "position"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            label = model._meta.get_field(name).verbose_name if name != "__all__" else ""
            for message in messages:
                errors.setdefault(key, []).append(f"{where}, {label} : {message}")


def _apply(project: Project, data: ProjectData) -> None:
    for name, value in data.fields.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"Champ non modifiable : {name}")
        if isinstance(value, str):
            value = value.strip()
        setattr(project, name, value)
    if data.owner is not None:
        project.owner = data.owner
    if data.vendor_name is not None:
        name = data.vendor_name.strip()
        if name:
            vendor, _ = Vendor.objects.get_or_create(name=name,
                                                     defaults={"siren": data.vendor_siren})
            if data.vendor_siren and not vendor.siren:
                vendor.siren = data.vendor_siren
                vendor.save(update_fields=["siren"])
            project.vendor = vendor
        else:
            project.vendor = None


def _apply_related(project: Project, data: ProjectData) -> None:
    if data.domains is not None:
        project.domains.set(data.domains)
    if data.techniques is not None:
        project.techniques.set(data.techniques)
    if data.partners is not None:
        wanted = {org.pk: role for org, role in data.partners}
        current = {p.organization_id: p for p in project.partnerships.all()}
        for org_id, link in current.items():
            if org_id not in wanted:
                link.delete()
            elif link.role != wanted[org_id]:
                link.role = wanted[org_id]
                link.save(update_fields=["role"])
        for org_id, role in wanted.items():
            if org_id not in current:
                ProjectPartner.objects.create(project=project, organization_id=org_id, role=role)
    if data.indicators is not None:
        project.indicators.all().delete()
        Indicator.objects.bulk_create(
            Indicator(project=project, position=i,
                      **{k: (ind.get(k) if ind.get(k) is not None else
                             ("" if k not in ("value_before", "value_after") else None))
                         for k in INDICATOR_FIELDS})
            for i, ind in enumerate(data.indicators)
        )
    if data.sources is not None:
        project.sources.all().delete()
        Source.objects.bulk_create(
            Source(project=project, position=i, url=src["url"].strip(),
                   title=(src.get("title") or "").strip())
            for i, src in enumerate(data.sources)
        )


# ---------------------------------------------------------------- create / update

@transaction.atomic
def create_project(*, author, data: ProjectData, state: str = WorkflowState.DRAFT,
                   source_id: str = "", check_permissions: bool = True) -> Project:
    if data.owner is None:
        raise ValidationError({"owner": ["Choisissez la collectivité qui porte le projet."]})
    if check_permissions and not permissions.can_create_project_for(author, data.owner):
        raise PermissionDenied(
            f"Vous n'êtes pas membre validé de {data.owner.name} : vous ne pouvez pas "
            "déclarer de projet en son nom."
        )
    project = Project(owner=data.owner, created_by=author if _is_user(author) else None,
                      state=state, source_id=source_id)
    _apply(project, data)
    _validate(project, data)
    project.slug = _unique_slug(project.title)
    if state == WorkflowState.PUBLISHED:
        project.published_at = timezone.now()
    project.save()
    _apply_related(project, data)
    _record_revision(project, author=author, action="Création", before=None)
    return project


def _lock(project: Project) -> Project:
    return Project.objects.select_for_update().select_related("owner").get(pk=project.pk)


def _check_version(project: Project, expected_version: int | None) -> None:
    if expected_version is None or project.version == expected_version:
        return
    revisions = list(project.revisions.filter(number__gt=expected_version)
                     .select_related("author"))
    changed: list[str] = []
    authors: list[str] = []
    for rev in revisions:
        for name in rev.changed_fields:
            if name not in changed:
                changed.append(name)
        who = str(rev.author) if rev.author else "l'import automatique"
        if who not in authors:
            authors.append(who)
    raise EditConflict(project, changed, authors)


@transaction.atomic
def update_project(*, project: Project, author, data: ProjectData,
                   expected_version: int | None, action: str = "Modification",
                   check_permissions: bool = True) -> Project:
    project = _lock(project)
    if check_permissions and not permissions.can_edit_project(author, project):
        raise PermissionDenied("Seuls les membres de la collectivité porteuse peuvent "
                               "modifier ce projet.")
    if data.owner is not None and data.owner.pk != project.owner_id and check_permissions \
            and not permissions.can_create_project_for(author, data.owner):
        raise PermissionDenied(f"Vous n'êtes pas membre validé de {data.owner.name}.")
    _check_version(project, expected_version)
    before = take_snapshot(project)
    try:
        with transaction.atomic():
            _apply(project, data)
            _validate(project, data)
            project.version += 1
            project.save()
            _apply_related(project, data)
            if not diff_snapshots(before, take_snapshot(project)):
                raise _NothingChanged
            _record_revision(project, author=author, action=action, before=before)
    except _NothingChanged:
        # Nothing changed: no empty version is recorded.
        project.refresh_from_db()
    return project


class _NothingChanged(Exception):
    pass


# ---------------------------------------------------------------- workflow

def missing_for_submission(project: Project) -> list[str]:
    missing = []
    if not project.short_description.strip():
        missing.append("la description courte")
    if not project.domains.exists():
        missing.append("au moins un domaine")
    if project.kind == ProjectKind.AI_SYSTEM and not project.techniques.exists():
        missing.append("au moins une technique d'IA (ou « Non précisé »)")
    if not project.contact_email and not project.sources.exists():
        missing.append("une adresse de contact ou au moins une source")
    return missing


def _transition(project: Project, *, author, new_state: str, action: str,
                expected_version: int | None = None, **changes) -> Project:
    _check_version(project, expected_version)
    before = take_snapshot(project)
    project.state = new_state
    for name, value in changes.items():
        setattr(project, name, value)
    project.version += 1
    project.save()
    _record_revision(project, author=author, action=action, before=before)
    return project


@transaction.atomic
def submit_project(*, project: Project, author) -> Project:
    project = _lock(project)
    if not permissions.can_edit_project(author, project):
        raise PermissionDenied("Seuls les membres de la collectivité porteuse peuvent "
                               "soumettre ce projet.")
    if not permissions.can_submit_project(author, project):
        raise ValidationError(permissions.SUBMISSION_WAITS_MESSAGE.format(
            organization=project.owner.name))
    if project.state not in (WorkflowState.DRAFT, WorkflowState.REJECTED):
        raise ValidationError(f"Ce projet est « {project.get_state_display()} » : "
                              "seul un brouillon ou un projet refusé peut être soumis.")
    missing = missing_for_submission(project)
    if missing:
        raise ValidationError("Avant de soumettre, complétez : " + ", ".join(missing) + ".")
    project = _transition(project, author=author, new_state=WorkflowState.SUBMITTED,
                          action="Soumis à la modération", rejection_reason="")
    notifications.project_submitted(project)
    return project


@transaction.atomic
def publish_project(*, project: Project, moderator) -> Project:
    project = _lock(project)
    if not permissions.can_moderate_project(moderator, project):
        raise PermissionDenied("Seule l'équipe de modération peut publier un projet.")
    if project.state != WorkflowState.SUBMITTED:
        raise ValidationError("Seul un projet soumis peut être publié.")
    project = _transition(project, author=moderator, new_state=WorkflowState.PUBLISHED,
                          action="Publié", published_at=project.published_at or timezone.now(),
                          rejection_reason="")
    notifications.project_published(project)
    return project


@transaction.atomic
def reject_project(*, project: Project, moderator, reason: str) -> Project:
    project = _lock(project)
    if not permissions.can_moderate_project(moderator, project):
        raise PermissionDenied("Seule l'équipe de modération peut refuser un projet.")
    if project.state != WorkflowState.SUBMITTED:
        raise ValidationError("Seul un projet soumis peut être refusé.")
    if not reason.strip():
        raise ValidationError({"reason": ["Expliquez le motif du refus à la collectivité."]})
    project = _transition(project, author=moderator, new_state=WorkflowState.REJECTED,
                          action="Refusé", rejection_reason=reason.strip())
    notifications.project_rejected(project)
    return project


@transaction.atomic
def archive_project(*, project: Project, author) -> Project:
    project = _lock(project)
    if not (permissions.can_edit_project(author, project) or permissions.is_moderator(author)):
        raise PermissionDenied("Vous ne pouvez pas archiver ce projet.")
    if project.state == WorkflowState.ARCHIVED:
        raise ValidationError("Ce projet est déjà archivé.")
    return _transition(project, author=author, new_state=WorkflowState.ARCHIVED,
                       action="Archivé", state_before_archive=project.state)


@transaction.atomic
def unarchive_project(*, project: Project, author) -> Project:
    project = _lock(project)
    if not (permissions.can_edit_project(author, project) or permissions.is_moderator(author)):
        raise PermissionDenied("Vous ne pouvez pas sortir ce projet des archives.")
    if project.state != WorkflowState.ARCHIVED:
        raise ValidationError("Ce projet n'est pas archivé.")
    previous = project.state_before_archive or WorkflowState.DRAFT
    if previous in (WorkflowState.PUBLISHED, WorkflowState.SUBMITTED) \
            and not permissions.is_moderator(author):
        previous = WorkflowState.SUBMITTED  # a moderator checks it again before it is public
    return _transition(project, author=author, new_state=previous,
                       action="Sorti des archives", state_before_archive="")


# ---------------------------------------------------------------- restore

@transaction.atomic
def restore_revision(*, project: Project, revision: ProjectRevision, author,
                     expected_version: int | None = None) -> Project:
    if revision.project_id != project.pk:
        raise ValidationError("Cette version n'appartient pas à ce projet.")
    snap = revision.snapshot
    fields = {}
    for name in EDITABLE_FIELDS:
        model_field = Project._meta.get_field(name)
        value = snap.get(name)
        fields[name] = model_field.to_python(value) if value is not None else None
        if fields[name] is None and not model_field.null:
            fields[name] = model_field.get_default()
    data = ProjectData(
        fields=fields,
        owner=Organization.objects.get(pk=snap["owner"]),
        vendor_name=(snap.get("vendor") or {}).get("name", ""),
        vendor_siren=(snap.get("vendor") or {}).get("siren", ""),
        domains=list(Domain.objects.filter(slug__in=snap.get("domains", []))),
        techniques=list(Technique.objects.filter(slug__in=snap.get("techniques", []))),
        partners=[(org, role) for org_id, role in snap.get("partners", [])
                  for org in Organization.objects.filter(pk=org_id)],
        indicators=snap.get("indicators", []),
        sources=snap.get("sources", []),
    )
    return update_project(project=project, author=author, data=data,
                          expected_version=expected_version,
                          action=f"Restauration de la version {revision.number}")


# ---------------------------------------------------------------- reference lists

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


def record_ai_act_tier(*, project: Project, tier: str) -> None:
    """Keeps the AI Act risk tier of the latest compliance assessment on the project (a
    search filter). Derived from the assessment, not edited: no new version, no revision."""
    Project.objects.filter(pk=project.pk).update(ai_act_tier=tier)
    project.ai_act_tier = tier
    project_changed.send(sender=Project, project=project)


# ---------------------------------------------------------------- imports of published data

@transaction.atomic
def adopt_published_identity(identities: dict[int, tuple[str, dt.datetime | None]]) -> list[str]:
    """Imports of another instance's published data: each project (by id) takes the address
    (slug) and the publication date it has there, so that its links keep working.

    Returns the addresses already used by other projects (nothing is changed then)."""
    wanted = {slug for slug, _published in identities.values()}
    taken = sorted(Project.objects.filter(slug__in=wanted).exclude(pk__in=identities)
                   .values_list("slug", flat=True))
    if taken:
        return taken
    # Two steps, so that two imported projects may swap addresses without a clash.
    for pk in identities:
        Project.objects.filter(pk=pk).update(slug=f"adresse-provisoire-{pk}")
    for pk, (slug, published_at) in identities.items():
        changes: dict[str, Any] = {"slug": slug}
        if published_at is not None:
            changes["published_at"] = published_at
        Project.objects.filter(pk=pk).update(**changes)
        # The search index (and through its change log, the other processes) follows.
        project_changed.send(sender=Project, project=Project.objects.get(pk=pk))
    return []
