"""Award-criteria grids and their legal checks — pure Python, no Django.

A ``Grid`` is the list of award criteria of one consultation (with sub-criteria and
weights in points out of 100). ``validate_grid`` refuses malformed input with a
``GridError`` naming the row and the field in French; ``check_grid`` runs the legal checks
of ``data/legal.toml`` (each names its article, its Légifrance link and its date) and
returns every check, passed or not, so that a page can show all of them.

    grid = grid_from_preset("chatbot")
    [c.status for c in check_grid(grid, as_of=date(2026, 11, 28))]
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"

METHOD_PRICE = "price"
METHOD_FOOTPRINT = "footprint"
METHOD_NOTE = "note"
METHODS = {
    METHOD_PRICE: "Formule sur le prix",
    METHOD_FOOTPRINT: "Empreinte calculée par RecensIA",
    METHOD_NOTE: "Note de 0 à 10 de la commission",
}
TOTAL_POINTS = 100
NOTE_MAX = 10
MAX_CRITERIA = 12
MAX_SUBCRITERIA = 8
LOW_ENVIRONMENTAL_WEIGHT = 10

# Check outcomes, worst first.
ERROR = "error"        # contrary to a rule in force: to correct before the consultation
WARNING = "warning"    # probably a mistake, or advice
OK = "ok"
STATUS_LABELS = {ERROR: "À corriger", WARNING: "À vérifier", OK: "Conforme"}

# Words that suggest a local preference (contrary to equal treatment unless justified).
_LOCAL_WORDS = re.compile(
    r"\b(entreprises? locales?|prestataires? locaux|fournisseurs? locaux|préférence locale|"
    r"proximité géographique|implanté[es]* (?:dans|sur|en)|siège (?:social )?(?:dans|sur|en)|"
    r"circuits? courts?)\b", re.IGNORECASE)


class GridError(ValueError):
    """Malformed grid. ``field`` names where (``criteria[2].weight``), ``message`` says
    what is wrong, in French, naming the row."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field} : {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class SubCriterion:
    label: str
    weight: float

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "weight": self.weight}


@dataclass(frozen=True)
class Criterion:
    label: str
    weight: float
    method: str = METHOD_NOTE
    environmental: bool = False
    description: str = ""
    assessment: str = ""
    subject_link: str = ""
    subcriteria: tuple[SubCriterion, ...] = ()

    @property
    def is_environmental(self) -> bool:
        return self.environmental or self.method == METHOD_FOOTPRINT

    @property
    def method_label(self) -> str:
        return METHODS.get(self.method, self.method)

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label, "weight": self.weight, "method": self.method,
            "environmental": self.is_environmental, "description": self.description,
            "assessment": self.assessment, "subject_link": self.subject_link,
            "subcriteria": [s.to_dict() for s in self.subcriteria],
        }


@dataclass(frozen=True)
class Grid:
    title: str
    subject: str = ""
    criteria: tuple[Criterion, ...] = ()
    launch_date: date | None = None
    formalised: bool | None = None
    preset: str = ""

    @property
    def total_weight(self) -> float:
        return sum(c.weight for c in self.criteria)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title, "subject": self.subject, "preset": self.preset,
            "launch_date": self.launch_date.isoformat() if self.launch_date else None,
            "formalised": self.formalised,
            "criteria": [c.to_dict() for c in self.criteria],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Grid:
        """Builds and validates a grid from its dict form (raises ``GridError``)."""
        if not isinstance(data, dict):
            raise GridError("grille", "La grille n'est pas lisible.")
        raw_criteria = data.get("criteria") or []
        if not isinstance(raw_criteria, list):
            raise GridError("criteria", "La liste des critères n'est pas lisible.")
        criteria = tuple(_criterion_from_dict(c, i) for i, c in enumerate(raw_criteria))
        launch = data.get("launch_date")
        if isinstance(launch, str):
            try:
                launch = date.fromisoformat(launch) if launch else None
            except ValueError as exc:
                raise GridError("launch_date", f"Date de lancement illisible : « {launch} » "
                                               "(attendu AAAA-MM-JJ).") from exc
        grid = cls(title=str(data.get("title") or "").strip(),
                   subject=str(data.get("subject") or "").strip(), criteria=criteria,
                   launch_date=launch, formalised=data.get("formalised"),
                   preset=str(data.get("preset") or ""))
        validate_grid(grid)
        return grid


def _criterion_from_dict(data: Any, index: int) -> Criterion:
    where = f"criteria[{index}]"
    if not isinstance(data, dict):
        raise GridError(where, f"Le critère n° {index + 1} n'est pas lisible.")
    subs = data.get("subcriteria") or []
    if not isinstance(subs, list):
        raise GridError(f"{where}.subcriteria", f"Critère n° {index + 1} : la liste des "
                                                 "sous-critères n'est pas lisible.")
    subcriteria = []
    for j, s in enumerate(subs):
        if not isinstance(s, dict):
            raise GridError(f"{where}.subcriteria[{j}]",
                            f"Critère n° {index + 1}, sous-critère n° {j + 1} : illisible.")
        subcriteria.append(SubCriterion(label=str(s.get("label") or "").strip(),
                                        weight=s.get("weight")))
    return Criterion(
        label=str(data.get("label") or "").strip(), weight=data.get("weight"),
        method=str(data.get("method") or METHOD_NOTE),
        environmental=bool(data.get("environmental")),
        description=str(data.get("description") or "").strip(),
        assessment=str(data.get("assessment") or "").strip(),
        subject_link=str(data.get("subject_link") or "").strip(),
        subcriteria=tuple(subcriteria),
    )


def _check_weight(value: Any, where: str, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or (
            isinstance(value, float) and not math.isfinite(value)):
        raise GridError(where, f"{what} : le poids doit être un nombre de points "
                               f"(valeur reçue : {value!r}).")
    if value < 0 or value > TOTAL_POINTS:
        raise GridError(where, f"{what} : le poids doit être compris entre 0 et "
                               f"{TOTAL_POINTS} points (valeur reçue : {value:g}).")


def validate_grid(grid: Grid) -> None:
    """Structure only (the law is ``check_grid``'s job): raises ``GridError``."""
    if not grid.title:
        raise GridError("title", "Donnez un titre à la grille (par exemple l'objet de "
                                 "l'achat).")
    if not grid.criteria:
        raise GridError("criteria", "Ajoutez au moins un critère d'attribution.")
    if len(grid.criteria) > MAX_CRITERIA:
        raise GridError("criteria", f"Au plus {MAX_CRITERIA} critères : regroupez-en en "
                                    "sous-critères.")
    seen: dict[str, int] = {}
    for i, c in enumerate(grid.criteria):
        what = f"Critère n° {i + 1}" + (f" « {c.label} »" if c.label else "")
        where = f"criteria[{i}]"
        if not c.label:
            raise GridError(f"{where}.label", f"Critère n° {i + 1} : indiquez son libellé.")
        key = c.label.casefold()
        if key in seen:
            raise GridError(f"{where}.label", f"{what} : ce libellé est déjà celui du critère "
                                              f"n° {seen[key] + 1}.")
        seen[key] = i
        _check_weight(c.weight, f"{where}.weight", what)
        if c.method not in METHODS:
            raise GridError(f"{where}.method", f"{what} : mode de notation inconnu "
                                               f"« {c.method} ».")
        if c.subcriteria and c.method != METHOD_NOTE:
            raise GridError(f"{where}.subcriteria",
                            f"{what} : un critère noté par formule ({c.method_label.lower()}) "
                            "n'a pas de sous-critères ; créez plutôt un critère à part.")
        if len(c.subcriteria) > MAX_SUBCRITERIA:
            raise GridError(f"{where}.subcriteria",
                            f"{what} : au plus {MAX_SUBCRITERIA} sous-critères.")
        for j, s in enumerate(c.subcriteria):
            sub_what = f"{what}, sous-critère n° {j + 1}"
            if not s.label:
                raise GridError(f"{where}.subcriteria[{j}].label",
                                f"{sub_what} : indiquez son libellé.")
            _check_weight(s.weight, f"{where}.subcriteria[{j}].weight", sub_what)
    if sum(1 for c in grid.criteria if c.method == METHOD_FOOTPRINT) > 1:
        raise GridError("criteria", "Un seul critère peut être noté sur l'empreinte calculée "
                                    "par RecensIA.")
    if grid.formalised is not None and not isinstance(grid.formalised, bool):
        raise GridError("formalised", "« Procédure formalisée » doit valoir oui ou non.")


# --------------------------------------------------------------------------------------
# Presets
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Preset:
    key: str
    title: str
    subject: str
    intro: str
    criteria: tuple[Criterion, ...]
    footprint: dict[str, Any] = field(default_factory=dict)

    def grid(self, *, title: str | None = None) -> Grid:
        return Grid(title=title or self.title, subject=self.subject, criteria=self.criteria,
                    preset=self.key)


@cache
def presets() -> dict[str, Preset]:
    data = tomllib.loads((DATA / "presets.toml").read_text(encoding="utf-8"))
    result = {}
    for p in data["presets"]:
        criteria = tuple(_criterion_from_dict(c, i) for i, c in enumerate(p["criteria"]))
        preset = Preset(key=p["key"], title=p["title"], subject=p["subject"],
                        intro=p["intro"], criteria=criteria, footprint=dict(p["footprint"]))
        validate_grid(preset.grid())
        result[preset.key] = preset
    return result


def grid_from_preset(key: str, *, title: str | None = None) -> Grid:
    try:
        return presets()[key].grid(title=title)
    except KeyError as exc:
        raise GridError("preset", f"Grille de départ inconnue : « {key} ».") from exc


# --------------------------------------------------------------------------------------
# Legal checks
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Check:
    id: str
    title: str
    status: str
    messages: tuple[str, ...]
    article: str
    url: str
    since: date | None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "status": self.status,
                "status_label": self.status_label, "messages": list(self.messages),
                "article": self.article, "url": self.url,
                "since": self.since.isoformat() if self.since else None}


@cache
def legal_data() -> dict[str, Any]:
    return tomllib.loads((DATA / "legal.toml").read_text(encoding="utf-8"))


def environmental_obligation_date() -> date:
    return legal_data()["meta"]["environmental_obligation_from"]


def _points(x: float) -> str:
    return f"{x:g}".replace(".", ",")


def _check(check_id: str, status: str, messages: list[str]) -> Check:
    ref = legal_data()["checks"][check_id]
    return Check(id=check_id, title=ref["title"], status=status, messages=tuple(messages),
                 article=ref["article"], url=ref["url"], since=ref.get("since"))


def check_grid(grid: Grid, *, as_of: date | None = None) -> list[Check]:
    """Every legal check of the grid, judged on its launch date (else ``as_of``, else
    today). The grid is assumed valid (``validate_grid``)."""
    day = grid.launch_date or as_of or date.today()
    in_force = day >= environmental_obligation_date()
    text = legal_data()["checks"]
    criteria = [c for c in grid.criteria if c.weight > 0]
    checks: list[Check] = []

    # 1. Environmental criterion (L2152-7, R2152-7).
    t = text["environmental_criterion"]
    env = [c for c in criteria if c.is_environmental]
    if env:
        names = ", ".join(f"« {c.label} »" for c in env)
        checks.append(_check("environmental_criterion", OK, [t["ok"].format(criteria=names)]))
    else:
        checks.append(_check("environmental_criterion", ERROR if in_force else WARNING,
                             [t["missing_mandatory"] if in_force else t["missing_before"]]))

    # 2. Price or cost, never price alone (R2152-7).
    t = text["price_or_cost"]
    prices = [c for c in criteria if c.method == METHOD_PRICE]
    if len(criteria) == 1 and prices:
        if prices[0].is_environmental:
            checks.append(_check("price_or_cost", OK, [t["ok_lifecycle"]]))
        else:
            checks.append(_check("price_or_cost", ERROR if in_force else WARNING,
                                 [t["price_only"] if in_force else t["price_only_before"]]))
    elif not prices and criteria:
        checks.append(_check("price_or_cost", ERROR, [t["no_price"]]))
    else:
        checks.append(_check("price_or_cost", OK, [t["ok"]]))

    # 3. Weights announced and summing to 100 (R2152-11, R2152-12).
    t = text["weights_sum"]
    messages = [t["zero_weight"].format(label=c.label) for c in grid.criteria if c.weight <= 0]
    total = grid.total_weight
    if not math.isclose(total, TOTAL_POINTS, abs_tol=1e-6):
        messages.insert(0, t["wrong_sum"].format(total=_points(total)))
    checks.append(_check("weights_sum", ERROR if messages else OK, messages or [t["ok"]]))

    # 4. Sub-criteria weights announced and consistent (CE Saint-Pal-de-Mons).
    t = text["subcriteria_weights"]
    with_subs = [c for c in grid.criteria if c.subcriteria]
    messages = [t["wrong_sum"].format(label=c.label, weight=_points(c.weight),
                                      total=_points(sum(s.weight for s in c.subcriteria)))
                for c in with_subs
                if not math.isclose(sum(s.weight for s in c.subcriteria), c.weight,
                                    abs_tol=1e-6)]
    if messages:
        checks.append(_check("subcriteria_weights", ERROR, messages))
    else:
        checks.append(_check("subcriteria_weights", OK, [t["ok"] if with_subs else t["none"]]))

    # 5. Each criterion says how it is scored (R2152-11).
    t = text["criteria_measurable"]
    messages = [t["missing"].format(label=c.label) for c in grid.criteria if not c.assessment]
    checks.append(_check("criteria_measurable", ERROR if messages else OK,
                         messages or [t["ok"]]))

    # 6. Linked to the subject, no local preference (L2152-7, L3).
    t = text["criteria_linked"]
    errors, warnings = [], []
    if not grid.subject:
        warnings.append(t["missing_subject"])
    for c in grid.criteria:
        if not c.subject_link:
            warnings.append(t["missing_link"].format(label=c.label))
        match = _LOCAL_WORDS.search(f"{c.label} {c.description}")
        if match:
            errors.append(t["local_preference"].format(label=c.label,
                                                        word=f"« {match.group(0)} »"))
    status = ERROR if errors else WARNING if warnings else OK
    checks.append(_check("criteria_linked", status, errors + warnings or [t["ok"]]))

    # 7. Weight of the environmental criterion: advice only, no legal minimum.
    t = text["environmental_weight"]
    if env:
        env_weight = sum(c.weight for c in env)
        if env_weight < LOW_ENVIRONMENTAL_WEIGHT:
            checks.append(_check("environmental_weight", WARNING,
                                 [t["low"].format(weight=_points(env_weight))]))
        else:
            checks.append(_check("environmental_weight", OK,
                                 [t["ok"].format(weight=_points(env_weight))]))
    return checks


def blocking(checks: list[Check]) -> list[Check]:
    """Checks that must be corrected before the grid is published or used."""
    return [c for c in checks if c.status == ERROR]
