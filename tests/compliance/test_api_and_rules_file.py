"""Public API, questionnaire, serialisation and the checks on the rules file."""

from __future__ import annotations

import ast
import json
from datetime import date
from pathlib import Path

import pytest

import recensia.compliance as compliance
from recensia.compliance import (
    ENGINE_VERSION,
    QUESTIONS,
    RULES_VERSION,
    Answers,
    OrgFacts,
    evaluate,
    load_rules,
)
from recensia.compliance.questionnaire import visible_questions
from recensia.compliance.rules import DEFAULT_RULES_PATH, RulesError

PACKAGE = Path(compliance.__file__).parent

API = ("evaluate", "Answers", "OrgFacts", "Evaluation", "RuleResult", "QUESTIONS",
       "nis2_status", "Nis2Status", "assess_opportunity", "OpportunityAnswers", "Opportunity",
       "ethics_checklist", "EthicsAnswers", "CharterAnswers", "draft_charter", "charter_docx",
       "charter_odt", "charter_pdf", "procurement_advice", "ENGINE_VERSION", "RULES_VERSION",
       "load_rules")


def test_public_api_names():
    for name in API:
        assert hasattr(compliance, name), name
        assert name in compliance.__all__


def test_package_never_imports_django():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            else:
                continue
            assert not any(m.split(".")[0] == "django" for m in modules), path


def test_versions():
    assert ENGINE_VERSION and load_rules().version == RULES_VERSION
    ev = evaluate({}, as_of=date(2026, 11, 26))
    assert ev.versions["engine_version"] == ENGINE_VERSION
    assert ev.versions["rules_version"] == RULES_VERSION
    assert ev.versions["as_of"] == "2026-11-26"
    assert ev.versions["rules_date"] == load_rules().date.isoformat()


def test_questions_are_ordered_and_renderable():
    ids = [q["id"] for q in QUESTIONS]
    assert ids[0] == "declared_role" and len(ids) == len(set(ids))
    assert ids.index("exemption_task") > ids.index("a3_public_benefits")
    for q in QUESTIONS:
        assert set(q) == {"id", "section", "text", "help", "type", "choices", "depends_on",
                          "depends_on_questions"}
        assert q["type"] in ("bool", "choice")
        assert q["text"].endswith("?"), q["id"]
        if q["type"] == "choice":
            assert q["choices"] and all({"value", "label"} == set(c) for c in q["choices"])
        for dep in q["depends_on_questions"]:
            assert dep in ids or dep in set(load_rules().facts)
    json.dumps(QUESTIONS)


def test_follow_up_questions_are_hidden_when_irrelevant():
    shown = {q["id"] for q in visible_questions({"declared_role": "provider",
                                                  "personal_data": False})}
    assert "own_name_on_system" not in shown and "profiling" not in shown
    shown = {q["id"] for q in visible_questions({"a3_public_benefits": True})}
    assert "exemption_task" in shown
    shown = {q["id"] for q in visible_questions({})}  # unknown: show everything
    assert "exemption_task" in shown and "own_name_on_system" in shown


def test_evaluation_to_dict_is_json_serialisable_and_explained():
    ev = evaluate({"a3_public_benefits": True, "profiling": True, "personal_data": True,
                   "decides_individual": "partly"},
                  org=OrgFacts(kind="epci", epci_type="CA", population=90000,
                               has_commune_over_30k=True), as_of=date(2026, 11, 26))
    data = json.loads(json.dumps(ev.to_dict()))
    assert data["tier"] == "high_risk" and data["annex_iii_point"] == "5(a)"
    assert data["nis2"]["status"] == "essential"
    fria = next(o for o in data["obligations"] if o["id"] == "ai_art27_fria")
    assert fria["in_force"] is False and fria["applies_from"] == "2027-12-02"
    assert ["a3_public_benefits", True] in fria["triggered_by"]
    assert any("« Le système sert-il à évaluer si une personne a droit" in e
               for e in fria["explanations"])
    assert "2 décembre 2027" in fria["when"]
    assert data["summary"].startswith("Niveau de risque : système à haut risque")
    assert {u["rule_id"] for u in data["uncertainties"]} >= {"general"}


def test_every_rule_is_documented():
    rs = load_rules()
    for rule in rs.rules:
        assert rule.title and rule.requirement and rule.legal_reference, rule.id
        assert rule.source_url.startswith("https://") or rule.uncertain, rule.id
        if rule.group.startswith("ai_act.") and rule.nature != "advice":
            assert rule.applies_from, rule.id


def _write(tmp_path, text):
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


HEADER = '[meta]\nrules_version = "t"\nrules_date = 2026-01-01\n'
QUESTION = ('[[questions]]\nid = "q"\nsection = "s"\ntype = "choice"\ntext = "t ?"\n'
            'help = ""\nchoices = [{ value = "a", label = "A" }]\n')


def _rule(condition):
    return ('[[rules]]\nid = "r"\ngroup = "crpa"\ntitle = "t"\nrequirement = "x"\n'
            f'legal_reference = "l"\nsource_url = "u"\ncondition = "{condition}"\n')


def test_custom_rules_file_loads(tmp_path):
    rs = load_rules(_write(tmp_path, HEADER + QUESTION + _rule("q == 'a'")))
    assert rs.version == "t" and [r.id for r in rs.rules] == ["r"]
    ev = evaluate({"q": "a"}, ruleset=rs, as_of=date(2026, 1, 1))
    assert [r.id for r in ev.crpa] == ["r"]


@pytest.mark.parametrize(("rule", "message"), [
    (_rule("nope == 'a'"), "inconnu"),
    (_rule("q == 'b'"), "impossible"),
    (_rule("q =="), "attendu"),
    (_rule("tier == 'very_high'"), "impossible"),
])
def test_mistakes_in_the_rules_file_fail_loudly(tmp_path, rule, message):
    with pytest.raises(RulesError, match=message):
        load_rules(_write(tmp_path, HEADER + QUESTION + rule))


def test_circular_facts_are_rejected(tmp_path):
    facts = ('[[facts]]\nid = "f1"\nlabel = "x"\ncondition = "f2"\n'
             '[[facts]]\nid = "f2"\nlabel = "x"\ncondition = "f1"\n')
    with pytest.raises(RulesError, match="circulaire"):
        load_rules(_write(tmp_path, HEADER + facts))


def test_default_rules_file_is_inside_the_package_data():
    # pyproject ships "data/*" of every package: the rules must live there
    assert DEFAULT_RULES_PATH.parent.name == "data"
    assert (DEFAULT_RULES_PATH.parent / "ethics.toml").exists()


def test_answers_equality_and_with():
    a = Answers.from_dict({"declared_role": "deployer"})
    assert a.with_(declared_role=None).to_dict() == {}
    assert a.with_(personal_data="non")["personal_data"] is False
