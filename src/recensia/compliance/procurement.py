"""Public procurement advice (« achat » rules): award criteria for buying an AI system.

Dates are judged on the consultation's launch date: from 21 August 2026 at least one
environmental award criterion is mandatory (Code de la commande publique, L2152-7).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from .facts import _coerce_bool
from .rules import RuleResult, RuleSet, evaluate_rule, format_date_fr, load_rules

if TYPE_CHECKING:
    from .engine import Evaluation

__all__ = ["ProcurementAnswers", "ProcurementAdvice", "CriterionAdvice", "procurement_advice",
           "PROCUREMENT_QUESTIONS"]


@dataclass
class ProcurementAnswers:
    """Facts about the purchase. ``None`` means unknown."""

    launch_date: date | None = None
    formalised: bool | None = None
    concession: bool | None = None
    ai_system: bool | None = True
    high_risk: bool | None = None
    annual_purchases_over_50m: bool | None = None

    def __post_init__(self) -> None:
        if isinstance(self.launch_date, str):
            self.launch_date = date.fromisoformat(self.launch_date) if self.launch_date else None
        for name in ("formalised", "concession", "ai_system", "high_risk",
                     "annual_purchases_over_50m"):
            setattr(self, name, _coerce_bool(getattr(self, name)))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProcurementAnswers:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

    def to_dict(self) -> dict[str, Any]:
        data = {k: getattr(self, k) for k in self.__dataclass_fields__}
        data["launch_date"] = self.launch_date.isoformat() if self.launch_date else None
        return data


@dataclass
class CriterionAdvice:
    id: str
    label: str
    description: str
    weight_min: int
    weight_max: int
    suggested_weight: int
    mandatory: bool
    legal_reference: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class ProcurementAdvice:
    launch_date: date
    rules: list[RuleResult]
    to_confirm: list[RuleResult]
    criteria: list[CriterionAdvice]
    uncertainties: list[dict[str, str]]
    versions: dict[str, str]
    answers: dict[str, Any] = field(default_factory=dict)

    @property
    def environmental_criterion_mandatory(self) -> bool:
        return any(r.id == "achat_env_criterion_mandatory" and r.in_force() for r in self.rules)

    @property
    def summary(self) -> str:
        day = format_date_fr(self.launch_date)
        if self.environmental_criterion_mandatory:
            return (f"Consultation lancée le {day} : au moins un critère environnemental est "
                    "obligatoire et le prix seul ne peut plus être l'unique critère.")
        return (f"Consultation lancée le {day} : le critère environnemental n'est pas encore "
                "obligatoire (il le sera pour les consultations lancées à partir du 21 août "
                "2026) mais il est recommandé.")

    def to_dict(self) -> dict[str, Any]:
        return {
            "launch_date": self.launch_date.isoformat(),
            "summary": self.summary,
            "environmental_criterion_mandatory": self.environmental_criterion_mandatory,
            "rules": [r.to_dict() for r in self.rules],
            "to_confirm": [r.to_dict() for r in self.to_confirm],
            "criteria": [c.to_dict() for c in self.criteria],
            "uncertainties": list(self.uncertainties),
            "versions": dict(self.versions),
            "answers": dict(self.answers),
        }


def _questions() -> list[dict[str, Any]]:
    return [dict(q) for q in load_rules().procurement_inputs]


PROCUREMENT_QUESTIONS: list[dict[str, Any]] = _questions()


def procurement_advice(answers: ProcurementAnswers | Mapping[str, Any] | None = None, *,
                       evaluation: Evaluation | None = None, as_of: date | None = None,
                       ruleset: RuleSet | None = None) -> ProcurementAdvice:
    """Award-criteria advice for a purchase, judged on the consultation's launch date
    (``answers.launch_date``, else ``as_of``, else today). An ``evaluation`` of the
    project fills in whether the system is high-risk."""
    rs = ruleset or load_rules()
    if not isinstance(answers, ProcurementAnswers):
        answers = ProcurementAnswers.from_dict(answers or {})
    if evaluation is not None and answers.high_risk is None:
        answers.high_risk = evaluation.tier == "high_risk"
    day = answers.launch_date or as_of or date.today()
    values = {k: getattr(answers, k) for k in ("formalised", "concession", "ai_system",
                                               "high_risk", "annual_purchases_over_50m")}

    def resolve(name: str) -> tuple[Any, frozenset[str]]:
        return values.get(name), frozenset((name,))

    order = list(values)
    applied, pending = [], []
    for rule in rs.rules_in("achat"):
        result = evaluate_rule(rule, resolve, day, order)
        if result is None:
            continue
        (applied if result.status == "applies" else pending).append(result)

    mandatory = {r.id for r in applied if r.in_force()}
    criteria = []
    raw = list(rs.procurement_criteria)
    mids = [(c["weight_min"] + c["weight_max"]) / 2 for c in raw]
    total = sum(mids) or 1
    suggested = [round(m * 100 / total) for m in mids]
    if suggested:
        suggested[0] += 100 - sum(suggested)  # make the suggestion add up to 100
    for c, weight in zip(raw, suggested, strict=True):
        criteria.append(CriterionAdvice(
            id=c["id"], label=c["label"], description=c["description"],
            weight_min=int(c["weight_min"]), weight_max=int(c["weight_max"]),
            suggested_weight=weight, mandatory=c.get("mandatory_rule") in mandatory,
            legal_reference=c.get("legal_reference", ""),
        ))
    uncertainties = [{"rule_id": r.id, "title": r.title, "text": r.uncertain}
                     for r in (*applied, *pending) if r.uncertain]
    return ProcurementAdvice(
        launch_date=day, rules=applied, to_confirm=pending, criteria=criteria,
        uncertainties=uncertainties,
        versions={"rules_version": rs.version, "rules_date": rs.date.isoformat()},
        answers=answers.to_dict(),
    )
