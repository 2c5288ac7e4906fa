"""Opportunity assessment: exactly three verdicts, each reason names its answer."""

from __future__ import annotations

from recensia.compliance import Opportunity, OpportunityAnswers, assess_opportunity
from recensia.compliance.opportunity import VERDICTS

GOOD = {
    "need": "Repérer plus tôt les fuites du réseau d'eau potable pour réduire les pertes.",
    "alternatives_considered": ["Sectorisation et relevés manuels des débits de nuit"],
    "non_ai_sufficient": "no", "data_available": "yes", "expertise": "pooled",
    "investment_eur": 20000, "yearly_cost_eur": 5000, "years": 3, "budget_eur": 60000,
    "population": 15000,
    "footprint_kgco2e_per_year": (40, 120), "reversibility": "easy", "vendor_dependence": "low",
}


def reasons_by_answer(result: Opportunity) -> dict[str, str]:
    return {r.answer: r.effect for r in result.reasons}


def test_the_three_verdicts_are_exactly_these():
    assert set(VERDICTS.values()) == {"l'IA semble pertinente", "à reconsidérer",
                                      "une solution sans IA suffit probablement"}


def test_well_prepared_project_is_relevant():
    result = assess_opportunity(OpportunityAnswers(**GOOD))
    assert result.verdict == "l'IA semble pertinente"
    assert result.total_cost_eur == 35000
    assert round(result.budget_share, 3) == round(35000 / 60000, 3)
    assert result.warnings == []
    assert all(r.answer in OpportunityAnswers.__dataclass_fields__ for r in result.reasons)


def test_a_non_ai_solution_that_suffices_wins():
    result = assess_opportunity({**GOOD, "non_ai_sufficient": "yes"})
    assert result.verdict == "une solution sans IA suffit probablement"
    assert reasons_by_answer(result)["non_ai_sufficient"] == "no_ai"


def test_no_data_means_reconsider_and_says_why():
    result = assess_opportunity({**GOOD, "data_available": "no"})
    assert result.verdict == "à reconsidérer"
    assert reasons_by_answer(result)["data_available"] == "blocking"


def test_cost_over_budget_means_reconsider():
    result = assess_opportunity({**GOOD, "budget_eur": 30000})
    assert result.verdict_code == "reconsider"
    reason = next(r for r in result.reasons if r.answer == "budget_eur")
    assert reason.effect == "blocking" and "35\u202f000 €" in reason.text


def test_two_warnings_mean_reconsider():
    one = assess_opportunity({**GOOD, "expertise": "lacking"})
    assert one.verdict_code == "relevant"
    assert any("cheffe de file" in a for a in one.advice)
    two = assess_opportunity({**GOOD, "expertise": "lacking", "vendor_dependence": "high"})
    assert two.verdict_code == "reconsider"
    assert {r.answer for r in two.warnings} == {"expertise", "vendor_dependence"}


def test_cost_per_inhabitant_and_footprint_warnings():
    result = assess_opportunity({**GOOD, "population": 1000, "budget_eur": None})
    reason = next(r for r in result.reasons if r.answer == "population")
    assert reason.effect == "warning" and "par habitant" in reason.text
    heavy = assess_opportunity({**GOOD, "footprint_kgco2e_per_year": (800, 5000)})
    assert reasons_by_answer(heavy)["footprint_kgco2e_per_year"] == "warning"
    unknown = assess_opportunity({**GOOD, "footprint_kgco2e_per_year": None})
    assert reasons_by_answer(unknown)["footprint_kgco2e_per_year"] == "info"
    assert unknown.footprint_text == "Empreinte carbone non estimée."


def test_empty_answers_are_reconsider_not_an_error():
    result = assess_opportunity({})
    assert result.verdict == "à reconsidérer"
    assert {"need", "alternatives_considered", "data_available"} <= {r.answer
                                                                     for r in result.warnings}


def test_round_trip_and_json():
    import json

    answers = OpportunityAnswers.from_dict({**GOOD, "bogus": 1, "data_available": "maybe"})
    assert answers.data_available is None
    assert OpportunityAnswers.from_dict(answers.to_dict()) == answers
    json.dumps(assess_opportunity(answers).to_dict())
