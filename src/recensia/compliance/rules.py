"""Loading and checking the rules file, and evaluating one rule into an explained result.

The rules live in ``data/rules.toml`` (read with the standard library's ``tomllib``): a
single file that a lawyer or a project manager can review. ``load_rules()`` parses it
once, compiles every condition with the small evaluator of :mod:`.expr` and checks that
every name and every choice value used by a condition exists, so a typo in the file
fails loudly in the tests rather than silently at run time.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .expr import Expression, ExpressionError

__all__ = [
    "DEFAULT_RULES_PATH", "RulesError", "Question", "Fact", "Rule", "DateOverride",
    "RuleSet", "RuleResult", "load_rules", "evaluate_rule", "format_date_fr",
]

DEFAULT_RULES_PATH = Path(__file__).with_name("data") / "rules.toml"

TIERS = ("prohibited", "high_risk", "transparency", "minimal")
ROLES = ("deployer", "provider")
ORG_KINDS = ("commune", "epci", "departement", "region", "other")
EPCI_TYPES = ("CC", "CA", "CU", "METRO", "MET69")

# Values the engine computes and that conditions may use (see the header of rules.toml).
ENGINE_NAMES = {
    "tier": TIERS, "role": ROLES, "prohibited": None, "high_risk": None,
    "high_risk_annex_iii": None, "high_risk_annex_iii_not_point_2": None,
    "high_risk_annex_i": None, "exempted": None, "annex_iii_point": None,
}
ORG_NAMES = {
    "org.kind": ORG_KINDS, "org.epci_type": EPCI_TYPES, "org.population": None,
    "org.has_commune_over_30k": None, "org.other_type": None, "org.staff_fte": None,
    "org.name": None,
}
PROCUREMENT_NAMES = {"formalised", "concession", "ai_system", "high_risk",
                     "annual_purchases_over_50m"}

GROUPS = (
    "ai_act.prohibited", "ai_act.annex_i", "ai_act.annex_iii", "ai_act.exemption",
    "ai_act.exemption_override", "ai_act.role", "ai_act.obligation", "gdpr.dpia", "crpa",
    "governance", "achat",
)
NATURES = ("obligation", "prohibition", "classification", "advice", "information")

_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre")


def format_date_fr(d: date | None) -> str:
    """``date(2026, 8, 2)`` → « 2 août 2026 » (« 1er » for the first of the month)."""
    if d is None:
        return ""
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {_MONTHS[d.month - 1]} {d.year}"


class RulesError(ValueError):
    """The rules file is invalid."""


@dataclass(frozen=True)
class Question:
    id: str
    section: str
    type: str  # "bool" | "choice"
    text: str
    help: str
    choices: tuple[tuple[str, str], ...] = ()
    depends_on: Expression | None = None
    legacy_values: tuple[tuple[str, str], ...] = ()

    @property
    def choice_values(self) -> tuple[str, ...]:
        return tuple(v for v, _ in self.choices)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "section": self.section,
            "text": self.text,
            "help": self.help,
            "type": self.type,
            "choices": [{"value": v, "label": lbl} for v, lbl in self.choices],
            "depends_on": self.depends_on.source if self.depends_on else None,
            "depends_on_questions": sorted(self.depends_on.names) if self.depends_on else [],
        }


@dataclass(frozen=True)
class Fact:
    id: str
    label: str
    condition: Expression
    group: str = ""


@dataclass(frozen=True)
class DateOverride:
    when: Expression
    applies_from: date
    note: str
    uncertain: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    group: str
    nature: str
    title: str
    condition: Expression
    requirement: str
    legal_reference: str
    source_url: str
    applies_from: date | None = None
    applies_until: date | None = None
    uncertain: str | None = None
    annex_iii_point: str | None = None
    transparency: bool = False
    date_overrides: tuple[DateOverride, ...] = ()
    checked: date | None = None
    link_note: str | None = None


@dataclass(frozen=True)
class Nis2Rule:
    id: str
    condition: Expression
    status: str
    reason: str
    uncertain: str | None = None


@dataclass(frozen=True)
class RuleSet:
    version: str
    date: date
    meta: dict[str, Any]
    questions: tuple[Question, ...]
    facts: dict[str, Fact]
    rules: tuple[Rule, ...]
    nis2: dict[str, Any]
    nis2_rules: tuple[Nis2Rule, ...]
    procurement_inputs: tuple[dict[str, Any], ...]
    procurement_criteria: tuple[dict[str, Any], ...]
    opportunity: dict[str, Any]
    path: str = ""
    _question_index: dict[str, Question] = field(default_factory=dict, repr=False)

    def question(self, qid: str) -> Question | None:
        return self._question_index.get(qid)

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def rules_in(self, *groups: str) -> list[Rule]:
        return [r for r in self.rules if r.group in groups]

    @property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions)


# --- results ------------------------------------------------------------------------------

@dataclass
class RuleResult:
    """One rule, explained: why it applies, what it requires, since/until when."""

    id: str
    title: str
    requirement: str
    legal_reference: str
    source_url: str
    applies_from: date | None
    applies_until: date | None
    as_of: date
    triggered_by: list[tuple[str, Any]]
    group: str = ""
    nature: str = "obligation"
    status: str = "applies"  # "applies" | "to_confirm"
    missing: list[str] = field(default_factory=list)
    uncertain: str | None = None
    date_note: str | None = None
    annex_iii_point: str | None = None
    explanations: list[str] = field(default_factory=list)
    checked: date | None = None
    link_note: str | None = None

    def in_force(self, as_of: date | None = None) -> bool:
        """Whether the rule applies on ``as_of`` (default: the evaluation date)."""
        day = as_of or self.as_of
        if self.applies_from and day < self.applies_from:
            return False
        return not (self.applies_until and day > self.applies_until)

    @property
    def when_fr(self) -> str:
        """Plain-French « since / from / until » sentence for the dates."""
        if self.applies_until and self.as_of > self.applies_until:
            return f"ne s'applique plus depuis le {format_date_fr(self.applies_until)}"
        if self.applies_from and self.as_of < self.applies_from:
            return f"s'appliquera à partir du {format_date_fr(self.applies_from)}"
        parts = []
        if self.applies_from:
            parts.append(f"s'applique depuis le {format_date_fr(self.applies_from)}")
        else:
            parts.append("s'applique dès maintenant")
        if self.applies_until:
            parts.append(f"jusqu'au {format_date_fr(self.applies_until)} inclus")
        return " ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "requirement": self.requirement,
            "legal_reference": self.legal_reference,
            "source_url": self.source_url,
            "applies_from": self.applies_from.isoformat() if self.applies_from else None,
            "applies_until": self.applies_until.isoformat() if self.applies_until else None,
            "in_force": self.in_force(),
            "when": self.when_fr,
            "triggered_by": [[k, _jsonable(v)] for k, v in self.triggered_by],
            "group": self.group,
            "nature": self.nature,
            "status": self.status,
            "missing": list(self.missing),
            "uncertain": self.uncertain,
            "date_note": self.date_note,
            "annex_iii_point": self.annex_iii_point,
            "explanations": list(self.explanations),
            "checked": self.checked.isoformat() if self.checked else None,
            "checked_fr": format_date_fr(self.checked),
            "link_note": self.link_note,
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


Resolver = Callable[[str], tuple[Any, frozenset[str]]]


def evaluate_rule(rule: Rule, resolve: Resolver, as_of: date,
                  witness_order: Iterable[str] = (),
                  name_of: Callable[[str], str] = str) -> RuleResult | None:
    """Evaluate ``rule``; ``None`` when it does not apply (condition false or expired).

    ``resolve(name)`` gives ``(value, witnesses)``; witnesses are question ids or
    ``org.*`` names. A result whose condition is unknown has ``status="to_confirm"`` and
    lists the unanswered questions in ``missing``. ``name_of`` turns a question id into
    the words a reader sees (sentences shown to users never contain ids).
    """
    value, wit = rule.condition.truth(resolve)
    if value is False:
        return None
    if rule.applies_until and as_of > rule.applies_until:
        return None
    applies_from, date_note, notes = rule.applies_from, None, []
    for override in rule.date_overrides:
        ov, ow = override.when.truth(resolve)
        if ov is True:
            applies_from, date_note = override.applies_from, override.note
            if override.uncertain:
                notes.append(override.uncertain)
            break
        if ov is None:
            missing = " ; ".join(name_of(n) for n in _order(ow, witness_order))
            notes.append(f"{override.note} À confirmer (réponse manquante : {missing}).")
    uncertain = " ".join([rule.uncertain or "", *notes]).strip() or None
    ordered = _order(wit, witness_order)
    return RuleResult(
        id=rule.id,
        title=rule.title,
        requirement=rule.requirement,
        legal_reference=rule.legal_reference,
        source_url=rule.source_url,
        applies_from=applies_from,
        applies_until=rule.applies_until,
        as_of=as_of,
        triggered_by=[] if value is None else [(k, resolve(k)[0]) for k in ordered],
        group=rule.group,
        nature=rule.nature,
        status="applies" if value is True else "to_confirm",
        missing=ordered if value is None else [],
        uncertain=uncertain,
        date_note=date_note,
        annex_iii_point=rule.annex_iii_point,
        checked=rule.checked,
        link_note=rule.link_note,
    )


def _order(names: Iterable[str], order: Iterable[str]) -> list[str]:
    rank = {name: i for i, name in enumerate(order)}
    return sorted(set(names), key=lambda n: (rank.get(n, len(rank)), n))


# --- loading --------------------------------------------------------------------------------

def _expr(source: Any, where: str) -> Expression:
    if not isinstance(source, str) or not source.strip():
        raise RulesError(f"{where} : condition manquante")
    try:
        return Expression(source)
    except ExpressionError as exc:
        raise RulesError(f"{where} : {exc}") from exc


def _date(value: Any, where: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    raise RulesError(f"{where} : date attendue (AAAA-MM-JJ), pas {value!r}")


def _require(entry: dict, keys: Iterable[str], where: str) -> None:
    missing = [k for k in keys if k not in entry]
    if missing:
        raise RulesError(f"{where} : champ(s) manquant(s) {', '.join(missing)}")


def _parse(data: dict[str, Any], path: str) -> RuleSet:
    meta = data.get("meta", {})
    _require(meta, ("rules_version", "rules_date"), "[meta]")

    questions: list[Question] = []
    for entry in data.get("questions", []):
        where = f"question {entry.get('id', '?')}"
        _require(entry, ("id", "section", "type", "text", "help"), where)
        if entry["type"] not in ("bool", "choice"):
            raise RulesError(f"{where} : type inconnu {entry['type']!r}")
        choices = tuple((c["value"], c["label"]) for c in entry.get("choices", []))
        if entry["type"] == "choice" and not choices:
            raise RulesError(f"{where} : une question à choix doit lister ses choix")
        depends = _expr(entry["depends_on"], where) if entry.get("depends_on") else None
        legacy = tuple((str(k), str(v)) for k, v in entry.get("legacy_values", {}).items())
        unknown_targets = [v for _, v in legacy if v not in dict(choices)]
        if unknown_targets:
            raise RulesError(f"{where} : legacy_values vers un choix inconnu "
                             f"{', '.join(unknown_targets)}")
        questions.append(Question(entry["id"], entry["section"], entry["type"], entry["text"],
                                  entry["help"], choices, depends, legacy))

    facts: dict[str, Fact] = {}
    for entry in data.get("facts", []):
        where = f"fait {entry.get('id', '?')}"
        _require(entry, ("id", "label", "condition"), where)
        if entry["id"] in facts:
            raise RulesError(f"{where} : identifiant en double")
        facts[entry["id"]] = Fact(entry["id"], entry["label"], _expr(entry["condition"], where),
                                  entry.get("group", ""))

    rules: list[Rule] = []
    for entry in data.get("rules", []):
        where = f"règle {entry.get('id', '?')}"
        _require(entry, ("id", "group", "title", "condition", "requirement",
                         "legal_reference", "source_url"), where)
        if entry["group"] not in GROUPS:
            raise RulesError(f"{where} : groupe inconnu {entry['group']!r}")
        nature = entry.get("nature", "obligation")
        if nature not in NATURES:
            raise RulesError(f"{where} : nature inconnue {nature!r}")
        overrides = tuple(
            DateOverride(_expr(o.get("when"), where), _date(o.get("applies_from"), where),
                         o.get("note", ""), o.get("uncertain"))
            for o in entry.get("date_overrides", [])
        )
        if entry["group"] == "ai_act.annex_iii" and not entry.get("annex_iii_point"):
            raise RulesError(f"{where} : annex_iii_point manquant")
        rules.append(Rule(
            id=entry["id"], group=entry["group"], nature=nature, title=entry["title"],
            condition=_expr(entry["condition"], where), requirement=entry["requirement"],
            legal_reference=entry["legal_reference"], source_url=entry["source_url"],
            applies_from=_date(entry.get("applies_from"), where),
            applies_until=_date(entry.get("applies_until"), where),
            uncertain=entry.get("uncertain"), annex_iii_point=entry.get("annex_iii_point"),
            transparency=bool(entry.get("transparency", False)), date_overrides=overrides,
            checked=_date(entry.get("checked"), where), link_note=entry.get("link_note"),
        ))

    nis2 = dict(data.get("nis2", {}))
    nis2_rules = tuple(
        Nis2Rule(r["id"], _expr(r["condition"], f"nis2 {r['id']}"), r["status"], r["reason"],
                 r.get("uncertain"))
        for r in nis2.pop("rules", [])
    )
    procurement = data.get("procurement", {})
    ruleset = RuleSet(
        version=str(meta["rules_version"]),
        date=_date(meta["rules_date"], "[meta]"),
        meta=meta,
        questions=tuple(questions),
        facts=facts,
        rules=tuple(rules),
        nis2=nis2,
        nis2_rules=nis2_rules,
        procurement_inputs=tuple(procurement.get("inputs", [])),
        procurement_criteria=tuple(procurement.get("criteria", [])),
        opportunity=dict(data.get("opportunity", {})),
        path=path,
        _question_index={q.id: q for q in questions},
    )
    _validate(ruleset)
    return ruleset


def _validate(rs: RuleSet) -> None:
    ids = [q.id for q in rs.questions] + list(rs.facts) + [r.id for r in rs.rules]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise RulesError(f"identifiants en double : {', '.join(sorted(dupes))}")
    clash = set(rs.question_ids) & (set(ENGINE_NAMES) | set(ORG_NAMES))
    if clash:
        raise RulesError(f"une question porte un nom réservé : {', '.join(sorted(clash))}")

    allowed_values: dict[str, tuple | None] = {**ENGINE_NAMES, **ORG_NAMES}
    for q in rs.questions:
        allowed_values[q.id] = q.choice_values if q.type == "choice" else (True, False)
    for f in rs.facts:
        allowed_values[f] = (True, False)
    questionnaire_names = set(allowed_values)

    def check(expr: Expression, where: str, names: set[str],
              values: dict[str, tuple | None]) -> None:
        unknown = expr.names - names
        if unknown:
            raise RulesError(f"{where} : nom(s) inconnu(s) {', '.join(sorted(unknown))}")
        for name, literal in expr.literal_uses():
            allowed = values.get(name)
            if allowed is not None and literal not in allowed:
                raise RulesError(f"{where} : valeur {literal!r} impossible pour {name}")

    for q in rs.questions:
        if q.depends_on:
            check(q.depends_on, f"question {q.id}", questionnaire_names, allowed_values)
    for fact in rs.facts.values():
        check(fact.condition, f"fait {fact.id}", questionnaire_names, allowed_values)
    procurement_values = dict.fromkeys(PROCUREMENT_NAMES, (True, False))
    for rule in rs.rules:
        if rule.group == "achat":
            names, values = set(PROCUREMENT_NAMES), procurement_values
        else:
            names, values = questionnaire_names, allowed_values
        check(rule.condition, f"règle {rule.id}", names, values)
        for override in rule.date_overrides:
            check(override.when, f"règle {rule.id} (date_overrides)", names, values)
    for rule in rs.nis2_rules:
        check(rule.condition, f"nis2 {rule.id}", set(ORG_NAMES), dict(ORG_NAMES))
        if rule.status not in ("essential", "important", "not_concerned", "uncertain"):
            raise RulesError(f"nis2 {rule.id} : statut inconnu {rule.status!r}")

    # facts must not depend on themselves, directly or not
    def visit(fid: str, stack: tuple[str, ...]) -> None:
        if fid in stack:
            raise RulesError(f"dépendance circulaire entre faits : {' → '.join((*stack, fid))}")
        for name in rs.facts[fid].condition.names:
            if name in rs.facts:
                visit(name, (*stack, fid))
    for fid in rs.facts:
        visit(fid, ())

    known_rules = {r.id for r in rs.rules}
    for criterion in rs.procurement_criteria:
        mandatory = criterion.get("mandatory_rule")
        if mandatory and mandatory not in known_rules:
            raise RulesError(f"critère {criterion.get('id')} : règle inconnue {mandatory}")


def load_rules(path: str | Path | None = None) -> RuleSet:
    """Parse and check a rules file (default: the one shipped with the package).

    The default file is read once and cached; pass ``path`` to load another file
    (e.g. a draft under review) — it is read every time.
    """
    if path is None:
        return _load_default()
    return _load(Path(path))


def _load(path: Path) -> RuleSet:
    with path.open("rb") as fh:
        try:
            data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise RulesError(f"{path.name} : {exc}") from exc
    return _parse(data, str(path))


@functools.cache
def _load_default() -> RuleSet:
    return _load(DEFAULT_RULES_PATH)
