"""An answer is never mistaken for « je ne sais pas », whatever question it answers."""

from __future__ import annotations

from datetime import date

import pytest

from recensia.compliance import Answers, assess_opportunity, evaluate, load_rules
from recensia.compliance.facts import UNKNOWN_WORDS
from recensia.compliance.opportunity import CHOICE_VALUES

from ._support import answers

CHOICE_QUESTIONS = [q for q in load_rules().questions if q.type == "choice"]


def test_no_choice_value_of_the_rules_file_collides_with_unknown():
    clashes = [(q.id, v) for q in load_rules().questions for v in q.choice_values
               if v.strip().lower() in UNKNOWN_WORDS]
    assert clashes == []


def test_no_choice_value_of_the_opportunity_assessment_collides_with_unknown():
    clashes = [(name, v) for name, values in CHOICE_VALUES.items() for v in values
               if v.strip().lower() in UNKNOWN_WORDS]
    assert clashes == []


@pytest.mark.parametrize("question", CHOICE_QUESTIONS, ids=lambda q: q.id)
def test_every_choice_is_kept_as_an_answer(question):
    for value, _label in question.choices:
        parsed = Answers.from_dict({question.id: value})
        assert parsed.to_dict() == {question.id: value}, value
        assert question.id not in parsed.ignored


def test_the_decisive_role_answer_rules_out_the_exemption_and_is_not_unknown():
    # The case of the issue: « Il évalue, décide ou influence réellement la décision ».
    ev = evaluate(answers(a3_public_benefits=True, personal_data=True, profiling=False,
                          exemption_task="decisive_role"), as_of=date(2028, 1, 1))
    assert ev.tier == "high_risk" and not ev.exempted
    assert "rôle réel" in ev.exemption_reason
    assert not any(r.id == "ai_art6_3_exemption" for r in ev.to_confirm)
    assert "à confirmer" not in ev.summary


def test_answers_stored_with_the_old_value_keep_their_meaning():
    assert Answers.from_dict({"exemption_task": "none"}).to_dict() == {
        "exemption_task": "decisive_role"}
    assert "expertise" in {r.answer for r in assess_opportunity({"expertise": "none"}).warnings}
