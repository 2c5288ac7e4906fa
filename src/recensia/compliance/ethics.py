"""Ethics: a per-project checklist built from local charters, and a draft charter.

Principles, checklist questions, charters and commitments live in ``data/ethics.toml``.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .rules import format_date_fr

__all__ = [
    "ETHICS_ANSWER_VALUES", "EthicsAnswers", "EthicsChecklist", "EthicsItem", "EthicsSection",
    "CharterAnswers", "Charter", "CharterSection", "draft_charter", "ethics_checklist",
    "load_ethics", "PRINCIPLES", "CHARTERS",
]

ETHICS_PATH = Path(__file__).with_name("data") / "ethics.toml"
ETHICS_ANSWER_VALUES = {
    "yes": "Oui", "partial": "En partie", "no": "Non", "na": "Sans objet",
}


@functools.cache
def load_ethics() -> dict[str, Any]:
    with ETHICS_PATH.open("rb") as fh:
        data = tomllib.load(fh)
    charters = {c["id"]: c for c in data.get("charters", [])}
    item_ids: set[str] = set()
    for principle in data.get("principles", []):
        for source in principle.get("sources", []):
            if source not in charters:
                raise ValueError(f"principe {principle['id']} : charte inconnue {source}")
        for item in principle.get("items", []):
            if item["id"] in item_ids:
                raise ValueError(f"élément en double : {item['id']}")
            item_ids.add(item["id"])
    return data


def _principles() -> dict[str, dict[str, Any]]:
    return {p["id"]: p for p in load_ethics()["principles"]}


def _charters() -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in load_ethics()["charters"]}


PRINCIPLES: list[dict[str, Any]] = [
    {"id": p["id"], "title": p["title"], "summary": p["summary"], "default": p["default"],
     "sources": list(p["sources"])} for p in load_ethics()["principles"]
]
"""Principles available for checklists and charters (id, title, summary, sources)."""

CHARTERS: list[dict[str, Any]] = [dict(c) for c in load_ethics()["charters"]]
"""The local charters the principles come from (id, name, owner, year, url, summary)."""


# --- checklist ----------------------------------------------------------------------------

@dataclass
class EthicsAnswers:
    """Stored answers to a project's ethics checklist: item id → yes/partial/no/na."""

    answers: dict[str, str] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        known = {i["id"] for p in load_ethics()["principles"] for i in p.get("items", [])}
        self.answers = {k: v for k, v in (self.answers or {}).items()
                        if k in known and v in ETHICS_ANSWER_VALUES}
        self.comments = {k: str(v).strip() for k, v in (self.comments or {}).items()
                         if k in known and v and str(v).strip()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> EthicsAnswers:
        data = data or {}
        if "answers" in data or "comments" in data:
            return cls(dict(data.get("answers") or {}), dict(data.get("comments") or {}))
        return cls(dict(data))  # a flat {item: answer} mapping is accepted too

    def to_dict(self) -> dict[str, Any]:
        return {"answers": dict(self.answers), "comments": dict(self.comments)}


@dataclass
class EthicsItem:
    id: str
    question: str
    help: str
    answer: str | None
    answer_label: str
    comment: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class EthicsSection:
    principle_id: str
    title: str
    summary: str
    sources: list[dict[str, Any]]
    items: list[EthicsItem]

    def to_dict(self) -> dict[str, Any]:
        return {"principle_id": self.principle_id, "title": self.title, "summary": self.summary,
                "sources": list(self.sources), "items": [i.to_dict() for i in self.items]}


@dataclass
class EthicsChecklist:
    sections: list[EthicsSection]

    @property
    def items(self) -> list[EthicsItem]:
        return [i for s in self.sections for i in s.items]

    @property
    def counts(self) -> dict[str, int]:
        out = dict.fromkeys((*ETHICS_ANSWER_VALUES, "unanswered"), 0)
        for item in self.items:
            out[item.answer or "unanswered"] += 1
        return out

    @property
    def to_improve(self) -> list[EthicsItem]:
        """Items answered « non » or « en partie »: the points to work on."""
        return [i for i in self.items if i.answer in ("no", "partial")]

    @property
    def progress(self) -> float:
        items = self.items
        return sum(i.answer is not None for i in items) / len(items) if items else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {"sections": [s.to_dict() for s in self.sections], "counts": self.counts,
                "to_improve": [i.id for i in self.to_improve], "progress": self.progress}


def ethics_checklist(answers: EthicsAnswers | Mapping[str, Any] | None = None,
                     principles: Iterable[str] | None = None) -> EthicsChecklist:
    """The ethics checklist of a project, per principle, with the stored answers."""
    if not isinstance(answers, EthicsAnswers):
        answers = EthicsAnswers.from_dict(answers)
    charters = _charters()
    wanted = list(principles) if principles is not None else [p["id"] for p in PRINCIPLES]
    all_principles = _principles()
    unknown = [p for p in wanted if p not in all_principles]
    if unknown:
        raise KeyError(f"principe(s) inconnu(s) : {', '.join(unknown)}")
    sections = []
    for pid in wanted:
        p = all_principles[pid]
        items = []
        for item in p.get("items", []):
            value = answers.answers.get(item["id"])
            items.append(EthicsItem(item["id"], item["question"], item.get("help", ""), value,
                                    ETHICS_ANSWER_VALUES.get(value, "Sans réponse"),
                                    answers.comments.get(item["id"], "")))
        sources = [{"id": s, "name": charters[s]["name"], "owner": charters[s]["owner"],
                    "year": charters[s]["year"], "url": charters[s]["url"]}
                   for s in p["sources"]]
        sections.append(EthicsSection(pid, p["title"], p["summary"], sources, items))
    return EthicsChecklist(sections)


# --- charter ------------------------------------------------------------------------------

@dataclass
class CharterAnswers:
    """A collectivité's choices for its draft ethics charter.

    ``principles``: principle ids (default: the core ones); ``commitments``: commitment
    ids to keep (default: all commitments of the chosen principles);
    ``custom_commitments``: the collectivité's own sentences.
    """

    collectivite_name: str
    principles: list[str] = field(default_factory=list)
    commitments: list[str] = field(default_factory=list)
    custom_commitments: list[str] = field(default_factory=list)
    adoption_body: str = ""
    ethics_committee: bool = True
    annual_report: bool = True
    applies_to_operators: bool = True
    review_years: int = 3
    contact: str = ""
    date: date | None = None

    def __post_init__(self) -> None:
        self.collectivite_name = (self.collectivite_name or "").strip()
        if not self.collectivite_name:
            raise ValueError("Le nom de la collectivité est obligatoire.")
        known = _principles()
        chosen = [p for p in (self.principles or []) if p in known]
        self.principles = list(dict.fromkeys(chosen)) or [p["id"] for p in PRINCIPLES
                                                           if p["default"]]
        self.custom_commitments = [c.strip() for c in (self.custom_commitments or [])
                                   if c and c.strip()]
        try:
            self.review_years = max(1, int(self.review_years))
        except (TypeError, ValueError):
            self.review_years = 3

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CharterAnswers:
        values = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        if isinstance(values.get("date"), str) and values["date"]:
            values["date"] = date.fromisoformat(values["date"])
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        data = {k: getattr(self, k) for k in self.__dataclass_fields__}
        data["date"] = self.date.isoformat() if self.date else None
        return data


@dataclass
class CharterSection:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "paragraphs": list(self.paragraphs),
                "bullets": list(self.bullets)}


@dataclass
class Charter:
    title: str
    subtitle: str
    collectivite_name: str
    sections: list[CharterSection]
    references: list[str]
    generated_on: date

    def to_text(self) -> str:
        """The charter as plain text (also the reference for the other formats)."""
        lines = [self.title, self.subtitle, ""]
        for section in self.sections:
            lines += [section.title, ""]
            lines += [*(f"{p}" for p in section.paragraphs)]
            lines += [f"• {b}" for b in section.bullets]
            lines.append("")
        lines += ["Références", *(f"• {r}" for r in self.references)]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "subtitle": self.subtitle,
                "collectivite_name": self.collectivite_name,
                "sections": [s.to_dict() for s in self.sections],
                "references": list(self.references),
                "generated_on": self.generated_on.isoformat()}


def draft_charter(answers: CharterAnswers | Mapping[str, Any]) -> Charter:
    """A draft ethics charter for a collectivité, from its choices (to be discussed and
    adopted by its deliberative assembly)."""
    if not isinstance(answers, CharterAnswers):
        answers = CharterAnswers.from_dict(answers)
    principles, charters = _principles(), _charters()
    name = answers.collectivite_name
    today = answers.date or date.today()
    body = answers.adoption_body or "l'assemblée délibérante"

    sections = [CharterSection("Préambule", [
        f"L'intelligence artificielle (IA) peut améliorer les services publics de {name} : "
        "mieux informer les habitants, anticiper les besoins, économiser des ressources. Elle "
        "soulève aussi des questions de libertés, d'égalité, de dépendance technologique et "
        "d'impact sur l'environnement et sur le travail des agents.",
        f"Par la présente charte, {name} fixe les principes qu'elle s'engage à respecter pour "
        "tout projet utilisant l'IA. Comme le recommande le rapport du Sénat n° 447 "
        "(2024-2025), cette charte est le fruit d'une réflexion collective préalable, et "
        "s'inspire des chartes adoptées par d'autres collectivités.",
        "Elle complète, sans les remplacer, les obligations légales : règlement européen sur "
        "l'IA, règlement général sur la protection des données (RGPD) et code des relations "
        "entre le public et l'administration.",
    ])]
    scope = [f"La charte s'applique à tous les systèmes d'IA conçus, achetés ou utilisés par "
             f"{name} et ses services."]
    if answers.applies_to_operators:
        scope.append("Elle s'applique aussi aux délégataires de service public et aux "
                     "prestataires qui utilisent l'IA pour le compte de la collectivité : elle "
                     "est annexée à leurs contrats.")
    sections.append(CharterSection("Champ d'application", scope))

    chosen_commitments = set(answers.commitments)
    used_sources: list[str] = []
    for index, pid in enumerate(answers.principles, start=1):
        p = principles[pid]
        commitments = [c["text"] for c in p.get("commitments", [])
                       if not chosen_commitments or c["id"] in chosen_commitments]
        if not commitments:
            commitments = [c["text"] for c in p.get("commitments", [])]
        sources = [charters[s] for s in p["sources"] if s != "senat_2025"]
        inspiration = ", ".join(f"{c['owner']} ({c['year']})" for c in sources)
        paragraphs = [p["summary"]]
        if inspiration:
            paragraphs.append(f"Ce principe s'inspire notamment de : {inspiration}.")
        sections.append(CharterSection(f"{index}. {p['title']}", paragraphs,
                                       [f"{name} s'engage à : {_lower_first(t)}"
                                        for t in commitments]))
        used_sources += [s for s in p["sources"] if s not in used_sources]
    if answers.custom_commitments:
        sections.append(CharterSection("Engagements propres à la collectivité", [],
                                       list(answers.custom_commitments)))

    governance = []
    if answers.ethics_committee:
        governance.append("Un comité de la donnée et de l'IA, associant des élus, des agents "
                          "(dont le délégué à la protection des données et le responsable de la "
                          "sécurité des systèmes d'information) et des habitants, examine chaque "
                          "projet d'IA avant son lancement et veille au respect de la charte.")
    if answers.annual_report:
        governance.append("Un bilan annuel de l'application de la charte et des usages de l'IA "
                          "est rendu public.")
    governance.append(f"La charte est révisée au moins tous les {answers.review_years} ans, "
                      "et dès que le droit ou les technologies évoluent de façon importante.")
    if answers.contact:
        governance.append(f"Contact pour toute question ou réclamation : {answers.contact}.")
    sections.append(CharterSection("Gouvernance et suivi", governance))

    references = [f"{charters[s]['name']} — {charters[s]['owner']} ({charters[s]['year']})"
                  + (f" : {charters[s]['url']}" if charters[s]["url"] else "")
                  for s in used_sources]
    if "senat_2025" not in used_sources:
        c = charters["senat_2025"]
        references.append(f"{c['name']} — {c['owner']} ({c['year']}) : {c['url']}")
    references += [
        "Règlement (UE) 2024/1689 sur l'intelligence artificielle, modifié par le règlement "
        "(UE) 2026/1744",
        "Règlement (UE) 2016/679 (RGPD)",
        "Code des relations entre le public et l'administration, articles L311-3-1 et L312-1-3",
    ]
    return Charter(
        title=f"Charte éthique de l'intelligence artificielle — {name}",
        subtitle=(f"Projet de charte préparé avec RecensIA le {format_date_fr(today)}, à "
                  f"débattre puis à adopter par {body}."),
        collectivite_name=name, sections=sections, references=references, generated_on=today,
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text
