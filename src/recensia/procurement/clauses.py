"""The clause library (``data/clauses.toml``) — pure Python, no Django.

Each clause has its source (article or text, with its link) and a note on when to use it.
``suggested_clauses`` preselects clauses for a purchase from its preset, the AI Act tier
and the obligations retained by the project's compliance assessment. The footprint
reporting clause lists the data the platform's footprint engine needs, read from the
engine's own input classes so that the clause and the method never drift apart.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

from recensia.footprint import ApiUsage, EdgeDevices, SelfHosted
from recensia.footprint.inputs import FIELD_LABELS

DATA = Path(__file__).resolve().parent / "data" / "clauses.toml"
TIERS = ("prohibited", "high_risk", "transparency", "minimal")
DOCUMENTS = {"CCTP": "cahier des clauses techniques particulières (CCTP)",
             "CCAP": "cahier des clauses administratives particulières (CCAP)"}

# What the vendor reports, per field of the engine's inputs (labels not in FIELD_LABELS).
_REPORTED_LABELS = {
    "provider": "le fournisseur du modèle d'IA",
    "model": "le nom exact et la version du modèle utilisé",
    "zone": "le pays des centres de données qui font les calculs",
    "use_case": "le type d'usage",
    "zone_documented": "le document qui garantit ce lieu d'hébergement",
    "gpu_model": "le modèle de carte graphique (GPU)",
    "country": "le pays d'hébergement ou d'installation",
    "dedicated": "si le matériel est dédié à la collectivité ou partagé",
    "device_class": "le type d'appareils installés",
}
# Fields of the engine's inputs that are not asked of the vendor.
_NOT_REPORTED = {"label"}
_REPORTING_GROUPS = (
    ("pour un modèle utilisé par une interface de programmation (API)", ApiUsage),
    ("pour des serveurs dédiés ou loués", SelfHosted),
    ("pour des appareils installés sur le terrain", EdgeDevices),
)


@dataclass(frozen=True)
class Source:
    label: str
    url: str


@dataclass(frozen=True)
class Clause:
    id: str
    title: str
    category: str
    category_label: str
    document: str
    text: str
    when: str
    sources: tuple[Source, ...]
    always: bool = False
    presets: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    obligation_rules: tuple[str, ...] = ()

    @property
    def document_label(self) -> str:
        return DOCUMENTS[self.document]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "category": self.category,
                "category_label": self.category_label, "document": self.document,
                "text": self.text, "when": self.when,
                "sources": [{"label": s.label, "url": s.url} for s in self.sources],
                "always": self.always, "presets": list(self.presets),
                "tiers": list(self.tiers), "obligation_rules": list(self.obligation_rules)}


def footprint_reporting_items() -> list[tuple[str, list[str]]]:
    """(kind of use, what to report) from the footprint engine's input classes."""
    items = []
    for title, klass in _REPORTING_GROUPS:
        names = [f.name for f in fields(klass) if f.name not in _NOT_REPORTED]
        items.append((title, [_REPORTED_LABELS.get(n) or FIELD_LABELS[n] for n in names]))
    return items


def footprint_reporting_text() -> str:
    return " ; ".join(f"{title}, {', '.join(labels)}"
                      for title, labels in footprint_reporting_items())


@cache
def library() -> dict[str, Clause]:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    categories = data["categories"]
    result: dict[str, Clause] = {}
    for raw in data["clauses"]:
        text = raw["text"].replace("{donnees_empreinte}", footprint_reporting_text())
        clause = Clause(
            id=raw["id"], title=raw["title"], category=raw["category"],
            category_label=categories[raw["category"]], document=raw["document"],
            text=text, when=raw["when"],
            sources=tuple(Source(s["label"], s["url"]) for s in raw["sources"]),
            always=bool(raw.get("always", False)), presets=tuple(raw.get("presets", ())),
            tiers=tuple(raw.get("tiers", ())),
            obligation_rules=tuple(raw.get("obligation_rules", ())))
        if clause.id in result:
            raise ValueError(f"clause en double : {clause.id}")
        unknown = set(clause.tiers) - set(TIERS)
        if unknown or clause.document not in DOCUMENTS or not clause.sources:
            raise ValueError(f"clause {clause.id} : niveau, document ou source manquant")
        result[clause.id] = clause
    return result


def library_version() -> str:
    return tomllib.loads(DATA.read_text(encoding="utf-8"))["meta"]["version"]


def categories() -> list[tuple[str, str, list[Clause]]]:
    """(key, label, clauses) in the file's order."""
    order: dict[str, tuple[str, list[Clause]]] = {}
    for clause in library().values():
        order.setdefault(clause.category, (clause.category_label, []))[1].append(clause)
    return [(key, label, clauses) for key, (label, clauses) in order.items()]


@dataclass(frozen=True)
class Suggestion:
    clause: Clause
    reasons: tuple[str, ...]


def suggested_clauses(*, preset: str = "", tier: str = "",
                      obligation_rules: Iterable[str] = ()) -> list[Suggestion]:
    """Clauses proposed for a purchase, each with why it is proposed."""
    triggered = set(obligation_rules)
    result = []
    for clause in library().values():
        reasons = []
        if clause.always:
            reasons.append("utile à tout achat d'IA")
        if preset and preset in clause.presets:
            reasons.append("courante pour ce type d'achat")
        if tier and tier in clause.tiers:
            reasons.append("demandée par le niveau de risque du système")
        rules = sorted(triggered & set(clause.obligation_rules))
        if rules:
            reasons.append("obligation retenue par l'évaluation de conformité du projet")
        if reasons:
            result.append(Suggestion(clause, tuple(reasons)))
    return result


def clauses_in_order(ids: Iterable[str]) -> list[Clause]:
    """The chosen clauses, in the library's order; unknown ids are ignored."""
    wanted = set(ids)
    return [c for c in library().values() if c.id in wanted]
