"""The questionnaire: its questions in order, and which ones to show given the answers so far
(a follow-up question is hidden when the answer it depends on rules it out, and then reads
« non » in the evaluation), page by page: a page never holds a question together with a
question it depends on, so each page can be answered without JavaScript."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from .engine import _Context
from .facts import Answers
from .rules import load_rules

__all__ = ["QUESTIONS", "is_question_relevant", "next_page", "question_parents",
           "relevant_answers", "visible_questions"]


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


@cache
def question_parents(question_id: str) -> frozenset[str]:
    """The questions whose answers decide whether ``question_id`` is asked (through the
    named facts its ``depends_on`` uses)."""
    rs = load_rules()
    question = rs.question(question_id)
    if question is None:
        raise KeyError(question_id)
    if question.depends_on is None:
        return frozenset()
    out: set[str] = set()
    todo = list(question.depends_on.names)
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if rs.question(name) is not None:
            out.add(name)
        elif name in rs.facts:
            todo.extend(rs.facts[name].condition.names)
    return frozenset(out)


def next_page(answers: Answers | Mapping[str, Any] | None = None,
              skip: Iterable[str] = ()) -> list[dict[str, Any]]:
    """The next page of questions: in order, the questions not in ``skip`` (already shown,
    or already answered elsewhere, e.g. in the project's form) that the answers so far do
    not rule out. A page stops before a question that depends on one of its own questions,
    so the answers of this page decide it. An empty list: nothing left to ask."""
    answers = answers if isinstance(answers, Answers) else Answers.from_dict(answers or {})
    skipped = set(skip)
    page: list[dict[str, Any]] = []
    on_page: set[str] = set()
    for question in QUESTIONS:
        qid = question["id"]
        if qid in skipped:
            continue
        if question_parents(qid) & on_page:
            break
        if is_question_relevant(qid, answers):
            page.append(question)
            on_page.add(qid)
    return page


def relevant_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers without those to questions that the other answers rule out (a person who
    goes back and changes an orientation answer leaves answers that no longer apply)."""
    kept: dict[str, Any] = {}
    for question in QUESTIONS:
        qid = question["id"]
        if qid in answers and is_question_relevant(qid, kept):
            kept[qid] = answers[qid]
    return kept
