"""Scoring and ranking of offers against a grid — pure Python, no Django.

Three ways to score a line (a criterion, or a sub-criterion of a criterion scored by notes):

* ``price``: points = weight × lowest price ÷ price of the offer (the usual
  « proportionnelle inverse » formula, announced in the grid);
* ``footprint``: the footprint engine gives each offer a range of yearly emissions
  (kgCO2e, low / central / high). Offers whose ranges overlap, directly or through a
  chain of overlapping offers, form one group: their footprints cannot be told apart with
  the declared data, so they receive the **same** points. Groups are ordered; the most
  sober gets the full weight, another gets weight × value of the best group ÷ its value,
  the value of a group being the mean of its offers' central values;
* ``note``: the committee's note from 0 to 10, × weight ÷ 10.

The ranking is by total points (equal totals share a rank), with an explanation that can
be attached to the decision (« rapport d'analyse des offres »).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from .grid import METHOD_FOOTPRINT, METHOD_NOTE, METHOD_PRICE, NOTE_MAX, Grid


class ScoringError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(f"{field} : {message}")
        self.field = field
        self.message = message


def fr_number(x: float, decimals: int = 1) -> str:
    """1234.56 → « 1 234,6 » (narrow no-break space between thousands)."""
    text = f"{x:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def fr_sig(x: float, digits: int = 2) -> str:
    """A number with ``digits`` significant digits (honest precision for estimates)."""
    if x == 0:
        return "0"
    if not math.isfinite(x):
        return "∞"
    magnitude = math.floor(math.log10(abs(x)))
    return fr_number(round(x, digits - 1 - magnitude), max(0, digits - 1 - magnitude))


@dataclass(frozen=True)
class Line:
    """What is scored: a criterion, or one sub-criterion of a criterion scored by notes."""

    key: str
    label: str
    criterion: str
    weight: float
    method: str
    environmental: bool


def scoring_lines(grid: Grid) -> list[Line]:
    lines = []
    for i, c in enumerate(grid.criteria):
        if c.subcriteria:
            for j, s in enumerate(c.subcriteria):
                lines.append(Line(f"{i}.{j}", f"{c.label} — {s.label}", c.label, s.weight,
                                  METHOD_NOTE, c.is_environmental))
        else:
            lines.append(Line(str(i), c.label, c.label, c.weight, c.method,
                              c.is_environmental))
    return lines


@dataclass(frozen=True)
class OfferData:
    key: str
    vendor: str
    price: float | None = None
    notes: Mapping[str, float | None] = field(default_factory=dict)
    footprint: tuple[float, float, float] | None = None  # kgCO2e per year: min, central, max


@dataclass
class LineScore:
    points: float
    missing: bool = False
    note: float | None = None


@dataclass
class FootprintGroup:
    rank: int
    offers: list[str]
    value: float
    low: float
    high: float
    points: float = 0.0

    @property
    def is_tie(self) -> bool:
        return len(self.offers) > 1


@dataclass
class OfferScore:
    offer: OfferData
    lines: dict[str, LineScore]
    total: float
    rank: int = 0
    by_criterion: dict[str, float] = field(default_factory=dict)
    footprint_group: int | None = None

    @property
    def missing(self) -> list[str]:
        return [k for k, s in self.lines.items() if s.missing]


@dataclass
class Scoring:
    lines: list[Line]
    offers: list[OfferScore]  # in ranking order
    groups: list[FootprintGroup]
    footprint_weight: float
    explanation: list[str]
    method: list[str]

    def offer(self, key: str) -> OfferScore:
        return next(o for o in self.offers if o.offer.key == key)

    def to_dict(self) -> dict[str, Any]:
        return {
            "lines": [asdict(line) for line in self.lines],
            "offers": [{"key": o.offer.key, "vendor": o.offer.vendor, "rank": o.rank,
                        "total": o.total, "by_criterion": dict(o.by_criterion),
                        "footprint_group": o.footprint_group,
                        "lines": {k: {"points": s.points, "missing": s.missing,
                                      "note": s.note} for k, s in o.lines.items()}}
                       for o in self.offers],
            "footprint_groups": [asdict(g) for g in self.groups],
            "explanation": list(self.explanation),
            "method": list(self.method),
        }


def _validate(offers: Sequence[OfferData], lines: list[Line]) -> None:
    keys = set()
    for i, o in enumerate(offers):
        who = f"Offre n° {i + 1}" + (f" ({o.vendor})" if o.vendor else "")
        if o.key in keys:
            raise ScoringError(f"offers[{i}]", f"{who} : offre en double.")
        keys.add(o.key)
        if o.price is not None and (not math.isfinite(o.price) or o.price <= 0):
            raise ScoringError(f"offers[{i}].price", f"{who} : le prix doit être un montant "
                                                     "strictement positif.")
        for line in lines:
            note = o.notes.get(line.key)
            if note is not None and (not math.isfinite(note) or not 0 <= note <= NOTE_MAX):
                raise ScoringError(f"offers[{i}].notes.{line.key}",
                                   f"{who}, « {line.label} » : la note doit être comprise "
                                   f"entre 0 et {NOTE_MAX} (valeur reçue : {note:g}).")
        if o.footprint is not None:
            lo, mid, hi = o.footprint
            if not (0 <= lo <= mid <= hi) or not math.isfinite(hi):
                raise ScoringError(f"offers[{i}].footprint",
                                   f"{who} : fourchette d'empreinte incohérente.")


def overlap(a: tuple[float, float, float], b: tuple[float, float, float]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2]


def footprint_groups(offers: Sequence[OfferData]) -> list[FootprintGroup]:
    """Groups of offers whose ranges overlap (directly or through a chain), most sober
    first. Within the sweep by lower bound, a range that starts before the running upper
    bound of the group joins it."""
    with_range = sorted((o for o in offers if o.footprint is not None),
                        key=lambda o: (o.footprint[0], o.footprint[2], o.key))
    groups: list[list[OfferData]] = []
    high = -math.inf
    for o in with_range:
        if groups and o.footprint[0] <= high:
            groups[-1].append(o)
            high = max(high, o.footprint[2])
        else:
            groups.append([o])
            high = o.footprint[2]
    return [FootprintGroup(rank=i + 1, offers=[o.key for o in g],
                           value=sum(o.footprint[1] for o in g) / len(g),
                           low=min(o.footprint[0] for o in g),
                           high=max(o.footprint[2] for o in g))
            for i, g in enumerate(groups)]


def _ranks(totals: list[tuple[str, float]]) -> dict[str, int]:
    """Competition ranking on totals rounded to the hundredth (1, 1, 3)."""
    ordered = sorted(totals, key=lambda kv: -round(kv[1], 2))
    ranks: dict[str, int] = {}
    for position, (key, total) in enumerate(ordered, start=1):
        previous = ordered[position - 2] if position > 1 else None
        if previous is not None and round(previous[1], 2) == round(total, 2):
            ranks[key] = ranks[previous[0]]
        else:
            ranks[key] = position
    return ranks


def score_offers(grid: Grid, offers: Sequence[OfferData]) -> Scoring:
    lines = scoring_lines(grid)
    _validate(offers, lines)
    prices = [o.price for o in offers if o.price is not None]
    lowest = min(prices) if prices else None
    groups = footprint_groups(offers)
    footprint_lines = [line for line in lines if line.method == METHOD_FOOTPRINT]
    footprint_weight = footprint_lines[0].weight if footprint_lines else 0.0
    best_value = groups[0].value if groups else None
    group_of: dict[str, FootprintGroup] = {}
    for g in groups:
        if g.value == 0:
            g.points = footprint_weight
        else:
            g.points = footprint_weight * (best_value or 0.0) / g.value
        for key in g.offers:
            group_of[key] = g

    scores: list[OfferScore] = []
    for o in offers:
        line_scores: dict[str, LineScore] = {}
        for line in lines:
            if line.method == METHOD_PRICE:
                if o.price is None:
                    line_scores[line.key] = LineScore(0.0, missing=True)
                else:
                    line_scores[line.key] = LineScore(line.weight * lowest / o.price)
            elif line.method == METHOD_FOOTPRINT:
                g = group_of.get(o.key)
                line_scores[line.key] = (LineScore(0.0, missing=True) if g is None
                                         else LineScore(g.points))
            else:
                note = o.notes.get(line.key)
                line_scores[line.key] = (LineScore(0.0, missing=True) if note is None
                                         else LineScore(line.weight * note / NOTE_MAX,
                                                        note=note))
        by_criterion: dict[str, float] = {}
        for line in lines:
            by_criterion[line.criterion] = (by_criterion.get(line.criterion, 0.0)
                                            + line_scores[line.key].points)
        g = group_of.get(o.key)
        scores.append(OfferScore(offer=o, lines=line_scores,
                                 total=sum(s.points for s in line_scores.values()),
                                 by_criterion=by_criterion,
                                 footprint_group=g.rank if g else None))
    ranks = _ranks([(s.offer.key, s.total) for s in scores])
    for s in scores:
        s.rank = ranks[s.offer.key]
    scores.sort(key=lambda s: (s.rank, s.offer.vendor.casefold(), s.offer.key))
    result = Scoring(lines=lines, offers=scores, groups=groups,
                     footprint_weight=footprint_weight, explanation=[], method=[])
    result.method = _method(grid, lines)
    result.explanation = _explain(result)
    return result


def _method(grid: Grid, lines: list[Line]) -> list[str]:
    text = []
    for c in grid.criteria:
        how = c.assessment or c.method_label
        text.append(f"« {c.label} » ({fr_number(c.weight)} points) : {how}")
    if any(line.method == METHOD_FOOTPRINT for line in lines):
        text.append("Empreinte : fourchette annuelle d'émissions de gaz à effet de serre "
                    "(kg équivalent CO2), calculée par le moteur d'empreinte de RecensIA à partir "
                    "des données déclarées par chaque candidat. Deux fourchettes qui se "
                    "chevauchent ne permettent pas de dire quelle offre émet le moins : ces "
                    "offres sont regroupées et reçoivent la même note.")
    return text


def _offer_name(s: OfferScore) -> str:
    return f"« {s.offer.vendor or s.offer.key} »"


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} et {names[-1]}"


def _explain(result: Scoring) -> list[str]:
    offers = result.offers
    if not offers:
        return ["Aucune offre n'a encore été saisie."]
    lines = [f"{len(offers)} offre{'s' if len(offers) > 1 else ''} analysée"
             f"{'s' if len(offers) > 1 else ''}."]
    first = [s for s in offers if s.rank == 1]
    if len(first) > 1:
        names = _join([_offer_name(s) for s in first])
        top = fr_number(first[0].total, 2)
        lines.append(f"Les offres {names} sont à égalité en tête avec {top} points sur 100 : "
                     "la commission doit les départager selon une règle annoncée "
                     "dans le règlement de la consultation, ou négocier si la procédure "
                     "le permet.")
    else:
        lead = first[0]
        lines.append(f"L'offre {_offer_name(lead)} est classée première avec "
                     f"{fr_number(lead.total, 2)} points sur 100.")
        if len(offers) > 1:
            second = offers[1]
            gap = lead.total - second.total
            diffs = sorted(((c, lead.by_criterion[c] - second.by_criterion.get(c, 0.0))
                            for c in lead.by_criterion), key=lambda cd: -cd[1])
            plus = [f"« {c} » (+{fr_number(d, 2)} points)" for c, d in diffs if d > 0.005]
            minus = [f"« {c} » (−{fr_number(-d, 2)} points)" for c, d in diffs if d < -0.005]
            sentence = (f"Elle devance {_offer_name(second)} de {fr_number(gap, 2)} points")
            if plus:
                sentence += f" grâce à {', '.join(plus[:2])}"
            if minus:
                sentence += f", malgré {', '.join(minus[:2])}"
            lines.append(sentence + ".")
    for s in offers[len(first):]:
        lines.append(f"Rang {s.rank} : {_offer_name(s)}, {fr_number(s.total, 2)} points.")
    by_key = {s.offer.key: s for s in offers}
    for g in result.groups:
        names = _join([_offer_name(by_key[k]) for k in g.offers])
        span = f"{fr_sig(g.low)} à {fr_sig(g.high)} kg éq. CO2 par an"
        if g.is_tie:
            lines.append(f"Empreinte : les fourchettes des offres {names} se chevauchent "
                         f"({span}) ; les données déclarées ne permettent pas de dire "
                         "laquelle émet le moins, elles reçoivent la même note "
                         f"({fr_number(g.points, 2)} "
                         "points).")
        else:
            lines.append(f"Empreinte : offre {names}, {span}, groupe n° {g.rank} des plus sobres, "
                         f"{fr_number(g.points, 2)} points.")
    if result.groups and result.footprint_weight:
        without = _ranks([(s.offer.key, s.total - sum(
            sc.points for k, sc in s.lines.items()
            if any(line.key == k and line.method == METHOD_FOOTPRINT for line in result.lines)))
            for s in offers])
        leaders = [by_key[k] for k, r in without.items() if r == 1]
        if {s.offer.key for s in leaders} != {s.offer.key for s in first}:
            plural = len(leaders) > 1
            names = _join([_offer_name(s) for s in leaders])
            lines.append("Le critère d'empreinte change le classement : sans lui, l'offre"
                         f"{'s' if plural else ''} {names} serai{'en' if plural else ''}t en "
                         "tête.")
        else:
            lines.append("Le critère d'empreinte ne change pas l'offre classée en tête.")
    for s in offers:
        if s.missing:
            labels = [line.label for line in result.lines if line.key in s.missing]
            lines.append(f"Données manquantes pour {_offer_name(s)} (0 point) : "
                         f"{', '.join(labels)}.")
    return lines
