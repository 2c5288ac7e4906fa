"""Shared helpers for the compliance tests (pure Python: no database, no Django)."""

from __future__ import annotations

from datetime import date
from typing import Any

from recensia.compliance import QUESTIONS, Evaluation, OrgFacts, RuleResult, evaluate

TODAY = date(2026, 11, 26)
LATER = date(2031, 1, 1)  # every dated rule is in force

# The orientation questions only decide which questions are asked: the cases below answer
# every detailed question themselves, so these stay unanswered (an orientation « non » would
# make a detailed question left unanswered read « non »).
ORIENTATION = {"uses_biometrics", "assesses_people", "safety_function", "generates_media"}
# Every question answered « non » (or the most neutral choice): nothing is triggered.
BASE: dict[str, Any] = {q["id"]: False for q in QUESTIONS
                        if q["type"] == "bool" and q["id"] not in ORIENTATION}
BASE.update({"declared_role": "deployer", "decides_individual": "no",
             "exemption_task": "decisive_role"})


def answers(**changes: Any) -> dict[str, Any]:
    return {**BASE, **changes}


def run(as_of: date = LATER, org: OrgFacts | None = None, **changes: Any) -> Evaluation:
    return evaluate(answers(**changes), org=org, as_of=as_of)


def results(ev: Evaluation) -> list[RuleResult]:
    return [*ev.classification, *ev.obligations, *ev.dpia.rules, *ev.crpa,
            *(ev.data_governance or [])]


def fired(ev: Evaluation, rule_id: str) -> RuleResult | None:
    for result in results(ev):
        if result.id == rule_id and result.status == "applies":
            return result
    return None


def pending(ev: Evaluation, rule_id: str) -> RuleResult | None:
    return next((r for r in ev.to_confirm if r.id == rule_id), None)
