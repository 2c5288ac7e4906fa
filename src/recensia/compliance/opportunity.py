"""Opportunity assessment: does this project really need AI?

The verdict is one of exactly three plain-French sentences (:data:`VERDICTS`), with its
reasons; each reason names the answer that caused it. Thresholds are indicative and
live in ``rules.toml`` ([opportunity]) so that the team can adjust them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from recensia.figures import CONSTANT_DIGITS, format_number, format_quantity

from .rules import RuleSet, load_rules

__all__ = ["OpportunityAnswers", "Opportunity", "Reason", "assess_opportunity", "VERDICTS"]

VERDICTS = {
    "relevant": "l'IA semble pertinente",
    "reconsider": "à reconsidérer",
    "no_ai": "une solution sans IA suffit probablement",
}

CHOICE_VALUES = {
    "non_ai_sufficient": ("yes", "partly", "no"),
    "data_available": ("yes", "partial", "no"),
    "expertise": ("in_house", "pooled", "lacking"),
    "reversibility": ("easy", "possible", "hard"),
    "vendor_dependence": ("low", "medium", "high"),
}
#: Values renamed since answers were first stored (« none » read as « je ne sais pas »
#: elsewhere): old answers keep their meaning.
_LEGACY_VALUES = {"expertise": {"none": "lacking"}}


def _euros(value: float) -> str:
    """An amount with at most 3 significant digits (the platform's rounding policy)."""
    return f"{format_number(value, CONSTANT_DIGITS)} €"


def _decimal(value: float) -> str:
    return format_number(value, 2)


def _num(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@dataclass
class OpportunityAnswers:
    """Inputs of the opportunity assessment (every field may be left unknown).

    - ``need``: the real need, in the service's words;
    - ``alternatives_considered``: solutions without AI that were looked at;
    - ``non_ai_sufficient``: would one of them meet the need? yes / partly / no;
    - ``data_available``: yes / partial / no;
    - ``expertise``: in_house / pooled (with a lead collectivité or a public operator) /
      lacking;
    - costs in euros: ``investment_eur`` + ``yearly_cost_eur`` × ``years``, compared with
      ``budget_eur`` or the ``population``;
    - ``footprint_kgco2e_per_year``: a (low, high) range computed by the caller, or None;
    - ``reversibility``: easy / possible / hard; ``vendor_dependence``: low / medium / high.
    """

    need: str = ""
    alternatives_considered: list[str] = field(default_factory=list)
    non_ai_sufficient: str | None = None
    data_available: str | None = None
    expertise: str | None = None
    investment_eur: float | None = None
    yearly_cost_eur: float | None = None
    years: int | None = None
    budget_eur: float | None = None
    population: int | None = None
    footprint_kgco2e_per_year: tuple[float, float] | None = None
    reversibility: str | None = None
    vendor_dependence: str | None = None

    def __post_init__(self) -> None:
        self.need = (self.need or "").strip()
        alts = self.alternatives_considered or []
        if isinstance(alts, str):
            alts = list(alts.splitlines())
        self.alternatives_considered = [a.strip() for a in alts if a and a.strip()]
        for name, allowed in CHOICE_VALUES.items():
            value = getattr(self, name)
            value = _LEGACY_VALUES.get(name, {}).get(value, value)
            setattr(self, name, value)
            if value is not None and value not in allowed:
                setattr(self, name, None)
        for name in ("investment_eur", "yearly_cost_eur", "budget_eur"):
            setattr(self, name, _num(getattr(self, name)))
        for name in ("years", "population"):
            value = _num(getattr(self, name))
            setattr(self, name, int(value) if value is not None else None)
        fp = self.footprint_kgco2e_per_year
        if fp is not None:
            if isinstance(fp, int | float):
                fp = (fp, fp)
            low, high = (_num(fp[0]), _num(fp[1])) if len(fp) == 2 else (None, None)
            self.footprint_kgco2e_per_year = (
                (min(low, high), max(low, high)) if low is not None and high is not None else None
            )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OpportunityAnswers:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        fp = data["footprint_kgco2e_per_year"]
        data["footprint_kgco2e_per_year"] = list(fp) if fp else None
        return data


@dataclass(frozen=True)
class Reason:
    """Why the verdict is what it is; ``answer`` is the field that caused it."""

    answer: str
    value: Any
    effect: str  # "positive" | "info" | "warning" | "blocking" | "no_ai"
    text: str

    def to_dict(self) -> dict[str, Any]:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {"answer": self.answer, "value": value, "effect": self.effect, "text": self.text}


@dataclass
class Opportunity:
    verdict: str
    verdict_code: str
    reasons: list[Reason]
    total_cost_eur: float | None
    cost_per_inhabitant_year_eur: float | None
    budget_share: float | None
    footprint_text: str
    advice: list[str]
    versions: dict[str, str]

    @property
    def warnings(self) -> list[Reason]:
        return [r for r in self.reasons if r.effect in ("warning", "blocking")]

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "verdict_code": self.verdict_code,
            "reasons": [r.to_dict() for r in self.reasons],
            "total_cost_eur": self.total_cost_eur,
            "cost_per_inhabitant_year_eur": self.cost_per_inhabitant_year_eur,
            "budget_share": self.budget_share,
            "footprint_text": self.footprint_text,
            "advice": list(self.advice),
            "versions": dict(self.versions),
        }


# Answers whose value alone gives the reason: value → (effect, text). ``None``: the answer
# is missing or unknown (no reason at all when ``None`` is absent).
_REASON_BY_VALUE: dict[str, dict[str | None, tuple[str, str]]] = {
    "data_available": {
        "yes": ("positive", "Les données nécessaires sont disponibles."),
        "partial": ("warning", "Les données ne sont disponibles qu'en partie : prévoir le temps "
                    "et le coût de leur collecte, de leur nettoyage et de leur documentation."),
        "no": ("blocking", "Les données nécessaires ne sont pas disponibles : sans données "
               "fiables, un système d'IA ne peut pas donner de résultats fiables."),
        None: ("warning", "On ne sait pas si les données nécessaires existent : à vérifier "
               "avant d'aller plus loin."),
    },
    "expertise": {
        "in_house": ("positive", "La collectivité dispose de l'expertise en interne."),
        "pooled": ("positive", "L'expertise est mutualisée avec une collectivité cheffe de file "
                   "ou un opérateur public : c'est la démarche que recommande le Sénat."),
        "lacking": ("warning", "Aucune expertise disponible : le projet dépendrait entièrement du "
                 "prestataire."),
        None: ("info", "Expertise disponible non précisée."),
    },
    "reversibility": {
        "hard": ("warning", "Revenir en arrière serait difficile (données ou processus enfermés "
                 "dans l'outil)."),
        "easy": ("positive", "Le projet reste réversible."),
        "possible": ("positive", "Le retour en arrière est possible moyennant un effort."),
    },
    "vendor_dependence": {
        "high": ("warning", "Forte dépendance à un fournisseur : prévoir la réversibilité et des "
                 "formats ouverts dans le contrat."),
        "low": ("positive", "Faible dépendance à un fournisseur."),
    },
}


def assess_opportunity(answers: OpportunityAnswers | Mapping[str, Any], *,
                       ruleset: RuleSet | None = None) -> Opportunity:
    """Plain-French verdict on whether AI is the right tool, with its reasons."""
    rs = ruleset or load_rules()
    cfg = rs.opportunity
    a = answers if isinstance(answers, OpportunityAnswers) else OpportunityAnswers.from_dict(
        answers)
    reasons: list[Reason] = []
    advice: list[str] = []

    def add(answer: str, value: Any, effect: str, text: str) -> None:
        reasons.append(Reason(answer, value, effect, text))

    def add_by_value(answer: str) -> None:
        table = _REASON_BY_VALUE[answer]
        value = getattr(a, answer)
        if not isinstance(value, str) or value not in table:
            value = None  # not answered, or « je ne sais pas »
        if value in table:
            add(answer, value, *table[value])

    # 1. The need and the alternatives
    if len(a.need) < int(cfg.get("need_min_length", 20)):
        add("need", a.need, "blocking",
            "Le besoin réel n'est pas décrit (ou très brièvement) : sans besoin clair, "
            "impossible de juger si l'IA est utile.")
    else:
        add("need", a.need, "positive", "Le besoin réel est décrit.")

    if a.non_ai_sufficient == "yes":
        add("non_ai_sufficient", "yes", "no_ai",
            "Vous indiquez qu'une solution sans IA répondrait au besoin : elle sera en général "
            "moins coûteuse, plus sobre et plus simple à expliquer.")
    elif a.non_ai_sufficient == "partly":
        add("non_ai_sufficient", "partly", "warning",
            "Une solution sans IA répondrait en partie au besoin : comparer précisément ce que "
            "l'IA apporterait en plus.")
    elif a.non_ai_sufficient == "no":
        if a.alternatives_considered:
            add("non_ai_sufficient", "no", "positive",
                "Des solutions sans IA ont été étudiées et ne suffisent pas.")
        else:
            add("alternatives_considered", [], "warning",
                "Vous estimez qu'aucune solution sans IA ne suffit, mais aucune n'est citée : "
                "indiquez lesquelles ont été étudiées.")
    elif not a.alternatives_considered:
        add("alternatives_considered", [], "warning",
            "Aucune solution sans IA n'a été étudiée (règles simples, tableau de bord, "
            "formulaire, réorganisation du service).")
    else:
        add("non_ai_sufficient", None, "info",
            "Des solutions sans IA ont été citées : précisez si l'une d'elles suffirait.")

    # 2. Data
    add_by_value("data_available")

    # 3. Expertise
    add_by_value("expertise")
    if a.expertise == "lacking":
        advice.append("Rejoindre un projet porté par une collectivité cheffe de file (sur "
                      "RecensIA) ou s'appuyer sur l'intercommunalité, le département ou un "
                      "opérateur public de services numériques.")

    # 4. Cost
    total = None
    per_inhabitant = None
    share = None
    if a.investment_eur is not None or a.yearly_cost_eur is not None:
        years = a.years if a.years and a.years > 0 else None
        if a.yearly_cost_eur and years is None:
            add("years", a.years, "warning",
                "Durée d'utilisation non précisée : le coût total ne peut pas être calculé.")
        else:
            total = (a.investment_eur or 0.0) + (a.yearly_cost_eur or 0.0) * (years or 0)
            detail = (f"Coût total de possession : {_euros(total)} "
                      f"({_euros(a.investment_eur or 0)} d'investissement"
                      + (f" + {_euros(a.yearly_cost_eur or 0)} par an pendant {years} an(s)"
                         if years else "") + ").")
            shown = bool(a.budget_eur)
            if a.budget_eur:
                share = total / a.budget_eur
                ratio = float(cfg.get("budget_warning_ratio", 0.8))
                if share > 1:
                    add("budget_eur", a.budget_eur, "blocking",
                        f"{detail} Il dépasse le budget prévu ({_euros(a.budget_eur)}).")
                elif share > ratio:
                    add("budget_eur", a.budget_eur, "warning",
                        f"{detail} Il consomme {round(share * 100)} % du budget prévu : peu de "
                        "marge pour les imprévus.")
                else:
                    add("budget_eur", a.budget_eur, "positive",
                        f"{detail} Il tient dans le budget prévu ({round(share * 100)} %).")
            if a.population and years:
                per_inhabitant = total / a.population / years
                limit = float(cfg.get("cost_per_inhabitant_year_warning", 2.0))
                text = f"Soit environ {_decimal(per_inhabitant)} € par habitant et par an."
                if not shown:
                    text, shown = f"{detail} {text}", True
                if per_inhabitant > limit:
                    add("population", a.population, "warning",
                        f"{text} C'est élevé au regard du repère indicatif de "
                        f"{_decimal(limit)} € par habitant et par an.")
                else:
                    add("population", a.population, "info", text)
            if not shown:
                add("budget_eur", None, "info",
                    f"{detail} Indiquez le budget ou la population pour le situer.")
    else:
        add("yearly_cost_eur", None, "warning",
            "Le coût total (investissement et fonctionnement annuel) n'est pas estimé.")

    # 5. Environmental footprint
    fp = a.footprint_kgco2e_per_year
    if fp is None:
        footprint_text = "Empreinte carbone non estimée."
        add("footprint_kgco2e_per_year", None, "info",
            "L'empreinte carbone n'est pas estimée : elle fait partie des critères à peser "
            "(et des critères d'achat public).")
    else:
        low, high = fp
        footprint_text = (f"Empreinte estimée entre {format_quantity(low, 'gwp')} et "
                          f"{format_quantity(high, 'gwp')} par an.")
        limit = float(cfg.get("footprint_warning_kgco2e_year", 1000.0))
        if high > limit:
            add("footprint_kgco2e_per_year", fp, "warning",
                f"{footprint_text} C'est notable : comparer avec la solution sans IA et "
                "privilégier un modèle plus sobre.")
        else:
            add("footprint_kgco2e_per_year", fp, "info", footprint_text)

    # 6. Reversibility and dependence
    add_by_value("reversibility")
    add_by_value("vendor_dependence")

    # Verdict
    if any(r.effect == "no_ai" for r in reasons):
        code = "no_ai"
    elif any(r.effect == "blocking" for r in reasons) or (
            sum(r.effect == "warning" for r in reasons)
            >= int(cfg.get("warnings_to_reconsider", 2))):
        code = "reconsider"
    else:
        code = "relevant"
    if code == "reconsider":
        advice.append("Traiter d'abord les points signalés, puis refaire l'évaluation.")
    if code == "no_ai":
        advice.append("Mettre en place la solution sans IA ; l'IA pourra être réétudiée si le "
                      "besoin évolue.")
    return Opportunity(
        verdict=VERDICTS[code], verdict_code=code, reasons=reasons, total_cost_eur=total,
        cost_per_inhabitant_year_eur=per_inhabitant, budget_share=share,
        footprint_text=footprint_text, advice=advice,
        versions={"rules_version": rs.version},
    )
