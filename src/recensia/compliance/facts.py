"""Inputs of the engine: the questionnaire answers and facts about the collectivité."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from .rules import EPCI_TYPES, ORG_KINDS, RuleSet, load_rules

__all__ = ["Answers", "OrgFacts", "UNKNOWN_WORDS"]

_TRUE = {"true", "1", "oui", "yes", "on", "vrai", "o", "y"}
_FALSE = {"false", "0", "non", "no", "off", "faux", "n"}
UNKNOWN_WORDS = {"", "unknown", "none", "null", "nsp", "je ne sais pas", "dont_know",
                 "dont-know", "ne sais pas", "?"}


def _coerce_bool(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


class Answers:
    """Answers to :data:`QUESTIONS`, keyed by question id.

    A missing key, ``None`` or « je ne sais pas » means *unknown*. Values coming from a
    web form (``"oui"``, ``"true"``, ``"on"``…) are accepted; a value that is not one of a
    question's choices is treated as unknown and reported in :attr:`ignored`.
    """

    __slots__ = ("_values", "ignored", "_ruleset")

    def __init__(self, data: Mapping[str, Any] | None = None, *, ruleset: RuleSet | None = None,
                 **kwargs: Any):
        self._ruleset = ruleset or load_rules()
        self._values: dict[str, Any] = {}
        self.ignored: dict[str, Any] = {}
        for key, value in {**(data or {}), **kwargs}.items():
            self._set(key, value)

    def _set(self, key: str, value: Any) -> None:
        question = self._ruleset.question(key)
        if question is None:
            self.ignored[key] = value
            return
        if isinstance(value, str) and question.legacy_values:
            # a value renamed in the rules file (stored answers keep their meaning)
            value = dict(question.legacy_values).get(value.strip(), value)
        if value is None or (isinstance(value, str) and value.strip().lower() in UNKNOWN_WORDS):
            self._values.pop(key, None)
            return
        if question.type == "bool":
            coerced = _coerce_bool(value)
        else:
            coerced = str(value).strip()
            if coerced not in question.choice_values:
                coerced = None
        if coerced is None:
            self.ignored[key] = value
            self._values.pop(key, None)
        else:
            self._values[key] = coerced

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None, *, ruleset: RuleSet | None = None
                  ) -> Answers:
        return cls(data or {}, ruleset=ruleset)

    def to_dict(self) -> dict[str, Any]:
        """Known answers only, in questionnaire order (JSON-serialisable)."""
        order = self._ruleset.question_ids
        return {qid: self._values[qid] for qid in order if qid in self._values}

    def get(self, key: str, default: Any = None) -> Any:
        return self._values.get(key, default)

    def __getitem__(self, key: str) -> Any:
        return self._values.get(key)

    def __contains__(self, key: object) -> bool:
        return key in self._values

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Answers) and self.to_dict() == other.to_dict()

    def __repr__(self) -> str:
        return f"Answers({self.to_dict()!r})"

    def with_(self, **changes: Any) -> Answers:
        """A copy with some answers changed (``None`` makes an answer unknown again)."""
        return Answers({**self.to_dict(), **changes}, ruleset=self._ruleset)


@dataclass(frozen=True)
class OrgFacts:
    """Facts about the owning collectivité, from the reference data.

    ``kind``: commune, epci, departement, region or other; ``epci_type``: CC, CA, CU,
    METRO or MET69 for an EPCI; ``has_commune_over_30k``: for a communauté
    d'agglomération, whether one of its member communes has more than 30,000
    inhabitants; ``staff_fte``: number of agents in full-time equivalent, if known.
    """

    kind: str
    epci_type: str = ""
    population: int | None = None
    has_commune_over_30k: bool | None = None
    other_type: str = ""
    name: str = ""
    staff_fte: float | None = None

    def __post_init__(self) -> None:
        kind = (self.kind or "").strip().lower()
        object.__setattr__(self, "kind", kind if kind in ORG_KINDS else "other")
        epci = (self.epci_type or "").strip().upper()
        object.__setattr__(self, "epci_type", epci if epci in EPCI_TYPES else "")

    def get(self, field_name: str) -> Any:
        value = getattr(self, field_name)
        return None if value == "" else value

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OrgFacts:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
