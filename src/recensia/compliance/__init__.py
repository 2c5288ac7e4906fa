"""RecensIA compliance engine — pure Python, no Django.

Rules are data (``data/rules.toml`` and ``data/ethics.toml``), evaluated by a small safe
condition language; every result says which answers triggered it, what it requires,
the article and source, since/until when, and which points of law are uncertain.

Example::

    from datetime import date
    from recensia.compliance import evaluate, Answers, OrgFacts

    ev = evaluate(Answers.from_dict({"declared_role": "deployer", "interacts_with_people": True}),
                  org=OrgFacts(kind="commune", population=45000), as_of=date(2026, 11, 26))
    ev.tier, ev.tier_label         # "transparency", "Obligations de transparence"
    ev.to_dict()                   # JSON-serialisable
"""

from .documents import charter_docx, charter_odt, charter_pdf
from .engine import ENGINE_VERSION, TIER_LABELS, DpiaResult, Evaluation, answer_label, evaluate
from .ethics import (
    CHARTERS,
    PRINCIPLES,
    Charter,
    CharterAnswers,
    EthicsAnswers,
    EthicsChecklist,
    draft_charter,
    ethics_checklist,
)
from .facts import Answers, OrgFacts
from .nis2 import Nis2Status, nis2_status
from .opportunity import VERDICTS, Opportunity, OpportunityAnswers, assess_opportunity
from .procurement import (
    PROCUREMENT_QUESTIONS,
    ProcurementAdvice,
    ProcurementAnswers,
    procurement_advice,
)
from .questionnaire import (
    QUESTIONS,
    is_question_relevant,
    next_page,
    question_parents,
    relevant_answers,
    visible_questions,
)
from .rules import RuleResult, RulesError, RuleSet, format_date_fr, load_rules

RULES_VERSION: str = load_rules().version
"""Version of the rules file shipped with the package (its date, e.g. "2026.11.26")."""

__all__ = [
    "evaluate", "Answers", "OrgFacts", "Evaluation", "RuleResult", "QUESTIONS",
    "nis2_status", "Nis2Status", "assess_opportunity", "OpportunityAnswers", "Opportunity",
    "ethics_checklist", "EthicsAnswers", "CharterAnswers", "draft_charter", "charter_docx",
    "charter_odt", "charter_pdf", "procurement_advice", "ENGINE_VERSION", "RULES_VERSION",
    "load_rules",
    # extras
    "DpiaResult", "TIER_LABELS", "answer_label", "visible_questions", "is_question_relevant",
    "next_page", "question_parents", "relevant_answers",
    "VERDICTS", "PRINCIPLES", "CHARTERS", "Charter", "EthicsChecklist", "ProcurementAnswers",
    "ProcurementAdvice", "PROCUREMENT_QUESTIONS", "RulesError", "RuleSet", "format_date_fr",
]
