"""Writes of evaluations: run the pure engines, store inputs, results and versions."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction

from recensia import compliance, footprint
from recensia.accounts import permissions
from recensia.accounts.permissions import PermissionDenied
from recensia.evaluations.models import AnsweredBy, ComplianceAssessment, FootprintAssessment
from recensia.evaluations.selectors import org_facts
from recensia.projects import services as project_services
from recensia.projects.models import Project

__all__ = ["Provenance", "save_footprint", "recompute_footprint", "run_compliance",
           "save_compliance", "recompute_compliance", "stored_tier", "org_facts",
           "load_demo_evaluations", "DemoReport"]


@dataclass(frozen=True)
class Provenance:
    """Who answered. The default is the collectivité itself; a pre-diagnosis made by the
    platform from public information says so, with its source and confidence."""

    answered_by: str = AnsweredBy.COLLECTIVITE
    source: str = ""
    basis: str = ""
    confidence: str = ""

    @classmethod
    def of(cls, assessment) -> Provenance:
        return cls(assessment.answered_by, assessment.source, assessment.basis,
                   assessment.confidence)

    def fields(self) -> dict:
        return {"answered_by": self.answered_by, "source": self.source, "basis": self.basis,
                "confidence": self.confidence}


COLLECTIVITE = Provenance()


def _check_can_recompute(author, project) -> None:
    if not (permissions.can_edit_project(author, project) or permissions.is_moderator(author)):
        raise PermissionDenied("Vous ne pouvez pas recalculer cette évaluation.")


@transaction.atomic
def save_footprint(*, project: Project, author, inputs: footprint.Inputs,
                   recomputed_from: FootprintAssessment | None = None,
                   provenance: Provenance = COLLECTIVITE,
                   check_permission: bool = True) -> FootprintAssessment:
    """Assesses and stores. Raises ``footprint.FootprintError`` on invalid inputs."""
    if (check_permission and recomputed_from is None
            and not permissions.can_edit_project(author, project)):
        raise PermissionDenied("Seuls les membres de la collectivité porteuse peuvent évaluer "
                               "l'empreinte de ce projet.")
    result = footprint.assess(inputs)
    data = result.to_dict()
    return FootprintAssessment.objects.create(
        project=project, inputs=inputs.to_dict(), result=data,
        engine_version=footprint.ENGINE_VERSION, data_versions=result.versions,
        gwp_central_kg=result.total.gwp_kgco2e.central,
        created_by=author if getattr(author, "is_authenticated", False) else None,
        recomputed_from=recomputed_from, **provenance.fields(),
    )


def recompute_footprint(*, assessment: FootprintAssessment, author) -> FootprintAssessment:
    """Recomputes a stored assessment with today's engine and data; the old one stays.
    Who answered does not change: a platform pre-diagnosis stays one."""
    _check_can_recompute(author, assessment.project)
    inputs = footprint.Inputs.from_dict(assessment.inputs)
    return save_footprint(project=assessment.project, author=author, inputs=inputs,
                          recomputed_from=assessment, provenance=Provenance.of(assessment))


def run_compliance(*, answers: dict, opportunity_answers: dict, ethics_answers: dict,
                   organization=None, as_of=None, footprint_range=None) -> dict:
    """Evaluates everything (pure engines) and returns a JSON-ready dict."""
    as_of = as_of or date.today()
    facts = org_facts(organization) if organization is not None else None
    ev = compliance.evaluate(compliance.Answers.from_dict(answers), org=facts, as_of=as_of)
    opp_input = dict(opportunity_answers)
    if organization is not None and organization.population:
        opp_input.setdefault("population", organization.population)
    if footprint_range is not None:
        opp_input["footprint_kgco2e_per_year"] = footprint_range
    if isinstance(opp_input.get("alternatives_considered"), str):
        opp_input["alternatives_considered"] = opp_input["alternatives_considered"].splitlines()
    opportunity = compliance.assess_opportunity(compliance.OpportunityAnswers(**opp_input))
    ethics = compliance.ethics_checklist(ethics_answers)
    return {"legal": ev.to_dict(), "opportunity": opportunity.to_dict(),
            "ethics": {"sections": [s.to_dict() for s in ethics.sections],
                       "counts": ethics.counts},
            "tier": ev.tier, "tier_label": ev.tier_label}


def stored_tier(tier: str) -> str:
    """The project's « niveau de risque » field: empty while the tier cannot be concluded."""
    return "" if tier == "undetermined" else tier


@transaction.atomic
def save_compliance(*, project: Project, author, answers: dict, opportunity_answers: dict,
                    ethics_answers: dict, provenance: Provenance = COLLECTIVITE,
                    recomputed_from: ComplianceAssessment | None = None,
                    check_permission: bool = True) -> ComplianceAssessment:
    if (check_permission and recomputed_from is None
            and not permissions.can_edit_project(author, project)):
        raise PermissionDenied("Seuls les membres de la collectivité porteuse peuvent évaluer "
                               "la conformité de ce projet.")
    latest_fp = project.footprint_assessments.first()
    fp_range = None
    if latest_fp is not None:
        gwp = latest_fp.result["total"]["gwp_kgco2e"]
        fp_range = (gwp["min"], gwp["max"])
    as_of = date.today()
    evaluation = run_compliance(answers=answers, opportunity_answers=opportunity_answers,
                                ethics_answers=ethics_answers, organization=project.owner,
                                as_of=as_of, footprint_range=fp_range)
    assessment = ComplianceAssessment.objects.create(
        project=project, answers={"legal": answers, "opportunity": opportunity_answers,
                                  "ethics": ethics_answers},
        evaluation=evaluation, as_of=as_of, engine_version=compliance.ENGINE_VERSION,
        rules_version=compliance.RULES_VERSION, tier=evaluation["tier"],
        created_by=author if getattr(author, "is_authenticated", False) else None,
        recomputed_from=recomputed_from, **provenance.fields())
    project_services.record_ai_act_tier(project=project, tier=stored_tier(evaluation["tier"]))
    return assessment


def recompute_compliance(*, assessment: ComplianceAssessment, author) -> ComplianceAssessment:
    """Evaluates the stored answers again with today's rules; the old result stays in the
    history and who answered does not change."""
    _check_can_recompute(author, assessment.project)
    stored = assessment.answers or {}
    return save_compliance(project=assessment.project, author=author,
                           answers=stored.get("legal", {}),
                           opportunity_answers=stored.get("opportunity", {}),
                           ethics_answers=stored.get("ethics", {}),
                           provenance=Provenance.of(assessment), recomputed_from=assessment)


# ----------------------------------------------------------------- demonstration data

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo_evaluations.json"


@dataclass
class DemoReport:
    created: int = 0
    unchanged: int = 0
    kept_collectivite: int = 0
    missing_projects: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = (f"pré-diagnostics de la plateforme : {self.created} évaluation(s) créée(s), "
                f"{self.unchanged} inchangée(s)")
        if self.kept_collectivite:
            text += (f", {self.kept_collectivite} non remplacée(s) car la collectivité a sa "
                     "propre évaluation")
        if self.missing_projects:
            text += f" ; projets introuvables : {', '.join(self.missing_projects)}"
        return text + "."


def read_demo_evaluations(path: Path = DEMO_FILE) -> dict:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


@transaction.atomic
def load_demo_evaluations(*, dry_run: bool = False, path: Path = DEMO_FILE) -> DemoReport:
    """Stores the platform's pre-diagnoses of the demonstration projects (footprint and
    compliance), marked as answered by the platform with their source and confidence.

    Replayable: an identical pre-diagnosis is not stored twice, and a project whose latest
    assessment was made by its collectivité is left alone. With ``dry_run`` every entry
    is computed and checked, nothing is written."""
    data = read_demo_evaluations(path)
    report = DemoReport()
    projects = {p.slug: p for p in Project.objects.filter(slug__in=data["evaluations"])
                .select_related("owner")}
    for slug, entry in data["evaluations"].items():
        project = projects.get(slug)
        if project is None:
            report.missing_projects.append(slug)
            continue
        provenance = Provenance(AnsweredBy.PLATEFORME, entry["source"], entry["basis"],
                                entry["confidence"])
        if entry.get("footprint"):
            inputs = footprint.Inputs.from_dict(
                {**entry["footprint"], "inhabitants": project.owner.population})
            footprint.assess(inputs)  # raises on invalid data, even in a dry run
            latest = project.footprint_assessments.first()
            current = latest is not None and latest.data_versions == footprint.data_versions()
            if _needs_saving(report, latest, current and latest.inputs, inputs.to_dict()) \
                    and not dry_run:
                save_footprint(project=project, author=None, inputs=inputs,
                               provenance=provenance, check_permission=False)
        if entry.get("compliance"):
            answers = entry["compliance"]
            parsed = compliance.Answers.from_dict(answers["legal"])
            if parsed.ignored:
                raise ValueError(f"{slug} : réponses inconnues {sorted(parsed.ignored)}")
            wanted = {"legal": answers["legal"], "opportunity": answers["opportunity"],
                      "ethics": answers["ethics"]}
            latest = project.compliance_assessments.first()
            current = latest is not None and (latest.rules_version, latest.engine_version) \
                == (compliance.RULES_VERSION, compliance.ENGINE_VERSION)
            if _needs_saving(report, latest, current and latest.answers, wanted) \
                    and not dry_run:
                save_compliance(project=project, author=None, answers=answers["legal"],
                                opportunity_answers=answers["opportunity"],
                                ethics_answers=answers["ethics"], provenance=provenance,
                                check_permission=False)
    if dry_run:
        transaction.set_rollback(True)
    return report


def _needs_saving(report: DemoReport, latest, stored, wanted: dict) -> bool:
    """A pre-diagnosis is stored unless the same one, made with today's rules or constants,
    is already the latest; never over an assessment made by the collectivité itself."""
    if latest is not None and not latest.by_platform:
        report.kept_collectivite += 1
        return False
    if latest is not None and stored == wanted:
        report.unchanged += 1
        return False
    report.created += 1
    return True
