"""The evaluation of a project's answers against the rules, on a given date.

``evaluate(answers, org=None, as_of=None)`` returns an :class:`Evaluation`: the role of
the collectivité, the AI Act tier with its Annex III point, the 6(3) exemption, the
obligations with their dates (in force or not yet), whether a DPIA (AIPD) is needed
and why, the French administrative-law duties, the NIS2 status and data-governance
advice when facts about the collectivité are given, the uncertain points of law, and
the versions of the engine and rules used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from recensia.figures import CONSTANT_DIGITS, format_number

from .facts import Answers, OrgFacts
from .nis2 import Nis2Status, nis2_status
from .rules import (
    ENGINE_NAMES,
    Rule,
    RuleResult,
    RulesError,
    RuleSet,
    evaluate_rule,
    format_date_fr,
    load_rules,
)

__all__ = ["ENGINE_VERSION", "TIER_LABELS", "ROLE_LABELS", "Evaluation", "DpiaResult",
           "evaluate", "answer_label"]

ENGINE_VERSION = "1.1.0"

TIER_LABELS = {
    "prohibited": "Pratique interdite",
    "high_risk": "Système à haut risque",
    "transparency": "Obligations de transparence",
    "minimal": "Risque minimal",
    "undetermined": "Niveau de risque à préciser",
}
#: Groups whose rules decide the AI Act tier: while one of them cannot be evaluated for
#: lack of an answer, « risque minimal » (or transparency only) cannot be concluded.
_DECIDING_GROUPS = ("ai_act.prohibited", "ai_act.annex_i", "ai_act.annex_iii")
ROLE_LABELS = {
    "deployer": "Déployeur : la collectivité utilise un système conçu par un autre",
    "provider": ("Fournisseur : la collectivité conçoit le système ou le met en service sous "
                 "son nom"),
    None: "Rôle à préciser",
}
ROLE_SHORT = {"deployer": "déployeur", "provider": "fournisseur", None: "à préciser"}
_HIGH_RISK_NAMES = {"high_risk", "high_risk_annex_iii", "high_risk_annex_iii_not_point_2",
                    "high_risk_annex_i"}


def question_name(name: str, ruleset: RuleSet | None = None) -> str:
    """How a sentence shown to a user names a question (never by its id)."""
    if name.startswith("org."):
        return _ORG_LABELS.get(name, "une information sur la collectivité")
    question = (ruleset or load_rules()).question(name)
    return f"« {question.text} »" if question is not None else "une réponse"


def answer_label(question_id: str, value: Any, ruleset: RuleSet | None = None) -> str:
    """Plain-French reading of an answer (« Oui », « Non », a choice's label…)."""
    if question_id.startswith("org."):
        if value is None:
            return "inconnu"
        if isinstance(value, bool):
            return "Oui" if value else "Non"
        if isinstance(value, int | float):
            return f"environ {format_number(value, CONSTANT_DIGITS)}"
        return str(value)
    question = (ruleset or load_rules()).question(question_id)
    if value is None:
        return "Je ne sais pas"
    if question is not None and question.type == "choice":
        return dict(question.choices).get(value, str(value))
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    return str(value)


def _count(n: int, singular: str, plural: str | None = None) -> str:
    """« 1 obligation », « 3 obligations », « aucune obligation »."""
    if n == 0:
        return f"aucun {singular}" if singular.startswith("point") else f"aucune {singular}"
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


class _Context:
    """Resolves names in conditions: answers, org facts, named facts, engine values."""

    def __init__(self, rs: RuleSet, answers: Answers, org: OrgFacts | None,
                 engine: _Engine | None = None):
        self.rs, self.answers, self.org, self.engine = rs, answers, org, engine
        self._memo: dict[str, tuple[Any, frozenset[str]]] = {}
        self._stack: list[str] = []

    def resolve(self, name: str) -> tuple[Any, frozenset[str]]:
        if name in self._memo:
            return self._memo[name]
        if name in self._stack:
            raise RulesError(f"dépendance circulaire : {' → '.join([*self._stack, name])}")
        self._stack.append(name)
        try:
            result = self._compute(name)
        finally:
            self._stack.pop()
        self._memo[name] = result
        return result

    def _compute(self, name: str) -> tuple[Any, frozenset[str]]:
        if name.startswith("org."):
            value = self.org.get(name[4:]) if self.org is not None else None
            return value, frozenset({name})
        question = self.rs.question(name)
        if question is not None:
            value = self.answers.get(name)
            if value is None and question.type == "bool" and question.depends_on is not None:
                # A yes/no question that earlier answers make irrelevant is not asked: it
                # reads « non », explained by the answers that ruled it out.
                relevant, witnesses = question.depends_on.truth(self.resolve)
                if relevant is False:
                    return False, witnesses
            return value, frozenset({name})
        fact = self.rs.facts.get(name)
        if fact is not None:
            return fact.condition.evaluate(self.resolve)
        if name in ENGINE_NAMES and self.engine is not None:
            return self.engine.value(name)
        if name in ENGINE_NAMES:
            return None, frozenset()
        raise RulesError(f"nom inconnu dans une condition : {name}")

    def resolve_answers_only(self, name: str) -> tuple[Any, frozenset[str]]:
        return self.resolve(name)


@dataclass
class DpiaResult:
    """Whether a DPIA (AIPD, analyse d'impact relative à la protection des données) is needed."""

    required: bool | None
    reasons: list[str]
    rules: list[RuleResult] = field(default_factory=list)
    criteria_met: list[dict[str, str]] = field(default_factory=list)
    cnil_items: list[dict[str, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return {True: "AIPD obligatoire", False: "AIPD non obligatoire",
                None: "AIPD : à préciser"}[self.required]

    def to_dict(self) -> dict[str, Any]:
        return {
            "required": self.required,
            "label": self.label,
            "reasons": list(self.reasons),
            "rules": [r.to_dict() for r in self.rules],
            "criteria_met": list(self.criteria_met),
            "cnil_items": list(self.cnil_items),
            "missing": list(self.missing),
        }


@dataclass
class Evaluation:
    """Explained result of :func:`evaluate`."""

    as_of: date
    answers: dict[str, Any]
    role: str | None
    role_label: str
    tier: str
    tier_label: str
    tier_applies_from: date | None
    annex_iii_point: str | None
    annex_iii_points: list[str]
    annex_i: bool
    exempted: bool
    exemption_reason: str
    classification: list[RuleResult]
    obligations: list[RuleResult]
    dpia: DpiaResult
    crpa: list[RuleResult]
    to_confirm: list[RuleResult]
    uncertainties: list[dict[str, str]]
    versions: dict[str, Any]
    nis2: Nis2Status | None = None
    data_governance: list[RuleResult] | None = None
    org: OrgFacts | None = None
    deciding_questions: list[dict[str, str]] = field(default_factory=list)
    tier_floor: str | None = None

    @property
    def conclusive(self) -> bool:
        """False when too few answers are given to name the AI Act tier."""
        return self.tier != "undetermined"

    @property
    def tier_in_force(self) -> bool:
        return self.tier_applies_from is None or self.as_of >= self.tier_applies_from

    @property
    def obligations_in_force(self) -> list[RuleResult]:
        return [r for r in self.obligations if r.in_force()]

    @property
    def upcoming_obligations(self) -> list[RuleResult]:
        return [r for r in self.obligations if not r.in_force()]

    def obligation(self, rule_id: str) -> RuleResult | None:
        for result in (*self.obligations, *self.crpa, *self.dpia.rules, *self.classification):
            if result.id == rule_id:
                return result
        return None

    @property
    def summary(self) -> str:
        if not self.conclusive:
            n = len(self.deciding_questions)
            parts = [f"Niveau de risque : impossible à conclure avec ces réponses ; "
                     f"{_count(n, 'question décisive', 'questions décisives')} "
                     f"{'reste' if n == 1 else 'restent'} sans réponse"]
            if self.tier_floor == "transparency":
                parts.append("Au moins les obligations de transparence s'appliquent")
        else:
            parts = [f"Niveau de risque : {self.tier_label.lower()}"]
        if self.annex_iii_point and self.tier == "high_risk":
            parts[0] += f" (annexe III, point {self.annex_iii_point})"
        if self.tier_applies_from and self.conclusive:
            verb = "depuis le" if self.tier_in_force else "à partir du"
            parts[0] += f", règles applicables {verb} {format_date_fr(self.tier_applies_from)}"
        parts.append(f"Rôle de la collectivité : {ROLE_SHORT.get(self.role, 'à préciser')}")
        parts.append(self.dpia.label)
        now, later = len(self.obligations_in_force), len(self.upcoming_obligations)
        parts.append(f"{_count(now, 'obligation')} en vigueur, {later} à venir")
        if self.crpa:
            parts.append("mention explicite obligatoire sur les décisions individuelles")
        if self.to_confirm:
            parts.append(f"{_count(len(self.to_confirm), 'point')} à confirmer faute de réponse")
        return ". ".join(p[0].upper() + p[1:] for p in parts) + "."

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "answers": dict(self.answers),
            "role": self.role,
            "role_label": self.role_label,
            "tier": self.tier,
            "tier_label": self.tier_label,
            "tier_applies_from": self.tier_applies_from.isoformat() if self.tier_applies_from
            else None,
            "tier_in_force": self.tier_in_force,
            "annex_iii_point": self.annex_iii_point,
            "annex_iii_points": list(self.annex_iii_points),
            "annex_i": self.annex_i,
            "exempted": self.exempted,
            "exemption_reason": self.exemption_reason,
            "classification": [r.to_dict() for r in self.classification],
            "obligations": [r.to_dict() for r in self.obligations],
            "dpia": self.dpia.to_dict(),
            "crpa": [r.to_dict() for r in self.crpa],
            "nis2": self.nis2.to_dict() if self.nis2 else None,
            "data_governance": [r.to_dict() for r in self.data_governance]
            if self.data_governance is not None else None,
            "to_confirm": [r.to_dict() for r in self.to_confirm],
            "uncertainties": [dict(u) for u in self.uncertainties],
            "versions": dict(self.versions),
            "summary": self.summary,
            "org": self.org.to_dict() if self.org else None,
            "conclusive": self.conclusive,
            "deciding_questions": [dict(q) for q in self.deciding_questions],
            "tier_floor": self.tier_floor,
        }


class _Engine:
    """Computes the engine values (tier, role…) lazily, recording the rules used."""

    def __init__(self, rs: RuleSet, answers: Answers, org: OrgFacts | None, as_of: date):
        self.rs, self.as_of = rs, as_of
        self.ctx = _Context(rs, answers, org, self)
        self.order = [*rs.question_ids, "org.kind", "org.epci_type", "org.population",
                      "org.has_commune_over_30k", "org.staff_fte"]
        self._values: dict[str, tuple[Any, frozenset[str]]] = {}
        self.classification: list[RuleResult] = []
        self.pending: list[RuleResult] = []
        self._done: set[str] = set()
        self.deciding: list[str] = []
        self.tier_floor: str | None = None

    # -- helpers
    def run(self, rule: Rule) -> RuleResult | None:
        return evaluate_rule(rule, self.ctx.resolve, self.as_of, self.order,
                             lambda name: question_name(name, self.rs))

    def _record(self, result: RuleResult | None, into: list[RuleResult]) -> None:
        if result is None or result.id in self._done:
            return
        if result.status == "applies":
            into.append(result)
            self._done.add(result.id)
        elif any(not m.startswith("org.") for m in result.missing):
            self.pending.append(result)
            self._done.add(result.id)

    @staticmethod
    def _wit(results: list[RuleResult]) -> frozenset[str]:
        return frozenset(k for r in results for k, _ in r.triggered_by)

    def value(self, name: str) -> tuple[Any, frozenset[str]]:
        if name not in self._values:
            if name in ("prohibited",):
                self._classify_prohibited()
            elif name == "role":
                self._classify_role()
            elif name == "tier":
                self._classify_tier()
            else:
                self._classify_high_risk()
        return self._values[name]

    # -- classification steps
    def _classify_prohibited(self) -> None:
        results = [self.run(r) for r in self.rs.rules_in("ai_act.prohibited")]
        matched = [r for r in results if r and r.status == "applies"]
        for r in results:
            self._record(r, self.classification)
        self._values["prohibited"] = (bool(matched), self._wit(matched))
        self.prohibited_rules = matched

    def _classify_high_risk(self) -> None:
        prohibited = self.value("prohibited")[0]
        annex_iii = [self.run(r) for r in self.rs.rules_in("ai_act.annex_iii")]
        annex_iii_hits = [r for r in annex_iii if r and r.status == "applies"]
        annex_i = [self.run(r) for r in self.rs.rules_in("ai_act.annex_i")]
        annex_i_hits = [r for r in annex_i if r and r.status == "applies"]
        for r in (*annex_iii, *annex_i):
            self._record(r, self.classification)

        exempted, reason, ex_wit = False, "", frozenset()
        if annex_iii_hits:
            exemption = [self.run(r) for r in self.rs.rules_in("ai_act.exemption")]
            override = [self.run(r) for r in self.rs.rules_in("ai_act.exemption_override")]
            claimed = [r for r in exemption if r and r.status == "applies"]
            blocked = [r for r in override if r and r.status == "applies"]
            unsure = [r for r in override if r and r.status == "to_confirm"]
            for r in exemption:
                self._record(r, self.classification)
            if claimed:
                for r in override:
                    self._record(r, self.classification)
                ex_wit = self._wit(claimed) | self._wit(blocked)
                if blocked:
                    reason = ("Pas de dérogation : le système établit des profils de personnes, "
                              "il reste à haut risque (article 6(3), dernier alinéa).")
                elif unsure:
                    reason = ("Dérogation non retenue tant qu'on ne sait pas si le système établit "
                              "des profils de personnes (article 6(3)) : précisez ce point.")
                else:
                    exempted = True
                    reason = claimed[0].requirement
            elif any(r and r.status == "to_confirm" for r in exemption):
                ex_wit = frozenset(k for r in exemption if r for k in r.missing)
                reason = ("Dérogation non examinée faute de réponse sur le rôle exact du système "
                          "dans la décision : par prudence, il est considéré à haut risque "
                          "(article 6(3)).")
            else:
                reason = ("Pas de dérogation : le système joue un rôle réel dans la décision "
                          "(article 6(3)).")
        self.exemption = (exempted, reason)
        self.annex_iii_hits, self.annex_i_hits = annex_iii_hits, annex_i_hits

        hr3 = bool(annex_iii_hits) and not exempted and not prohibited
        hr3_not2 = hr3 and any(r.annex_iii_point != "2" for r in annex_iii_hits)
        hr1 = bool(annex_i_hits) and not prohibited
        w3 = self._wit(annex_iii_hits) | ex_wit
        w1 = self._wit(annex_i_hits)
        points = [r.annex_iii_point for r in annex_iii_hits if r.annex_iii_point]
        main_point = next((p for p in points if p != "2"), points[0] if points else None)
        self._values.update({
            "high_risk_annex_iii": (hr3, w3),
            "high_risk_annex_iii_not_point_2": (hr3_not2, w3),
            "high_risk_annex_i": (hr1, w1),
            "high_risk": (hr3 or hr1, (w3 if hr3 else frozenset()) | (w1 if hr1 else frozenset())),
            "exempted": (exempted and not prohibited, ex_wit | self._wit(annex_iii_hits)),
            "annex_iii_point": (main_point, self._wit(annex_iii_hits)),
        })
        self.annex_iii_points = points

    def _classify_role(self) -> None:
        declared = self.ctx.answers.get("declared_role")
        wit = frozenset({"declared_role"}) if self.rs.question("declared_role") else frozenset()
        if declared == "deployer":
            results = [self.run(r) for r in self.rs.rules_in("ai_act.role")]
            for r in results:
                self._record(r, self.classification)
            hits = [r for r in results if r and r.status == "applies"]
            if hits:
                self._values["role"] = ("provider", wit | self._wit(hits))
                return
        self._values["role"] = (declared, wit)

    def _classify_tier(self) -> None:
        prohibited, pw = self.value("prohibited")
        high_risk, hw = self.value("high_risk")
        if prohibited:
            self._values["tier"] = ("prohibited", pw)
            return
        if high_risk:
            self._values["tier"] = ("high_risk", hw)
            return
        duties = [self.run(r) for r in self.rs.rules if r.transparency]
        hits = [r for r in duties if r and r.status == "applies"]
        self.transparency_hits = hits
        self.deciding = [m for r in self.pending if r.group in _DECIDING_GROUPS
                         for m in r.missing if not m.startswith("org.")]
        if self.deciding:
            # Too few answers: neither « minimal » nor « transparency only » can be said.
            self.tier_floor = "transparency" if hits else None
            self._values["tier"] = ("undetermined", frozenset(self.deciding))
            return
        self._values["tier"] = ("transparency", self._wit(hits)) if hits else ("minimal",
                                                                                  frozenset())


def _rule_mentions_high_risk(rule: Rule) -> bool:
    names = rule.condition.names
    if names & _HIGH_RISK_NAMES:
        return True
    return ("tier", "high_risk") in rule.condition.literal_uses()


def _explain(rs: RuleSet, results: list[RuleResult]) -> None:
    """Add, once, the plain-French reading of the answers to each result's triggers."""
    for result in results:
        readings = []
        for key, value in result.triggered_by:
            question = rs.question(key)
            if question is not None:
                readings.append(f"« {question.text} » : {answer_label(key, value, rs)}")
            elif key.startswith("org."):
                readings.append(f"{_ORG_LABELS.get(key, key)} : {answer_label(key, value)}")
        if not readings and result.status == "applies":
            readings.append("Règle générale : elle ne dépend d'aucune réponse particulière.")
        result.explanations = readings


_ORG_LABELS = {
    "org.kind": "Type de collectivité", "org.epci_type": "Nature de l'intercommunalité",
    "org.population": "Population", "org.has_commune_over_30k":
    "Comprend une commune de plus de 30 000 habitants", "org.staff_fte":
    "Nombre d'agents (équivalent temps plein)",
}


def evaluate(answers: Answers | Mapping[str, Any] | None = None, org: OrgFacts | None = None,
             as_of: date | None = None, *, ruleset: RuleSet | None = None) -> Evaluation:
    """Evaluate a project's answers on ``as_of`` (default: today).

    ``answers`` may be an :class:`Answers` or a plain dict (missing keys are « je ne sais
    pas »). ``org`` adds the NIS2 status, data-governance advice and the facts used by
    some rules (population, number of agents).
    """
    rs = ruleset or load_rules()
    if not isinstance(answers, Answers):
        answers = Answers.from_dict(answers or {}, ruleset=rs)
    as_of = as_of or date.today()
    engine = _Engine(rs, answers, org, as_of)

    tier, _ = engine.value("tier")
    role, _ = engine.value("role")
    engine.value("high_risk")

    obligations: list[RuleResult] = []
    for rule in rs.rules_in("ai_act.obligation"):
        engine._record(engine.run(rule), obligations)

    if tier == "prohibited":
        tier_from = min((r.applies_from for r in engine.prohibited_rules if r.applies_from),
                        default=None)
    elif tier == "high_risk":
        dates = [r.applies_from for r in obligations
                 if r.applies_from and _rule_mentions_high_risk(rs.rule(r.id))]
        tier_from = min(dates, default=None)
    elif tier == "transparency":
        tier_from = min((r.applies_from for r in engine.transparency_hits if r.applies_from),
                        default=None)
    else:
        tier_from = None

    dpia = _dpia(rs, engine)
    crpa: list[RuleResult] = []
    for rule in rs.rules_in("crpa"):
        engine._record(engine.run(rule), crpa)
    governance = None
    if org is not None:
        governance = []
        for rule in rs.rules_in("governance"):
            engine._record(engine.run(rule), governance)
    nis2 = nis2_status(org) if org is not None else None

    exempted, exemption_reason = engine.exemption
    everything = [*engine.classification, *obligations, *dpia.rules, *crpa,
                  *(governance or []), *engine.pending]
    _explain(rs, everything)
    applied = [r for r in everything if r.status == "applies"]
    uncertainties = _uncertainties(rs, applied, engine.pending, nis2)

    return Evaluation(
        as_of=as_of,
        answers=answers.to_dict(),
        role=role,
        role_label=ROLE_LABELS.get(role, ROLE_LABELS[None]),
        tier=tier,
        tier_label=TIER_LABELS[tier],
        tier_applies_from=tier_from,
        annex_iii_point=engine.value("annex_iii_point")[0] if tier == "high_risk" else None,
        annex_iii_points=list(engine.annex_iii_points),
        annex_i=bool(engine.annex_i_hits),
        exempted=bool(exempted) and tier != "prohibited",
        exemption_reason=exemption_reason,
        classification=engine.classification,
        obligations=obligations,
        dpia=dpia,
        crpa=crpa,
        to_confirm=engine.pending,
        uncertainties=uncertainties,
        versions={
            "engine_version": ENGINE_VERSION,
            "rules_version": rs.version,
            "rules_date": rs.date.isoformat(),
            "as_of": as_of.isoformat(),
            "law_basis": list(rs.meta.get("law_basis", [])),
        },
        nis2=nis2,
        data_governance=governance,
        org=org,
        deciding_questions=[
            {"id": qid, "text": rs.question(qid).text}
            for qid in dict.fromkeys(q for q in engine.order if q in engine.deciding)],
        tier_floor=engine.tier_floor,
    )


def _dpia(rs: RuleSet, engine: _Engine) -> DpiaResult:
    personal = engine.ctx.answers.get("personal_data")
    biometric = (engine.ctx.resolve("biometric_identification")[0]
                 if "biometric_identification" in rs.facts else None)
    if personal is False and biometric is not True:
        return DpiaResult(False, ["Le système n'utilise pas de données personnelles : le RGPD "
                                  "n'impose pas d'analyse d'impact (AIPD)."])
    applied: list[RuleResult] = []
    before = len(engine.pending)
    for rule in rs.rules_in("gdpr.dpia"):
        engine._record(engine.run(rule), applied)
    pending = engine.pending[before:]
    criteria = [{"id": f.id, "label": f.label} for f in rs.facts.values()
                if f.group == "edpb" and engine.ctx.resolve(f.id)[0] is True]
    cnil = [{"id": f.id, "label": f.label} for f in rs.facts.values()
            if f.group == "cnil_list" and engine.ctx.resolve(f.id)[0] is True]
    if applied:
        reasons = [f"{r.title}." for r in applied]
        if cnil:
            reasons.append("Liste de la CNIL : " + " ; ".join(c["label"] for c in cnil) + ".")
        if criteria:
            reasons.append(f"Critères européens remplis ({len(criteria)} sur 9) : "
                           + " ; ".join(c["label"] for c in criteria) + ".")
        return DpiaResult(True, reasons, applied, criteria, cnil)
    missing = sorted({m for r in pending for m in r.missing if not m.startswith("org.")})
    if pending:
        return DpiaResult(None, ["Impossible de conclure : répondez aux questions sur les "
                                 "données personnelles et les critères de l'analyse d'impact."],
                          [], criteria, cnil, missing)
    return DpiaResult(False, [
        "Aucun cas d'AIPD obligatoire n'est rempli (liste de la CNIL, deux critères européens "
        "ou système à haut risque). Une AIPD reste recommandée en cas de doute ; consignez "
        "cette analyse dans le registre des traitements."], [], criteria, cnil)


def _uncertainties(rs: RuleSet, results: list[RuleResult], pending: list[RuleResult],
                   nis2: Nis2Status | None) -> list[dict[str, str]]:
    seen: set[str] = set()
    out: list[dict[str, str]] = []

    def add(rule_id: str, title: str, text: str) -> None:
        if text and text not in seen:
            seen.add(text)
            out.append({"rule_id": rule_id, "title": title, "text": text})

    classification_pending = [r for r in pending if r.group.startswith("ai_act.")
                              and r.group != "ai_act.obligation"]
    if classification_pending:
        names = dict.fromkeys(m for r in classification_pending for m in r.missing)
        add("classification", "Classement provisoire",
            "Le classement du système est provisoire : certaines questions décisives sont "
            "restées sans réponse (" + " ; ".join(question_name(m, rs) for m in names) + ").")
    for result in results:
        if result.uncertain:
            add(result.id, result.title, result.uncertain)
    if nis2 is not None:
        for text in (nis2.pending_note, nis2.uncertain or ""):
            add(f"nis2.{nis2.rule_id}", "Cybersécurité (NIS2)", text)
    add("general", "Texte consolidé du règlement sur l'IA",
        rs.meta.get("general_uncertainty", ""))
    return out
