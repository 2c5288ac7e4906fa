"""NIS2 status of a collectivité (cybersecurity), from reference-data facts only.

Pure and fast: the rule table of ``rules.toml`` ([nis2]) is compiled once, and
:func:`nis2_status` only evaluates a handful of small conditions — it can be called for
every collectivité of the reference data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .facts import OrgFacts
from .rules import RuleSet, load_rules

__all__ = ["Nis2Status", "nis2_status", "NIS2_STATUSES"]

NIS2_STATUSES = ("essential", "important", "not_concerned", "uncertain")


@dataclass(frozen=True)
class Nis2Status:
    """NIS2 status: ``status`` is one of essential, important, not_concerned, uncertain.

    ``pending`` is always true while the French transposition bill is not adopted; the
    notes say so in plain French, with the 3-vs-5-year deadline debate.
    """

    status: str
    label: str
    reason: str
    rule_id: str
    legal_reference: str
    source_url: str
    pending: bool
    pending_note: str
    deadline_note: str
    obligations: tuple[str, ...] = ()
    triggered_by: tuple[tuple[str, Any], ...] = ()
    missing: tuple[str, ...] = ()
    uncertain: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def concerned(self) -> bool | None:
        if self.status == "uncertain":
            return None
        return self.status in ("essential", "important")

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "label": self.label,
            "reason": self.reason,
            "rule_id": self.rule_id,
            "legal_reference": self.legal_reference,
            "source_url": self.source_url,
            "pending": self.pending,
            "pending_note": self.pending_note,
            "deadline_note": self.deadline_note,
            "obligations": list(self.obligations),
            "triggered_by": [list(t) for t in self.triggered_by],
            "missing": list(self.missing),
            "uncertain": self.uncertain,
            "notes": list(self.notes),
            "concerned": self.concerned,
        }


_FIELDS = ("kind", "epci_type", "population", "has_commune_over_30k", "other_type",
           "staff_fte", "name")


def nis2_status(org: OrgFacts, *, ruleset: RuleSet | None = None) -> Nis2Status:
    """NIS2 status of ``org`` under the bill as adopted by the Senate (pending)."""
    rs = ruleset or load_rules()
    values = {f"org.{name}": org.get(name) for name in _FIELDS}

    def resolve(name: str) -> tuple[Any, frozenset[str]]:
        return values.get(name), frozenset((name,))

    cfg = rs.nis2
    labels = cfg.get("labels", {})
    common = tuple(cfg.get("obligations_common", ()))
    notes = tuple(n for n in (cfg.get("fines_note"), cfg.get("scale_note")) if n)

    def build(status: str, reason: str, rule_id: str, wit: frozenset[str],
              missing: tuple[str, ...] = (), uncertain: str | None = None) -> Nis2Status:
        obligations: tuple[str, ...] = ()
        if status in ("essential", "important"):
            obligations = common
            if status == "essential":
                obligations += tuple(cfg.get("obligations_essential", ()))
        order = [f"org.{n}" for n in _FIELDS]
        triggered = tuple((k, values.get(k)) for k in order if k in wit)
        return Nis2Status(
            status=status, label=labels.get(status, status), reason=reason, rule_id=rule_id,
            legal_reference=cfg.get("legal_reference", ""), source_url=cfg.get("source_url", ""),
            pending=True, pending_note=cfg.get("pending_note", ""),
            deadline_note=cfg.get("deadline_note", ""), obligations=obligations,
            triggered_by=triggered, missing=missing, uncertain=uncertain, notes=notes,
        )

    for rule in rs.nis2_rules:
        value, wit = rule.condition.truth(resolve)
        if value is True:
            return build(rule.status, rule.reason, rule.id, wit, uncertain=rule.uncertain)
        if value is None:
            missing = tuple(sorted(k for k in wit if values.get(k) is None))
            return build(
                "uncertain",
                f"Donnée manquante pour conclure ({', '.join(missing)}). "
                f"Règle concernée : {rule.reason}",
                rule.id, wit, missing=missing, uncertain=rule.uncertain,
            )
    return build("uncertain", "Type de collectivité non reconnu : statut à vérifier.",
                 "nis2_fallback", frozenset(("org.kind",)))
