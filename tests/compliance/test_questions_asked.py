"""How many questions a collectivité answers for the common cases, page by page.

A person is played by an oracle: the answer she would give to any question. The pages come
from ``next_page`` (what the site shows), the answers already given in the project's form
are never asked. The target of the register: at most 15 answers for each common case, and
the result must be the one she would get by answering every one of the questions.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from recensia import compliance
from recensia.compliance import QUESTIONS, evaluate, next_page

AS_OF = date(2026, 12, 1)
MAX_ANSWERS = 15

# The answer to every question not listed in a case: « non », or the plainest choice.
DEFAULTS: dict[str, Any] = {q["id"]: False for q in QUESTIONS if q["type"] == "bool"}
DEFAULTS.update({"declared_role": "deployer", "decides_individual": "no",
                 "exemption_task": "decisive_role"})

# known: what the project's form already says (reused, never asked);
# oracle: what the person answers when asked.
CASES = {
    "assistant conversationnel acheté": {
        "known": {"personal_data": True, "decides_individual": "no",
                  "interacts_with_people": True, "generates_content": True,
                  "in_service_before_high_risk_rules": True},  # deployed
        "oracle": {"large_scale": False, "public_interest_text": False},
    },
    "détection de fuites d'eau": {
        "known": {"personal_data": False, "decides_individual": "no"},
        "oracle": {"declared_role": "provider"},
    },
    "caméra sur les dépôts sauvages": {
        "known": {"personal_data": True, "decides_individual": "partly"},
        "oracle": {"systematic_monitoring": True, "staff_50_or_more": True},
    },
    "prévision des repas à la cantine": {
        "known": {"personal_data": False, "decides_individual": "no"},
        "oracle": {},
    },
}


def play(known: dict[str, Any], oracle: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """The questions shown, in order, and the answers collected."""
    truth = {**DEFAULTS, **oracle}
    answers = dict(known)
    shown: list[str] = []
    for _ in range(len(QUESTIONS)):
        page = next_page(answers, skip={*known, *shown})
        if not page:
            return shown, answers
        for question in page:
            shown.append(question["id"])
            answers[question["id"]] = truth[question["id"]]
    raise AssertionError("the questionnaire never ends")


def summary(ev: compliance.Evaluation) -> dict[str, Any]:
    return {"tier": ev.tier, "role": ev.role,
            "obligations": sorted(r.id for r in ev.obligations),
            "crpa": sorted(r.id for r in ev.crpa), "dpia": ev.dpia.required,
            "to_confirm": sorted(r.id for r in ev.to_confirm)}


@pytest.mark.parametrize("name", list(CASES))
def test_a_common_case_needs_at_most_15_answers(name):
    case = CASES[name]
    shown, _ = play(case["known"], case["oracle"])
    assert len(shown) <= MAX_ANSWERS, (name, len(shown), shown)
    assert not set(shown) & set(case["known"]), "a question of the project form is asked again"


@pytest.mark.parametrize("name", list(CASES))
def test_the_short_path_gives_the_result_of_the_whole_questionnaire(name):
    case = CASES[name]
    _, answers = play(case["known"], case["oracle"])
    everything = {**DEFAULTS, **case["oracle"], **case["known"]}
    short = evaluate(answers, as_of=AS_OF)
    full = evaluate(everything, as_of=AS_OF)
    assert short.conclusive
    assert summary(short) == summary(full)


def test_the_counts_of_the_common_cases():
    """The counts the README quotes: a change of the questionnaire shows here."""
    counts = {name: len(play(c["known"], c["oracle"])[0]) for name, c in CASES.items()}
    assert counts == {"assistant conversationnel acheté": 14,
                      "détection de fuites d'eau": 6,
                      "caméra sur les dépôts sauvages": 13,
                      "prévision des repas à la cantine": 6}, counts


def test_without_its_orientation_answer_a_question_would_be_asked():
    """The whole questionnaire without orientation: far more than 15 questions."""
    answers = {"personal_data": True, "decides_individual": "no"}
    assert len(compliance.visible_questions(answers)) > 2 * MAX_ANSWERS


def test_a_page_never_holds_a_question_and_the_one_it_depends_on():
    answers: dict[str, Any] = {}
    shown: list[str] = []
    while page := next_page(answers, skip=shown):
        ids = {q["id"] for q in page}
        for q in page:
            assert not compliance.question_parents(q["id"]) & ids, q["id"]
        shown += ids
        answers.update({q["id"]: None for q in page})  # « je ne sais pas » everywhere
    # « je ne sais pas » never hides a question: every question has been shown
    assert sorted(shown) == sorted(q["id"] for q in QUESTIONS)


def test_a_question_ruled_out_reads_no_and_says_why():
    ev = evaluate({"personal_data": False, "declared_role": "deployer"}, as_of=AS_OF)
    assert ev.dpia.required is False
    ev = evaluate({"generates_content": False, "interacts_with_people": False,
                   "assesses_people": False}, as_of=AS_OF)
    assert not ev.obligation("ai_art50_4_deepfake")
    assert "deepfake" not in {m for r in ev.to_confirm for m in r.missing}


def test_a_question_comes_after_the_questions_it_depends_on():
    order = {q["id"]: i for i, q in enumerate(QUESTIONS)}
    for q in QUESTIONS:
        for parent in compliance.question_parents(q["id"]):
            assert order[parent] < order[q["id"]], (q["id"], parent)


def test_answers_left_behind_by_a_changed_orientation_answer_are_dropped():
    kept = compliance.relevant_answers({"personal_data": False, "sensitive_data": True,
                                        "assesses_people": False, "profiling": True})
    assert kept == {"personal_data": False, "assesses_people": False}
