"""Reads of evaluations: latest assessments, totals, what changed since an assessment."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db.models import OuterRef, Subquery

from recensia import compliance, figures, footprint
from recensia.evaluations.models import AnsweredBy, ComplianceAssessment, FootprintAssessment
from recensia.projects.models import Project, WorkflowState

CHANGES_FILE = Path(__file__).resolve().parent / "data" / "changes.toml"


def latest_footprint(project: Project) -> FootprintAssessment | None:
    return project.footprint_assessments.select_related("created_by").first()


def latest_summaries(project: Project):
    """(latest footprint, latest compliance) with only what a project page shows."""
    fp = project.footprint_assessments.only(
        "gwp_central_kg", "created_at", "project_id", "answered_by").first()
    cp = project.compliance_assessments.only(
        "tier", "created_at", "project_id", "answered_by").first()
    return fp, cp


def latest_compliance(project: Project):
    return project.compliance_assessments.select_related("created_by").first()


def footprint_history(project: Project) -> list[FootprintAssessment]:
    return list(project.footprint_assessments.select_related("created_by")[:20])


def compliance_history(project: Project) -> list[ComplianceAssessment]:
    return list(project.compliance_assessments.select_related("created_by")[:20])


def result_of(assessment: FootprintAssessment) -> footprint.Result:
    return footprint.Result.from_dict(assessment.result)


def org_facts(organization) -> compliance.OrgFacts:
    """What the compliance engine needs to know of a collectivité, from the reference data."""
    has_big = None
    if organization.kind == "epci" and organization.epci_type == "CA":
        has_big = organization.member_communes.filter(population__gt=30_000).exists()
    return compliance.OrgFacts(kind=organization.kind, epci_type=organization.epci_type,
                               population=organization.population,
                               has_commune_over_30k=has_big,
                               other_type=organization.other_type, name=organization.name)


# ----------------------------------------------------------------- footprint in one sentence

@dataclass
class Headline:
    sentence: str
    comparison: str
    per_inhabitant: str
    source: dict[str, str]


def footprint_headline(result: footprint.Result) -> Headline:
    """What an élu reads first: the yearly emissions in one sentence, one comparison with a
    car trip (or with flights for large figures), and the figure per inhabitant."""
    gwp = result.total.gwp_kgco2e
    low, high = (figures.format_quantity(x, "gwp") for x in (gwp.min, gwp.max))
    sentence = (f"Ce projet émet environ {figures.format_quantity(gwp.central, 'gwp')} de gaz "
                "à effet de serre par an"
                + (f", entre {low} et {high} selon les hypothèses." if low != high else "."))
    by_label = {e.label: e for e in result.equivalences}
    car = next((e for label, e in by_label.items() if "voiture thermique" in label), None)
    flight = next((e for label, e in by_label.items() if "Paris–New York" in label), None)
    comparison, source = "", {}
    if flight is not None and flight.value.central >= 1:
        comparison = (f"C'est autant que {figures.format_number(flight.value.central)} "
                      "allers-retours Paris–New York en avion, pour un passager.")
        source = flight.source
    elif car is not None and gwp.central > 0:
        km = car.value.central
        distance = (f"{figures.format_number(km)} km" if km >= 1
                    else f"{figures.format_number(km * 1000)} mètres")
        comparison = f"C'est autant qu'une voiture à essence ou diesel sur {distance}."
        source = car.source
    per_inhabitant = ""
    per = result.per_unit.get("habitant")
    if per is not None:
        per_inhabitant = (f"Soit {figures.format_quantity(per.gwp_kgco2e.central, 'gwp')} "
                          "par habitant de la collectivité et par an.")
    return Headline(sentence, comparison, per_inhabitant, source)


# ----------------------------------------------------------------- answers the project gives

# What the project's form says, read as answers of the questionnaire (never asked twice).
_DECISION_ANSWERS = {"assists": "partly", "decides": "exclusively", "not_applicable": "no"}
_YES_NO = {"yes": True, "no": False}
# Words of a technique's name (a list moderators extend) → a « oui » it implies.
_TECHNIQUE_ANSWERS = (("conversationnel", "interacts_with_people"),
                      ("générative", "generates_content"),
                      ("biométrique", "uses_biometrics"))


def project_answers(project) -> dict[str, Any]:
    """Answers of the compliance questionnaire already given in the project's form: personal
    data, place in decisions, a deployed system, and the « oui » its AI techniques imply
    (a chatbot talks with people, generative AI produces content). Unknown stays unasked."""
    answers: dict[str, Any] = {}
    if project.personal_data in _YES_NO:
        answers["personal_data"] = _YES_NO[project.personal_data]
    if project.decision_role in _DECISION_ANSWERS:
        answers["decides_individual"] = _DECISION_ANSWERS[project.decision_role]
    if project.status == "deployed":
        answers["in_service_before_high_risk_rules"] = True
    names = [t.name.lower() for t in project.techniques.all()] if project.pk else []
    for word, question in _TECHNIQUE_ANSWERS:
        if any(word in name for name in names):
            answers[question] = True
    return answers


def project_service(project) -> dict[str, Any]:
    """The footprint's « service acheté » as the project's form describes it (vendor,
    product; a chatbot technique suggests the kind of service)."""
    initial: dict[str, Any] = {}
    if project.vendor_id:
        initial["vendor"] = project.vendor.name
    if project.solution_name:
        initial["product"] = project.solution_name
    if initial and any("conversationnel" in t.name.lower() for t in project.techniques.all()):
        initial["service"] = "chatbot"
    return initial


def project_opportunity(project) -> dict[str, Any]:
    """Answers of the opportunity assessment the project's form already gives."""
    values = {"need": project.purpose or project.short_description,
              "alternatives_considered": project.alternatives_considered,
              "investment_eur": project.investment_eur, "yearly_cost_eur": project.yearly_cost_eur}
    return {k: (float(v) if k.endswith("_eur") else v) for k, v in values.items()
            if v not in (None, "")}


# ----------------------------------------------------------------- what changed since

@dataclass
class FootprintToday:
    """A stored footprint set against the same inputs computed with today's constants."""

    outdated: bool
    versions_changed: dict[str, dict[str, Any]]
    stored_gwp: footprint.Range
    today_gwp: footprint.Range | None
    relative_change: float | None
    error: str = ""


def footprint_today(assessment: FootprintAssessment) -> FootprintToday:
    """Whether the assessment was made with older engine or constants and, if so, what the
    same inputs give today (computed, not stored)."""
    stored = footprint.Impacts.from_dict(assessment.result["total"]).gwp_kgco2e
    current = footprint.data_versions()
    old = assessment.data_versions or {}
    changed = {k: {"old": old.get(k), "new": v} for k, v in current.items()
               if k in ("engine", "ecologits", "constants") and old.get(k) != v}
    if not changed:
        return FootprintToday(False, {}, stored, None, None)
    try:
        today = footprint.recompute(assessment.result).total.gwp_kgco2e
    except footprint.FootprintError as exc:
        return FootprintToday(True, changed, stored, None, None, exc.message)
    change = None if stored.central == 0 else (today.central - stored.central) / stored.central
    return FootprintToday(True, changed, stored, today, change)


@dataclass
class ComplianceToday:
    """A stored compliance assessment set against today's rules, same answers."""

    outdated: bool
    stored_version: str
    current_version: str
    stored_tier_label: str
    today_tier_label: str
    tier_changed: bool
    added: list[str]
    removed: list[str]


def _obligation_titles(legal: dict) -> dict[str, str]:
    return {r["id"]: r["title"] for key in ("obligations", "crpa")
            for r in legal.get(key, [])} | {
        r["id"]: r["title"] for r in legal.get("dpia", {}).get("rules", [])}


def compliance_today(assessment: ComplianceAssessment) -> ComplianceToday:
    """Whether the assessment used older rules and, if so, what today's rules say of the
    same answers (evaluated, not stored)."""
    current = compliance.RULES_VERSION
    legal = (assessment.evaluation or {}).get("legal", {})
    stored_label = legal.get("tier_label") or compliance.TIER_LABELS.get(assessment.tier, "")
    if assessment.rules_version == current and assessment.engine_version == \
            compliance.ENGINE_VERSION:
        return ComplianceToday(False, assessment.rules_version, current, stored_label,
                               stored_label, False, [], [])
    answers = (assessment.answers or {}).get("legal", {})
    facts = org_facts(assessment.project.owner)
    today = compliance.evaluate(compliance.Answers.from_dict(answers), org=facts,
                                as_of=date.today()).to_dict()
    before, after = _obligation_titles(legal), _obligation_titles(today)
    return ComplianceToday(
        True, assessment.rules_version, current, stored_label, today["tier_label"],
        today["tier"] != assessment.tier,
        added=[after[k] for k in after if k not in before],
        removed=[before[k] for k in before if k not in after],
    )


@functools.cache
def changes() -> list[dict[str, Any]]:
    """The dated changelog of the rules and constants, newest first (data file)."""
    with CHANGES_FILE.open("rb") as fh:
        entries = tomllib.load(fh)["entries"]
    return sorted(entries, key=lambda e: (e["date"], e["version"]), reverse=True)


# ----------------------------------------------------------------- totals

@dataclass
class FootprintTotal:
    projects: int
    gwp: footprint.Range
    energy: footprint.Range
    water: footprint.Range
    by_platform: int = 0


def _latest_ids(projects_qs):
    latest = (FootprintAssessment.objects.filter(project=OuterRef("pk"))
              .order_by("-created_at", "-id").values("id")[:1])
    return [pk for pk in projects_qs.annotate(a=Subquery(latest)).values_list("a", flat=True)
            if pk]


def footprint_total(projects_qs) -> FootprintTotal:
    """Sum of the latest assessment of each project (ranges add up bound by bound)."""
    ids = _latest_ids(projects_qs)
    zero = footprint.Range(0.0, 0.0, 0.0)
    gwp, energy, water, by_platform = zero, zero, zero, 0
    rows = FootprintAssessment.objects.filter(pk__in=ids).values_list("result", "answered_by")
    for data, answered_by in rows:
        total = footprint.Impacts.from_dict(data["total"])
        gwp, energy, water = gwp + total.gwp_kgco2e, energy + total.energy_kwh, \
            water + total.water_l
        by_platform += answered_by == AnsweredBy.PLATEFORME
    return FootprintTotal(len(ids), gwp, energy, water, by_platform)


def national_footprint_total() -> FootprintTotal:
    return footprint_total(Project.objects.filter(state=WorkflowState.PUBLISHED))


def organization_footprint_total(organization) -> FootprintTotal:
    return footprint_total(Project.objects.filter(state=WorkflowState.PUBLISHED,
                                                  owner=organization))
