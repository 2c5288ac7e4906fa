"""Inputs of an assessment: usage profiles, training runs, declared gains.

Every class is a frozen dataclass; ``Inputs.to_dict()`` / ``Inputs.from_dict()`` give a
stable, JSON-serialisable form (a ``kind`` tag per profile and a schema number), so an
assessment can be stored and recomputed later. ``validate_inputs`` refuses absurd values
with a ``FootprintError`` naming the field and explaining the problem in French.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import Any

from . import constants as C
from . import ecologits_bridge as eco
from .errors import FootprintError, Path

INPUTS_SCHEMA = 1


@dataclass(frozen=True)
class ApiUsage:
    """Generative AI used through a provider's API (EcoLogits)."""

    provider: str
    model: str
    requests_per_month: float
    use_case: str | None = None
    output_tokens: int | None = None
    zone: str | None = None
    zone_documented: bool = False
    label: str = ""

    kind = "api"


@dataclass(frozen=True)
class BoughtService:
    """A service bought from a vendor (chatbot, callbot, writing assistant…), described with
    what a buyer knows: the kind of service, how much it is used (``volume`` per month in
    ``volume_unit``: requests, conversations, calls, agents or documents), and the provider
    and model when the vendor says them. Unknown provider or model: the range spans the
    typical models (``constants.TYPICAL_SERVICE_MODELS``)."""

    service: str
    volume: float
    volume_unit: str = "requests"
    provider: str | None = None
    model: str | None = None
    vendor: str = ""
    product: str = ""
    label: str = ""

    kind = "service"


@dataclass(frozen=True)
class SelfHosted:
    """A self-hosted model or classic ML on dedicated hardware (Green Algorithms).

    ``hours_per_month`` counts every hour the hardware is on, idle included;
    ``utilisation`` is the average load between idle (0) and full power (1);
    ``pue`` None means unknown (range 1.09–2.0, central 1.67). ``dedicated`` False means
    rented or shared hardware: manufacturing is then allocated by the hours used.
    """

    gpu_model: str | None
    gpu_count: int
    cpu_cores: int
    ram_gb: float
    hours_per_month: float
    utilisation: float
    pue: float | None
    country: str
    requests_per_month: float | None = None
    label: str = ""
    dedicated: bool = True

    kind = "self_hosted"


@dataclass(frozen=True)
class TrainingRun:
    """A training (or fine-tuning) run, given in hours of hardware or as the text of a
    CodeCarbon ``emissions.csv`` file. Counted whole in the yearly figures."""

    hours: float | None = None
    gpu_model: str | None = None
    gpu_count: int = 0
    cpu_cores: int = 0
    ram_gb: float = 0
    country: str = "FRA"
    codecarbon_csv: str | None = None
    label: str = ""

    kind = "training"


@dataclass(frozen=True)
class EdgeDevices:
    """Devices at the edge (AI cameras, sensors, embedded boxes, gateways).

    ``power_w`` and ``lifetime_years`` None take the device class's default range;
    ``embodied_kgco2e`` (manufacturing of one device, e.g. from the maker's PEP sheet)
    replaces the class's order of magnitude when given."""

    device_class: str
    count: int
    power_w: float | None
    duty_cycle: float
    lifetime_years: float | None
    country: str = "FRA"
    label: str = ""
    embodied_kgco2e: float | None = None

    kind = "edge"


@dataclass(frozen=True)
class Gains:
    """Gains declared by the project, per year."""

    water_m3: float = 0
    energy_kwh: float = 0
    car_km: float = 0
    food_waste_kg: float = 0

    def is_empty(self) -> bool:
        return not (self.water_m3 or self.energy_kwh or self.car_km or self.food_waste_kg)


Profile = BoughtService | ApiUsage | SelfHosted | EdgeDevices

_PROFILE_CLASSES = {"service": BoughtService, "api": ApiUsage, "self_hosted": SelfHosted,
                    "edge": EdgeDevices}


@dataclass(frozen=True)
class Inputs:
    profiles: list[Profile]
    trainings: list[TrainingRun] = field(default_factory=list)
    gains: Gains | None = None
    inhabitants: int | None = None

    # ----- serialisation ---------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": INPUTS_SCHEMA,
            "profiles": [_obj_to_dict(p) for p in self.profiles],
            "trainings": [_obj_to_dict(t) for t in self.trainings],
            "gains": _obj_to_dict(self.gains) if self.gains is not None else None,
            "inhabitants": self.inhabitants,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Inputs:
        if not isinstance(data, dict):
            raise FootprintError("inputs", "Les données enregistrées ne sont pas lisibles.")
        schema = data.get("schema", INPUTS_SCHEMA)
        if schema != INPUTS_SCHEMA:
            raise FootprintError("schema", f"Version de format inconnue : {schema!r}.")
        profiles = []
        for i, p in enumerate(data.get("profiles") or []):
            kind = p.get("kind") if isinstance(p, dict) else None
            klass = _PROFILE_CLASSES.get(kind)
            if klass is None:
                raise FootprintError(("profiles", i, "kind"), f"Type de profil inconnu : {kind!r}.")
            profiles.append(_obj_from_dict(klass, p, ("profiles", i)))
        trainings = [
            _obj_from_dict(TrainingRun, t, ("trainings", i))
            for i, t in enumerate(data.get("trainings") or [])
        ]
        gains_d = data.get("gains")
        gains = _obj_from_dict(Gains, gains_d, ("gains",)) if gains_d is not None else None
        return cls(profiles=profiles, trainings=trainings, gains=gains,
                   inhabitants=data.get("inhabitants"))


def _obj_to_dict(obj) -> dict[str, Any]:
    d: dict[str, Any] = {}
    kind = getattr(type(obj), "kind", None)
    if kind:
        d["kind"] = kind
    for f in fields(obj):
        d[f.name] = getattr(obj, f.name)
    return d


def _obj_from_dict(klass, data: dict[str, Any], path: Path):
    if not isinstance(data, dict):
        raise FootprintError(path, "Les données enregistrées ne sont pas lisibles.")
    names = {f.name for f in fields(klass)}
    unknown = set(data) - names - {"kind"}
    if unknown:
        raise FootprintError((*path, sorted(unknown)[0]),
                             f"Champ inconnu dans les données enregistrées : {sorted(unknown)[0]}.")
    kwargs = {k: v for k, v in data.items() if k in names}
    try:
        return klass(**kwargs)
    except TypeError as exc:
        raise FootprintError(path, "Il manque une information obligatoire dans les données "
                                   "enregistrées.") from exc


# --------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------
FIELD_LABELS = {
    "requests_per_month": "le nombre de requêtes par mois",
    "volume": "l'utilisation par mois",
    "output_tokens": "le nombre de jetons générés par requête",
    "gpu_count": "le nombre de GPU",
    "cpu_cores": "le nombre de cœurs de processeur",
    "ram_gb": "la mémoire vive (Go)",
    "hours_per_month": "le nombre d'heures de fonctionnement par mois",
    "utilisation": "le taux d'utilisation",
    "pue": "le PUE du centre de données",
    "hours": "la durée de l'entraînement (heures)",
    "count": "le nombre d'appareils",
    "power_w": "la puissance d'un appareil (W)",
    "duty_cycle": "la part du temps en fonctionnement",
    "lifetime_years": "la durée de vie (années)",
    "embodied_kgco2e": "l'empreinte de fabrication d'un appareil (kgCO2e)",
    "water_m3": "l'eau économisée (m³)",
    "energy_kwh": "l'énergie économisée (kWh)",
    "car_km": "les kilomètres évités en voiture",
    "food_waste_kg": "le gaspillage alimentaire évité (kg)",
    "inhabitants": "le nombre d'habitants",
}


def _fmt(x: Any) -> str:
    if isinstance(x, float):
        if math.isnan(x):
            return "NaN (valeur non numérique)"
        if math.isinf(x):
            return "infini"
        return f"{x:g}".replace(".", ",")
    return repr(x) if isinstance(x, str) else str(x)


def _number(value: Any, where: Path, name: str, *, lo: float = 0.0, hi: float,
            integer: bool = False, strictly_positive: bool = False) -> float:
    """Checks the input ``name`` of the object at ``where``."""
    path, label = (*where, name), FIELD_LABELS.get(name, name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FootprintError(path, f"{label.capitalize()} doit être un nombre "
                                   f"(valeur reçue : {_fmt(value)}).")
    if isinstance(value, float) and not math.isfinite(value):
        raise FootprintError(path, f"{label.capitalize()} doit être un nombre fini "
                                   f"(valeur reçue : {_fmt(value)}).")
    if integer and not float(value).is_integer():
        raise FootprintError(path, f"{label.capitalize()} doit être un nombre entier "
                                   f"(valeur reçue : {_fmt(value)}).")
    if value < lo or (strictly_positive and value <= 0):
        what = "strictement positif" if strictly_positive else (
            "positif ou nul" if lo == 0 else f"au moins égal à {_fmt(lo)}")
        raise FootprintError(path, f"{label.capitalize()} doit être {what} "
                                   f"(valeur reçue : {_fmt(value)}).")
    if value > hi:
        raise FootprintError(path, f"{label.capitalize()} est invraisemblable "
                                   f"(valeur reçue : {_fmt(value)} ; au plus {_fmt(float(hi))}). "
                                   "Vérifiez l'unité ou une faute de frappe.")
    return float(value)


def _fraction(value: Any, where: Path, name: str) -> float:
    path, label = (*where, name), FIELD_LABELS.get(name, name)
    if isinstance(value, bool) or not isinstance(value, int | float) or (
            isinstance(value, float) and not math.isfinite(value)):
        raise FootprintError(path, f"{label.capitalize()} doit être un nombre entre 0 et 1 "
                                   f"(valeur reçue : {_fmt(value)}).")
    if value < 0 or value > 1:
        hint = f" ; pour {_fmt(value)} %, saisissez {_fmt(value / 100)}" if 1 < value <= 100 else ""
        raise FootprintError(path, f"{label.capitalize()} doit être entre 0 et 1, soit entre "
                                   f"0 et 100 % (valeur reçue : {_fmt(value)}{hint}).")
    return float(value)


def _text(value: Any, path: Path, what: str, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise FootprintError(path, f"Indiquez {what}.")
    return value


def _country(value: Any, path: Path) -> str:
    if not isinstance(value, str) or value.upper() not in C.COUNTRIES:
        known = ", ".join(f"{c} ({d['name']})" for c, d in C.COUNTRIES.items())
        raise FootprintError(path, f"Pays inconnu : {_fmt(value)}. Pays disponibles : {known}.")
    return value.upper()


def _gpu_model(value: Any, path: Path) -> None:
    if value is None:
        return
    if not isinstance(value, str) or value not in C.GPU_MODELS:
        import difflib

        close = difflib.get_close_matches(str(value), list(C.GPU_MODELS), n=3, cutoff=0.3)
        hint = f" Modèles proches : {', '.join(close)}." if close else ""
        known = ", ".join(f"{k} ({g.label})" for k, g in C.GPU_MODELS.items())
        raise FootprintError(path, f"Modèle de GPU inconnu : {_fmt(value)}.{hint} "
                                   f"Modèles disponibles : {known}.")


def validate_api(p: ApiUsage, path: Path) -> None:
    provider = p.provider
    if not isinstance(provider, str) or provider not in eco.list_providers():
        import difflib

        close = difflib.get_close_matches(str(provider), eco.list_providers(), n=3, cutoff=0.4)
        hint = f" Fournisseurs proches : {', '.join(close)}." if close else ""
        raise FootprintError((*path, "provider"),
                             f"Fournisseur inconnu : {_fmt(provider)}.{hint} Fournisseurs "
                             f"disponibles : {', '.join(eco.list_providers())}.")
    if not isinstance(p.model, str) or not eco.has_model(provider, p.model):
        close = eco.close_model_names(str(p.model), provider)
        msg = f"Modèle « {p.model} » inconnu chez {eco.provider_label(provider)} dans EcoLogits."
        if close:
            msg += f" Modèles proches : {', '.join(close)}."
        elsewhere = [eco.provider_label(x) for x in eco.providers_having(str(p.model))]
        if elsewhere:
            msg += f" Ce modèle existe chez : {', '.join(elsewhere)}."
        if not close and not elsewhere:
            msg += (f" Choisissez-le dans la liste proposée par le champ « Modèle » (tapez une "
                    f"partie du nom : {len(eco.list_models(provider))} modèles de ce fournisseur), "
                    "ou décrivez plutôt un service acheté : le modèle n'y est pas nécessaire.")
        raise FootprintError((*path, "model"), msg)
    _number(p.requests_per_month, path, "requests_per_month",
            hi=C.MAX_REQUESTS_PER_MONTH)
    if p.use_case is not None and p.use_case not in C.USE_CASES:
        raise FootprintError((*path, "use_case"),
                             f"Cas d'usage inconnu : {_fmt(p.use_case)}. Cas d'usage "
                             f"disponibles : {', '.join('« ' + k + ' »' for k in C.USE_CASES)}.")
    if p.output_tokens is not None:
        _number(p.output_tokens, path, "output_tokens",
                hi=C.MAX_OUTPUT_TOKENS, integer=True, strictly_positive=True)
    if p.zone is not None and (not isinstance(p.zone, str) or not eco.has_zone(p.zone.upper())):
        import difflib

        close = difflib.get_close_matches(str(p.zone).upper(), eco.list_zones(), n=5, cutoff=0.5)
        hint = f" Zones proches : {', '.join(close)}." if close else ""
        raise FootprintError((*path, "zone"),
                             f"Zone d'hébergement inconnue : {_fmt(p.zone)}. Utilisez un code "
                             f"pays ISO à trois lettres (FRA, DEU, SWE, USA…) ou WOR pour la "
                             f"moyenne mondiale.{hint}")
    if not isinstance(p.zone_documented, bool):
        raise FootprintError((*path, "zone_documented"),
                             "« Zone documentée » doit valoir oui ou non.")


def validate_service(p: BoughtService, path: Path) -> None:
    if p.service not in C.SERVICE_KINDS:
        known = ", ".join(f"« {s.label} »" for s in C.SERVICE_KINDS.values())
        raise FootprintError((*path, "service"), f"Type de service inconnu : {_fmt(p.service)}. "
                                                 f"Types disponibles : {known}.")
    if p.volume_unit not in C.VOLUME_UNITS:
        raise FootprintError((*path, "volume_unit"),
                             f"Unité inconnue : {_fmt(p.volume_unit)}.")
    _number(p.volume, path, "volume", hi=C.MAX_SERVICE_VOLUME)
    if p.provider is not None and p.provider not in eco.list_providers():
        raise FootprintError((*path, "provider"),
                             f"Fournisseur inconnu : {_fmt(p.provider)}. Laissez « Je ne sais "
                             "pas » : le calcul prend alors les modèles types.")
    for name in ("model", "vendor", "product", "label"):
        value = getattr(p, name)
        if value is not None and not isinstance(value, str):
            raise FootprintError((*path, name), "Ce champ doit être un texte.")


def validate_self_hosted(p: SelfHosted, path: Path) -> None:
    _gpu_model(p.gpu_model, (*path, "gpu_model"))
    gpus = _number(p.gpu_count, path, "gpu_count", hi=C.MAX_GPU_COUNT, integer=True)
    cores = _number(p.cpu_cores, path, "cpu_cores", hi=C.MAX_CPU_CORES, integer=True)
    ram = _number(p.ram_gb, path, "ram_gb", hi=C.MAX_RAM_GB)
    _number(p.hours_per_month, path, "hours_per_month",
            hi=C.MAX_HOURS_PER_MONTH)
    _fraction(p.utilisation, path, "utilisation")
    if p.pue is not None:
        if (isinstance(p.pue, bool) or not isinstance(p.pue, int | float)
                or not math.isfinite(p.pue)):
            raise FootprintError((*path, "pue"), f"Le PUE doit être un nombre (valeur reçue : "
                                                f"{_fmt(p.pue)}).")
        if p.pue < 1:
            raise FootprintError((*path, "pue"), "Le PUE ne peut pas être inférieur à 1 : c'est le "
                                                "rapport entre l'énergie totale du centre de "
                                                "données et celle des serveurs (valeur reçue : "
                                                f"{_fmt(p.pue)}).")
        if p.pue > C.MAX_PUE:
            raise FootprintError((*path, "pue"), f"Le PUE est invraisemblable (valeur reçue : "
                                                f"{_fmt(p.pue)} ; au plus {_fmt(C.MAX_PUE)}).")
    _country(p.country, (*path, "country"))
    if p.requests_per_month is not None:
        _number(p.requests_per_month, path, "requests_per_month",
                hi=C.MAX_REQUESTS_PER_MONTH)
    if gpus == 0 and cores == 0 and ram == 0:
        raise FootprintError((*path, "gpu_count"), "Décrivez le matériel : au moins un GPU, un "
                                                  "cœur de processeur ou de la mémoire vive.")
    if gpus == 0 and p.gpu_model is not None:
        raise FootprintError((*path, "gpu_count"), "Un modèle de GPU est indiqué mais le nombre "
                                                  "de GPU vaut 0.")
    if not isinstance(p.dedicated, bool):
        raise FootprintError((*path, "dedicated"), "« Matériel dédié » doit valoir oui ou non.")


def validate_training(t: TrainingRun, path: Path) -> None:
    _gpu_model(t.gpu_model, (*path, "gpu_model"))
    gpus = _number(t.gpu_count, path, "gpu_count", hi=C.MAX_GPU_COUNT, integer=True)
    cores = _number(t.cpu_cores, path, "cpu_cores", hi=C.MAX_CPU_CORES, integer=True)
    ram = _number(t.ram_gb, path, "ram_gb", hi=C.MAX_RAM_GB)
    _country(t.country, (*path, "country"))
    if t.codecarbon_csv is not None:
        if not isinstance(t.codecarbon_csv, str):
            raise FootprintError((*path, "codecarbon_csv"),
                                 "Le fichier CodeCarbon doit être fourni sous forme de texte.")
        from .codecarbon import parse_codecarbon_csv

        parse_codecarbon_csv(t.codecarbon_csv, path=(*path, "codecarbon_csv"))
        if t.hours is not None:
            _number(t.hours, path, "hours", hi=C.MAX_TRAINING_HOURS)
        return
    if t.hours is None:
        raise FootprintError((*path, "hours"), "Indiquez la durée de l'entraînement en heures, "
                                              "ou joignez le fichier emissions.csv de CodeCarbon.")
    _number(t.hours, path, "hours", hi=C.MAX_TRAINING_HOURS)
    if gpus == 0 and cores == 0 and ram == 0:
        raise FootprintError((*path, "gpu_count"), "Décrivez le matériel de l'entraînement : au "
                                                  "moins un GPU ou un cœur de processeur.")


def validate_edge(p: EdgeDevices, path: Path) -> None:
    if p.device_class not in C.DEVICE_CLASSES:
        known = ", ".join(f"{k} ({d.label})" for k, d in C.DEVICE_CLASSES.items())
        raise FootprintError((*path, "device_class"),
                             f"Type d'appareil inconnu : {_fmt(p.device_class)}. Types "
                             f"disponibles : {known}.")
    _number(p.count, path, "count", hi=C.MAX_DEVICES, integer=True)
    if p.power_w is not None:
        _number(p.power_w, path, "power_w", hi=C.MAX_DEVICE_POWER_W)
    _fraction(p.duty_cycle, path, "duty_cycle")
    if p.lifetime_years is not None:
        _number(p.lifetime_years, path, "lifetime_years",
                hi=C.MAX_LIFETIME_YEARS, strictly_positive=True)
    if p.embodied_kgco2e is not None:
        _number(p.embodied_kgco2e, path, "embodied_kgco2e", hi=100_000)
    _country(p.country, (*path, "country"))


def validate_gains(g: Gains) -> None:
    for name in ("water_m3", "energy_kwh", "car_km", "food_waste_kg"):
        _number(getattr(g, name), ("gains",), name, hi=C.MAX_GAIN[name])


def validate_inputs(inputs: Inputs) -> None:
    if not isinstance(inputs, Inputs):
        raise FootprintError("inputs", "Données d'entrée invalides.")
    if not isinstance(inputs.profiles, list | tuple):
        raise FootprintError("profiles", "La liste des usages est invalide.")
    if not inputs.profiles and not inputs.trainings:
        raise FootprintError("profiles", "Décrivez au moins un usage (API d'IA générative, "
                                         "serveur, appareils) ou un entraînement.")
    for i, p in enumerate(inputs.profiles):
        path = ("profiles", i)
        if isinstance(p, BoughtService):
            validate_service(p, path)
        elif isinstance(p, ApiUsage):
            validate_api(p, path)
        elif isinstance(p, SelfHosted):
            validate_self_hosted(p, path)
        elif isinstance(p, EdgeDevices):
            validate_edge(p, path)
        else:
            raise FootprintError(path, "Type d'usage inconnu.")
    for i, t in enumerate(inputs.trainings):
        if not isinstance(t, TrainingRun):
            raise FootprintError(("trainings", i), "Entraînement invalide.")
        validate_training(t, ("trainings", i))
    if inputs.gains is not None:
        if not isinstance(inputs.gains, Gains):
            raise FootprintError("gains", "Gains invalides.")
        validate_gains(inputs.gains)
    if inputs.inhabitants is not None:
        _number(inputs.inhabitants, (), "inhabitants", hi=C.MAX_INHABITANTS,
                integer=True, strictly_positive=True)
