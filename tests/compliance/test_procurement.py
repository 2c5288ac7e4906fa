"""Procurement (« achat ») advice: award criteria, judged on the launch date."""

from __future__ import annotations

from datetime import date

from recensia.compliance import evaluate, procurement_advice
from recensia.compliance.procurement import PROCUREMENT_QUESTIONS, ProcurementAnswers


def ids(advice):
    return {r.id for r in advice.rules}


def test_environmental_criterion_mandatory_from_21_august_2026():
    before = procurement_advice({"launch_date": "2026-08-20"})
    after = procurement_advice({"launch_date": date(2026, 8, 21)})
    assert not before.environmental_criterion_mandatory
    assert after.environmental_criterion_mandatory
    assert "achat_env_criterion_recommended" in ids(before)
    assert "achat_env_criterion_recommended" not in ids(after)
    env_before = next(c for c in before.criteria if c.id == "environment")
    env_after = next(c for c in after.criteria if c.id == "environment")
    assert not env_before.mandatory and env_after.mandatory
    price_only = next(r for r in after.rules if r.id == "achat_no_price_only")
    assert price_only.in_force() and "R2152-7" in price_only.legal_reference
    assert "L2152-7" in next(r for r in after.rules
                             if r.id == "achat_env_criterion_mandatory").legal_reference


def test_suggested_weights_add_up_and_stay_advice():
    advice = procurement_advice({"launch_date": "2026-12-01", "formalised": True})
    assert sum(c.suggested_weight for c in advice.criteria) == 100
    assert all(c.weight_min <= c.suggested_weight <= c.weight_max + 3 for c in advice.criteria)
    assert "achat_no_minimum_weight" in ids(advice)
    assert "achat_weighting_formalised" in ids(advice)


def test_mcc_ai_version_follows_the_project_evaluation():
    # Dated explicitly: the results must not change with the day the tests run.
    day = date(2026, 12, 1)
    high = evaluate({"a3_public_benefits": True, "profiling": True}, as_of=day)
    advice = procurement_advice({"launch_date": day}, evaluation=high)
    assert "achat_mcc_ai_high_risk" in ids(advice)
    low = evaluate({"interacts_with_people": True, "declared_role": "deployer"}, as_of=day)
    assert "achat_mcc_ai_light" in ids(procurement_advice({}, evaluation=low, as_of=day))


def test_unknown_answers_are_listed_to_confirm():
    advice = procurement_advice({"launch_date": "2026-12-01", "ai_system": None})
    assert {r.id for r in advice.to_confirm} >= {"achat_state_doctrine", "achat_spaser"}


def test_procurement_questions_and_round_trip():
    assert [q["id"] for q in PROCUREMENT_QUESTIONS][0] == "launch_date"
    answers = ProcurementAnswers.from_dict({"launch_date": "2026-09-01", "formalised": "oui"})
    assert answers.formalised is True
    assert ProcurementAnswers.from_dict(answers.to_dict()) == answers
    assert procurement_advice(answers).to_dict()["environmental_criterion_mandatory"] is True
