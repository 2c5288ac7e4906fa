"""The questionnaire: its questions in order, and which ones to show given the answers so far
(a follow-up question is hidden when the answer it depends on rules it out)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .engine import _Context
from .facts import Answers
from .rules import load_rules

__all__ = ["QUESTIONS", "is_question_relevant", "visible_questions"]


def _questions() -> list[dict[str, Any]]:
    return [q.to_dict() for q in load_rules().questions]


QUESTIONS: list[dict[str, Any]] = _questions()
"""The questionnaire, in order: dicts with id, section, text, help, type ("bool" or
"choice"), choices ([{value, label}]), depends_on (a condition in the rules language or
``None``) and depends_on_questions (the question ids it depends on)."""


def is_question_relevant(question_id: str, answers: Answers | Mapping[str, Any]) -> bool:
    """False only when the question's ``depends_on`` is known to be false."""
    rs = load_rules()
    question = rs.question(question_id)
    if question is None:
        raise KeyError(question_id)
    if question.depends_on is None:
        return True
    if not isinstance(answers, Answers):
        answers = Answers.from_dict(answers)
    value, _ = question.depends_on.truth(_Context(rs, answers, None).resolve_answers_only)
    return value is not False


def visible_questions(answers: Answers | Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """The questions to show given the answers so far (hides irrelevant follow-ups)."""
    answers = answers if isinstance(answers, Answers) else Answers.from_dict(answers or {})
    return [q for q in QUESTIONS if is_question_relevant(q["id"], answers)]
