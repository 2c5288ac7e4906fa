"""Import of projects in the product's own JSON format (``recensia-projets`` v1).

All or nothing: every project is checked first and every problem is reported with
the project's position and field, in French; then, only if there is none, the whole
file is written in one transaction. Importing the same file twice changes nothing:
projects are matched on their stable ``source_id``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from recensia.core.text import control_character_message, strings_with_control_characters
from recensia.projects import services
from recensia.projects.models import (
    DecisionRole,
    Domain,
    PartnerRole,
    Project,
    ProjectKind,
    ProjectStatus,
    Technique,
    WorkflowState,
)
from recensia.territories.models import Organization, OrganizationKind, OtherBodyType

FORMAT_NAME = "recensia-projets"
FORMAT_VERSION = 1


@dataclass
class ImportProblem:
    position: int
    source_id: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"projet n° {self.position}"
        if self.source_id:
            where += f" ({self.source_id})"
        return f"{where}, champ « {self.field} » : {self.message}"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def __str__(self) -> str:
        if self.problems:
            lines = [f"{len(self.problems)} problème(s), rien n'a été importé :"]
            lines += [f"- {p}" for p in self.problems]
            return "\n".join(lines)
        prefix = "Simulation : " if self.dry_run else ""
        return (f"{prefix}{self.created} projet(s) créé(s), {self.updated} mis à jour, "
                f"{self.unchanged} inchangé(s).")


class ImportFailed(Exception):
    def __init__(self, report: ImportReport):
        self.report = report
        super().__init__(str(report))


def read_file(path: Path) -> dict[str, Any]:
    try:
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFailed(ImportReport(problems=[ImportProblem(
            0, "", "fichier", f"lecture impossible ({exc})")])) from exc
    return payload


class _Resolver:
    def __init__(self) -> None:
        self.domains = {d.name.lower(): d for d in Domain.objects.all()}
        self.domains.update({d.slug: d for d in self.domains.values()})
        self.techniques = {t.name.lower(): t for t in Technique.objects.all()}
        self.techniques.update({t.slug: t for t in self.techniques.values()})

    def organization(self, ref: dict[str, Any], *, create_other: bool) -> Organization | str:
        """Returns the organization, or a French error message."""
        if not isinstance(ref, dict):
            return "référence de collectivité illisible"
        kind = ref.get("kind")
        insee, siren = str(ref.get("insee_code") or ""), str(ref.get("siren") or "")
        qs = Organization.objects.filter(is_obsolete=False)
        if kind in (OrganizationKind.COMMUNE, OrganizationKind.DEPARTEMENT,
                    OrganizationKind.REGION) and insee:
            org = qs.filter(kind=kind, insee_code=insee).first()
            return org or f"aucune collectivité de type {kind} avec le code INSEE {insee}"
        if siren:
            org = qs.filter(siren=siren).first()
            return org or f"aucune collectivité avec le SIREN {siren}"
        if kind == OrganizationKind.OTHER and ref.get("name"):
            org = qs.filter(kind=OrganizationKind.OTHER, name=ref["name"]).first()
            if org:
                return org
            if ref.get("other_type", "autre") not in OtherBodyType.values:
                return f"nature d'organisme inconnue : {ref.get('other_type')}"
            if not create_other:
                return org or Organization(kind=OrganizationKind.OTHER, name=ref["name"])
            dep = None
            if ref.get("departement"):
                dep = Organization.objects.filter(kind=OrganizationKind.DEPARTEMENT,
                                                  insee_code=ref["departement"]).first()
            return Organization.objects.create(
                kind=OrganizationKind.OTHER, name=ref["name"],
                other_type=ref.get("other_type", "autre"), departement=dep,
                region=dep.region if dep else None,
            )
        return "référence de collectivité incomplète (code INSEE, SIREN ou nom attendu)"


def _to_data(item: dict[str, Any], resolver: _Resolver, position: int,
             problems: list[ImportProblem], *, create_other: bool) -> services.ProjectData | None:
    sid = str(item.get("source_id") or "")

    def problem(field_name: str, message: str) -> None:
        problems.append(ImportProblem(position, sid, field_name, message))

    before = len(problems)
    if not sid:
        problem("source_id", "identifiant d'origine manquant : il rend l'import rejouable.")
    owner = resolver.organization(item.get("owner"), create_other=create_other)
    if isinstance(owner, str):
        problem("owner", owner)
    partners = []
    for ref in item.get("partners") or []:
        org = resolver.organization(ref, create_other=create_other)
        if isinstance(org, str):
            problem("partners", org)
        else:
            role = ref.get("role", PartnerRole.PARTNER)
            if role not in PartnerRole.values:
                problem("partners", f"rôle inconnu : {role}")
            partners.append((org, role))
    domains, techniques = [], []
    for name in item.get("domains") or []:
        obj = resolver.domains.get(str(name).lower()) or resolver.domains.get(slugify(name))
        if obj is None:
            problem("domains", f"domaine inconnu : « {name} » (à créer d'abord par la modération)")
        else:
            domains.append(obj)
    for name in item.get("techniques") or []:
        obj = resolver.techniques.get(str(name).lower()) or resolver.techniques.get(slugify(name))
        if obj is None:
            problem("techniques", f"technique inconnue : « {name} »")
        else:
            techniques.append(obj)
    choices = {"kind": ProjectKind, "status": ProjectStatus, "decision_role": DecisionRole}
    fields: dict[str, Any] = {}
    for name in services.EDITABLE_FIELDS:
        if name in item and item[name] is not None:
            value = item[name]
            if name in choices and value not in choices[name].values:
                problem(name, f"valeur inconnue « {value} » (valeurs possibles : "
                              f"{', '.join(choices[name].values)})")
            if name == "keywords" and isinstance(value, list):
                value = ", ".join(value)
            fields[name] = value
    vendor = item.get("vendor") or {}
    if len(problems) > before:
        return None
    return services.ProjectData(
        fields=fields, owner=owner, vendor_name=vendor.get("name", ""),
        vendor_siren=vendor.get("siren", ""), domains=domains, techniques=techniques,
        partners=partners, indicators=list(item.get("indicators") or []),
        sources=list(item.get("sources") or []),
    )


def control_character_problems(item: Any, position: int, sid: str) -> list[ImportProblem]:
    """A problem for each field of an item that holds a control character (NUL…)."""
    problems = []
    for path, code in strings_with_control_characters(item):
        problems.append(ImportProblem(position, sid, path.split(".", 1)[0],
                                      control_character_message(code)))
    return problems


def _check_envelope(payload: Any) -> list[ImportProblem]:
    if not isinstance(payload, dict) or payload.get("format") != FORMAT_NAME:
        return [ImportProblem(0, "", "format",
                              f"le fichier n'est pas au format « {FORMAT_NAME} »")]
    if payload.get("version") != FORMAT_VERSION:
        return [ImportProblem(0, "", "version",
                              f"version {payload.get('version')} non prise en charge "
                              f"(attendue : {FORMAT_VERSION})")]
    if not isinstance(payload.get("projects"), list):
        return [ImportProblem(0, "", "projects", "la liste des projets est absente")]
    return []


def import_projects(payload: dict[str, Any], *, author=None, dry_run: bool = False,
                    state: str = WorkflowState.PUBLISHED, progress=None) -> ImportReport:
    """Validate everything, then write everything or nothing. Raises ImportFailed."""
    report = ImportReport(dry_run=dry_run, problems=_check_envelope(payload))
    if report.problems:
        raise ImportFailed(report)
    items = payload["projects"]
    seen: set[str] = set()
    for position, item in enumerate(items, start=1):
        sid = str(item.get("source_id") or "")
        if sid in seen:
            report.problems.append(ImportProblem(position, sid, "source_id",
                                                 "identifiant présent deux fois dans le fichier"))
        seen.add(sid)
        report.problems += control_character_problems(item, position, sid)
    try:
        with transaction.atomic():
            _write(items, report, author=author, state=state, progress=progress)
            if report.problems:
                raise ImportFailed(report)
            if dry_run:
                transaction.set_rollback(True)
    except ImportFailed:
        raise
    return report


def _write(items, report: ImportReport, *, author, state: str, progress) -> None:
    resolver = _Resolver()
    total = len(items)
    refused = {problem.position for problem in report.problems}
    for position, item in enumerate(items, start=1):
        if position in refused:
            continue  # already refused (a control character would not even reach the base)
        data = _to_data(item, resolver, position, report.problems, create_other=True)
        if data is None:
            continue
        sid = str(item["source_id"])
        try:
            with transaction.atomic():
                existing = Project.objects.filter(source_id=sid).first()
                if existing is None:
                    services.create_project(author=author, data=data, state=state,
                                            source_id=sid, check_permissions=False)
                    report.created += 1
                else:
                    version = existing.version
                    updated = services.update_project(
                        project=existing, author=author, data=data, expected_version=None,
                        action="Mise à jour par import", check_permissions=False)
                    if updated.version == version:
                        report.unchanged += 1
                    else:
                        report.updated += 1
        except ValidationError as exc:
            by_field = exc.message_dict if hasattr(exc, "error_dict") else {"projet": exc.messages}
            for field_name, messages in by_field.items():
                for message in messages:
                    report.problems.append(ImportProblem(position, sid, field_name, message))
        if progress:
            progress(position, total)
