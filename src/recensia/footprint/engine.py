"""The assessment: from ``Inputs`` to a ``Result`` (per year, per unit of service).

Pure Python (no Django). Phases: usage (electricity) and embodied (manufacturing
allocated over the hardware's life). Every figure is a ``Range``; the result names the
dominant term, its method, its sources and the versions of its data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from recensia import figures as display

from . import constants as C
from . import ecologits_bridge as eco
from .codecarbon import parse_codecarbon_csv
from .inputs import (
    INPUTS_SCHEMA,
    ApiUsage,
    BoughtService,
    EdgeDevices,
    Inputs,
    SelfHosted,
    TrainingRun,
    validate_inputs,
)
from .ranges import IMPACT_FIELDS, Impacts, Range

ENGINE_VERSION = "1.1.0"
RESULT_SCHEMA = 1

UNIT_REQUEST = "requête"
UNIT_DOCUMENT = "document"
UNIT_INHABITANT = "habitant"
UNIT_DEVICE = "appareil"

PHASE_USAGE = "usage"
PHASE_EMBODIED = "fabrication"


def data_versions() -> dict[str, Any]:
    """Versions of the engine and of its data, stored in every result."""
    return {
        "engine": ENGINE_VERSION,
        "ecologits": eco.ECOLOGITS_VERSION,
        "constants": C.CONSTANTS_VERSION,
        "constants_date": C.CONSTANTS_DATE,
        "inputs_schema": INPUTS_SCHEMA,
        "result_schema": RESULT_SCHEMA,
    }


# --------------------------------------------------------------------------------------
# Result types
# --------------------------------------------------------------------------------------
class Term(NamedTuple):
    """One term of the footprint (a profile × a phase), for naming the dominant one."""

    label: str
    phase: str
    gwp_kgco2e: Range
    share: float  # of the total GWP, central values


class ProfileTotal(NamedTuple):
    label: str
    total: Impacts


class EquivalenceValue(NamedTuple):
    label: str
    value: Range
    source: dict[str, str]


@dataclass
class Balance:
    """Declared gains set against the footprint (kgCO2e per year)."""

    gains: Range
    net: Range  # footprint − gains: > 0 means the project still emits
    water_saved_l: Range
    water_net_l: Range
    details: list[dict[str, Any]]
    verdict: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "gains": self.gains.to_dict(),
            "net": self.net.to_dict(),
            "water_saved_l": self.water_saved_l.to_dict(),
            "water_net_l": self.water_net_l.to_dict(),
            "details": [
                {**d, "factor": d["factor"].to_dict(), "kgco2e": d["kgco2e"].to_dict()}
                for d in self.details
            ],
            "verdict": self.verdict,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Balance:
        return cls(
            gains=Range.from_dict(data["gains"]),
            net=Range.from_dict(data["net"]),
            water_saved_l=Range.from_dict(data["water_saved_l"]),
            water_net_l=Range.from_dict(data["water_net_l"]),
            details=[
                {**d, "factor": Range.from_dict(d["factor"]),
                 "kgco2e": Range.from_dict(d["kgco2e"])}
                for d in data["details"]
            ],
            verdict=data["verdict"],
        )


@dataclass
class Result:
    inputs: Inputs
    usage: Impacts
    embodied: Impacts
    total: Impacts
    per_unit: dict[str, Impacts]
    units_per_year: dict[str, float]
    dominant: str
    dominant_share: float
    terms: list[Term]
    by_profile: list[ProfileTotal]
    equivalences: list[EquivalenceValue]
    balance: Balance | None
    method: list[str]
    sources: list[dict[str, str]]
    versions: dict[str, Any]
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": RESULT_SCHEMA,
            "inputs": self.inputs.to_dict(),
            "usage": self.usage.to_dict(),
            "embodied": self.embodied.to_dict(),
            "total": self.total.to_dict(),
            "per_unit": {k: v.to_dict() for k, v in self.per_unit.items()},
            "units_per_year": dict(self.units_per_year),
            "dominant": self.dominant,
            "dominant_share": self.dominant_share,
            "terms": [
                {"label": t.label, "phase": t.phase, "gwp_kgco2e": t.gwp_kgco2e.to_dict(),
                 "share": t.share}
                for t in self.terms
            ],
            "by_profile": [{"label": p.label, "total": p.total.to_dict()} for p in self.by_profile],
            "equivalences": [
                {"label": e.label, "value": e.value.to_dict(), "source": dict(e.source)}
                for e in self.equivalences
            ],
            "balance": self.balance.to_dict() if self.balance is not None else None,
            "method": list(self.method),
            "sources": [dict(s) for s in self.sources],
            "versions": dict(self.versions),
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Result:
        return cls(
            inputs=Inputs.from_dict(data["inputs"]),
            usage=Impacts.from_dict(data["usage"]),
            embodied=Impacts.from_dict(data["embodied"]),
            total=Impacts.from_dict(data["total"]),
            per_unit={k: Impacts.from_dict(v) for k, v in data["per_unit"].items()},
            units_per_year={k: float(v) for k, v in data["units_per_year"].items()},
            dominant=data["dominant"],
            dominant_share=float(data["dominant_share"]),
            terms=[
                Term(t["label"], t["phase"], Range.from_dict(t["gwp_kgco2e"]), float(t["share"]))
                for t in data["terms"]
            ],
            by_profile=[
                ProfileTotal(p["label"], Impacts.from_dict(p["total"])) for p in data["by_profile"]
            ],
            equivalences=[
                EquivalenceValue(e["label"], Range.from_dict(e["value"]), dict(e["source"]))
                for e in data["equivalences"]
            ],
            balance=Balance.from_dict(data["balance"]) if data.get("balance") else None,
            method=list(data["method"]),
            sources=[dict(s) for s in data["sources"]],
            versions=dict(data["versions"]),
            warnings=list(data.get("warnings", [])),
        )


# --------------------------------------------------------------------------------------
# Per-profile computation
# --------------------------------------------------------------------------------------
@dataclass
class _Outcome:
    label: str
    usage: Impacts
    embodied: Impacts
    usage_term: str
    embodied_term: str
    sources: set[str]
    method: list[str]
    warnings: list[str]
    units: dict[str, float]


def _fr(x: float, digits: int = display.RANGE_DIGITS) -> str:
    """An estimate in a sentence, with the platform's rounding policy (2 significant
    digits, :mod:`recensia.figures`)."""
    return display.format_number(x, digits)


def _int(x: float) -> str:
    """A count or an input in a sentence: at most 3 significant digits."""
    return display.format_number(x, display.CONSTANT_DIGITS)


def _electricity_impacts(energy_it: Range, pue: Range, country: str,
                         wue_site: Range | None) -> Impacts:
    """Usage impacts of IT energy in a country: PUE, carbon intensity spread, EcoLogits'
    mix factors for ADPe / PE / water. ``wue_site`` None: no data centre (devices)."""
    cdata = C.COUNTRIES[country]
    energy = energy_it * pue
    gwp = energy * (cdata["ci_g_per_kwh"] * 0.001)
    water = energy * cdata["wue_mix_l_per_kwh"]
    if wue_site is not None:
        water = water + energy_it * wue_site
    return Impacts(
        energy_kwh=energy,
        gwp_kgco2e=gwp,
        water_l=water,
        adpe_kgsbeq=energy * cdata["adpe_kgsb_per_kwh"],
        pe_mj=energy * cdata["pe_mj_per_kwh"],
    )


def _embodied_from_gwp(gwp: Range, adpe_per_kg: float, pe_per_kg: float) -> Impacts:
    zero = Range.zero()
    return Impacts(zero, gwp, zero, gwp * adpe_per_kg, gwp * pe_per_kg)


def _hardware_embodied_per_year(gpu: C.GpuModel | None, gpu_count: int,
                                allocation: float) -> Impacts:
    """Manufacturing of the GPUs and of their host server(s), per year of use, × the share
    of the hardware's life allocated (1 = dedicated hardware)."""
    if allocation == 0:
        return Impacts.zero()
    n_servers = max(1, math.ceil(gpu_count / C.GPUS_PER_SERVER))
    server = C.SERVER_EMBODIED_GWP_PER_YEAR * n_servers
    if gpu_count:
        ecologits_chassis = (C.ECOLOGITS_SERVER_GWP / C.ECOLOGITS_SERVER_LIFETIME_YEARS
                             * gpu_count / C.GPUS_PER_SERVER)
        server = Range(server.min, server.central, max(server.max, ecologits_chassis))
    out = _embodied_from_gwp(server * allocation, C.SERVER_ADPE_PER_KGCO2E, C.SERVER_PE_PER_KGCO2E)
    if gpu is not None and gpu_count:
        k = gpu_count * allocation / C.GPU_LIFETIME_YEARS
        zero = Range.zero()
        out = out + Impacts(zero, gpu.embodied_gwp * k, zero, gpu.embodied_adpe * k,
                            gpu.embodied_pe * k)
    return out


def _it_power_w(gpu: C.GpuModel | None, gpu_count: int, cpu_cores: int, ram_gb: float,
                utilisation: float) -> Range:
    """Green Algorithms' power model, with the idle power of GPUs counted.

    GPU, per device: central = idle + u·(TDP − idle) (linear from idle to full power);
    min = max(idle, u·TDP) (Green Algorithms' u·TDP, floored at idle); max = central.
    CPU: min = central = cores·12 W·u (Green Algorithms); max = cores·12 W (full load, which
    also covers a server's idle draw outside the cores). RAM: 0.3725 W per GB."""
    power = Range.point(ram_gb * C.RAM_POWER_W_PER_GB)
    if cpu_cores:
        cpu_c = cpu_cores * C.CPU_CORE_POWER_W * utilisation
        power = power + Range(cpu_c, cpu_c, cpu_cores * C.CPU_CORE_POWER_W)
    if gpu is not None and gpu_count:
        central = gpu.idle_w + utilisation * (gpu.tdp_w - gpu.idle_w)
        low = max(gpu.idle_w, utilisation * gpu.tdp_w)
        power = power + Range(low, central, central) * gpu_count
    return power


def _default_label(p, index: int) -> str:
    if isinstance(p, BoughtService):
        named = (p.product or p.vendor or "").strip()
        return named or C.SERVICE_KINDS[p.service].short
    if isinstance(p, ApiUsage):
        return f"API {eco.provider_label(p.provider)} — {p.model}"
    if isinstance(p, SelfHosted):
        if p.gpu_count:
            gpu = C.GPU_MODELS[p.gpu_model or "GENERIC"]
            return f"Serveur auto-hébergé ({p.gpu_count} × {gpu.label})"
        return f"Serveur auto-hébergé ({p.cpu_cores} cœurs)"
    if isinstance(p, EdgeDevices):
        d = C.DEVICE_CLASSES[p.device_class]
        return f"{p.count} {d.plural}" if p.count != 1 else f"1 {d.label}"
    return f"Entraînement n° {index + 1}"


def _label(p, index: int) -> str:
    if isinstance(p.label, str) and p.label.strip():
        return p.label.strip()
    return _default_label(p, index)


def _in_zone(code: str) -> str:
    """« en Suède », « aux États-Unis », « selon la moyenne mondiale »."""
    name = C.zone_name(code)
    if code == "WOR":
        return "selon la moyenne mondiale"
    if name.startswith("la zone"):
        return f"dans {name}"
    if code in ("USA", "NLD"):
        return f"aux {name}"
    if code in ("CAN", "JPN", "LUX", "PRT", "DNK"):
        return f"au {name}"
    return f"en {name}"


def _envelope(values: list[Range]) -> Range:
    """Lowest minimum, highest maximum, median of the central values."""
    centrals = sorted(v.central for v in values)
    n = len(centrals)
    median = centrals[n // 2] if n % 2 else (centrals[n // 2 - 1] + centrals[n // 2]) / 2
    return Range.of(min(v.min for v in values), median, max(v.max for v in values))


def _impacts_envelope(items: list[Impacts]) -> Impacts:
    return Impacts(*(_envelope([getattr(i, f) for i in items]) for f in IMPACT_FIELDS))


def _times(impacts: Impacts, factor: Range) -> Impacts:
    return Impacts(*(getattr(impacts, f) * factor for f in IMPACT_FIELDS))


def _service_models(p: BoughtService) -> tuple[list[tuple[str, str]], str]:
    """The models the range spans, and how they were chosen (a phrase)."""
    model = (p.model or "").strip()
    if model and p.provider and eco.has_model(p.provider, model):
        return [(p.provider, model)], f"modèle {model} de {eco.provider_label(p.provider)}"
    if model and not p.provider:
        having = eco.providers_having(model)
        if having:
            return [(having[0], model)], f"modèle {model} de {eco.provider_label(having[0])}"
    typical = [m for m in C.TYPICAL_SERVICE_MODELS if m[0] == p.provider] if p.provider else []
    if p.provider and not typical:
        typical = [(p.provider, m) for m in eco.list_models(p.provider)]
        return typical, (f"modèle non précisé : les {len(typical)} modèles de "
                         f"{eco.provider_label(p.provider)} connus d'EcoLogits")
    if typical:
        names = ", ".join(m for _, m in typical)
        return typical, (f"modèle non précisé : modèles types de "
                         f"{eco.provider_label(p.provider)} ({names})")
    names = ", ".join(f"{m} ({eco.provider_label(pr)})" for pr, m in C.TYPICAL_SERVICE_MODELS)
    return (list(C.TYPICAL_SERVICE_MODELS),
            f"fournisseur et modèle non précisés : modèles types ({names})")


def _assess_service(p: BoughtService, label: str) -> _Outcome:
    kind = C.SERVICE_KINDS[p.service]
    unit = C.VOLUME_UNITS[p.volume_unit]
    uc = C.USE_CASES[kind.use_case]
    models, models_note = _service_models(p)
    usages, embodieds = [], []
    for provider, model in models:
        usage_req, emb_req, _warnings = eco.api_request_impacts(
            provider, model, uc.output_tokens, eco.default_zone(provider))
        usages.append(usage_req)
        embodieds.append(emb_req)
    per_request_usage, per_request_emb = _impacts_envelope(usages), _impacts_envelope(embodieds)
    requests_year = unit.requests * (float(p.volume) * C.MONTHS_PER_YEAR)
    sources = {"ecologits", "ecologits_calculator"}
    warnings: list[str] = []
    if len(models) > 1:
        sources.add("recensia_typical_models")
        warnings.append(f"{label} : le modèle n'est pas connu ; la fourchette couvre des modèles "
                        "types, du plus petit au plus grand. Demandez à l'éditeur quel modèle il "
                        "utilise et où il l'héberge pour la resserrer.")
    if unit.source:
        sources.add(unit.source)
        warnings.append(f"{label} : nombre de requêtes estimé à partir du nombre "
                        f"{'d' if unit.label[0] in 'aeiou' else 'de '}"
                        f"{'’' if unit.label[0] in 'aeiou' else ''}{unit.label} ({unit.note}) ; "
                        "le nombre de requêtes réel, que l'éditeur peut donner, est plus sûr.")
    if float(p.volume) == 0:
        warnings.append(f"{label} : aucune utilisation déclarée, empreinte nulle pour ce service.")
    units = {unit.unit: float(p.volume) * C.MONTHS_PER_YEAR}
    if unit.key != "requests":
        units[UNIT_REQUEST] = requests_year.central
    per_req_wh = per_request_usage.energy_kwh * 1000.0
    seller = " — ".join(x for x in (p.vendor.strip(), p.product.strip()) if x)
    method = [
        f"{label}{f' ({seller})' if seller else ''} : service acheté, « {kind.label} » ; "
        f"{_int(float(p.volume))} {unit.label} par mois"
        + (f", soit {_int(requests_year.min)} à {_int(requests_year.max)} requêtes par an "
           f"({unit.note})" if unit.key != "requests" else
           f", soit {_int(requests_year.central)} requêtes par an")
        + f" ; {uc.output_tokens} jetons générés par requête (valeur habituelle pour "
          f"« {uc.key} ») ; {models_note}, chacun hébergé là où son fournisseur le déclare "
          f"(EcoLogits {eco.ECOLOGITS_VERSION}) ; {_fr(per_req_wh.min)} à {_fr(per_req_wh.max)} "
          "Wh par requête. Fourchette : le plus bas et le plus haut des modèles retenus, valeur "
          "centrale = médiane des modèles.",
    ]
    return _Outcome(
        label=label,
        usage=_times(per_request_usage, requests_year),
        embodied=_times(per_request_emb, requests_year),
        usage_term="électricité des serveurs du service acheté",
        embodied_term="fabrication des serveurs du service acheté (part attribuée)",
        sources=sources, method=method, warnings=warnings, units=units,
    )


def _assess_api(p: ApiUsage, label: str) -> _Outcome:
    warnings: list[str] = []
    if p.output_tokens is not None:
        tokens = int(p.output_tokens)
        token_note = f"{tokens} jetons générés par requête (valeur saisie)"
    else:
        uc = C.USE_CASES[p.use_case or C.DEFAULT_USE_CASE]
        tokens = uc.output_tokens
        token_note = (f"{tokens} jetons générés par requête (valeur par défaut pour « {uc.key} » : "
                      f"{uc.note})")
        if p.use_case is None:
            warnings.append(f"{label} : longueur des réponses non précisée ; valeur par défaut de "
                            f"« {uc.key} » ({tokens} jetons).")
    default = eco.default_zone(p.provider)
    zone = default
    zone_note = f"hébergement {_in_zone(default)} déclaré par le fournisseur (EcoLogits)"
    if p.zone is not None:
        wanted = p.zone.upper()
        if wanted != default:
            if p.zone_documented:
                zone = wanted
                zone_note = f"hébergement {_in_zone(wanted)}, documenté par l'utilisateur"
            else:
                warnings.append(
                    f"{label} : l'hébergement {_in_zone(wanted)} n'est pas indiqué comme "
                    "documenté ; "
                    f"le calcul garde celui que déclare le fournisseur ({C.zone_name(default)}). "
                    "Cochez "
                    "« zone documentée » si un contrat ou la documentation du fournisseur le "
                    "garantit."
                )
    usage_req, emb_req, eco_warnings = eco.api_request_impacts(p.provider, p.model, tokens, zone)
    n = float(p.requests_per_month) * C.MONTHS_PER_YEAR
    for w in eco_warnings:
        warnings.append(f"{label} : {w}.")
    if n == 0:
        warnings.append(f"{label} : aucune requête déclarée, empreinte nulle pour cet usage "
                        "(l'API ne mobilise pas de matériel dédié).")
    units = {UNIT_REQUEST: n}
    uc_key = p.use_case
    if uc_key is not None and C.USE_CASES[uc_key].produces_document:
        units[UNIT_DOCUMENT] = n
    per_req_wh = usage_req.energy_kwh * 1000.0
    method = [
        f"{label} : EcoLogits {eco.ECOLOGITS_VERSION} (fonction llm_impacts), modèle {p.model} "
        f"de {eco.provider_label(p.provider)}, {token_note}, {zone_note}, "
        f"{_int(n)} requêtes par an ; {_fr(per_req_wh.min)} à {_fr(per_req_wh.max)} Wh par "
        "requête. "
        "Fourchette : bornes minimale et maximale d'EcoLogits (taille du modèle, PUE du "
        "fournisseur), valeur centrale = leur moyenne.",
    ]
    return _Outcome(
        label=label,
        usage=usage_req.scale(n),
        embodied=emb_req.scale(n),
        usage_term="usage de l'API d'IA générative",
        embodied_term="fabrication des serveurs de l'API d'IA générative (part attribuée)",
        sources={"ecologits", "ecologits_calculator"} if p.output_tokens is None else {"ecologits"},
        method=method,
        warnings=warnings,
        units=units,
    )


def _country_sources(country: str) -> set[str]:
    return {key for key, _, _ in C.COUNTRIES[country]["ci_sources"]}


def _ci_note(country: str) -> str:
    cdata = C.COUNTRIES[country]
    ci = cdata["ci_g_per_kwh"]
    return (f"{cdata['name']} : {_fr(ci.min)} à {_fr(ci.max)} gCO2e/kWh selon "
            f"{len(cdata['ci_sources'])} source(s), médiane {_fr(ci.central)}")


def _assess_self_hosted(p: SelfHosted, label: str) -> _Outcome:
    warnings: list[str] = []
    country = p.country.upper()
    sources = {"green_algorithms", "boavizta"} | _country_sources(country)
    gpu = C.GPU_MODELS[p.gpu_model or "GENERIC"] if p.gpu_count else None
    if gpu is not None:
        sources.update({gpu.tdp_source, "nvidia_pcf", "recensia_h200"})
        if p.gpu_model is None:
            warnings.append(f"{label} : modèle de GPU non précisé ; valeurs par défaut de Green "
                            "Algorithms (200 W) et fabrication approximative.")
        elif gpu.embodied_scale < 1.0:
            warnings.append(f"{label} : aucune analyse de cycle de vie publiée pour le "
                            f"{gpu.label} ; sa fabrication est extrapolée de celle du H100 au "
                            "prorata de la mémoire.")
    power = _it_power_w(gpu, int(p.gpu_count), int(p.cpu_cores), float(p.ram_gb),
                        float(p.utilisation))
    hours = float(p.hours_per_month) * C.MONTHS_PER_YEAR
    energy_it = power * (hours / 1000.0)
    if p.pue is None:
        pue = C.DEFAULT_PUE
        sources.add("uptime_pue")
        pue_note = C.DEFAULT_PUE_NOTE
    else:
        pue = Range.point(p.pue)
        pue_note = f"PUE {_fr(p.pue)} (saisi)"
    sources.add("thegreengrid_wue")
    usage = _electricity_impacts(energy_it, pue, country, C.DEFAULT_WUE_SITE)
    allocation = 1.0 if p.dedicated else hours / C.HOURS_PER_YEAR
    embodied = _hardware_embodied_per_year(gpu, int(p.gpu_count), allocation)
    if p.dedicated and (hours == 0 or p.utilisation == 0):
        warnings.append(
            f"{label} : "
            + ("aucune heure de fonctionnement déclarée" if hours == 0 else
               "utilisation nulle : seule la consommation au repos est comptée")
            + " ; la fabrication du matériel dédié reste comptée ("
            + _fr(embodied.gwp_kgco2e.central)
            + " kgCO2e par an), car elle est due que le matériel serve ou non."
        )
    units: dict[str, float] = {}
    method = [
        f"{label} : formule de Green Algorithms, énergie = heures × (GPU + cœurs × 12 W × "
        "utilisation + mémoire × 0,37 W/Go) × PUE, avec la consommation au repos des GPU "
        f"(mesure H200 : 76 W ; autres GPU : 10,9 % du TDP) ; {_int(hours)} h par an, "
        f"utilisation {_fr(p.utilisation * 100)} %, puissance informatique {_fr(power.min)} à "
        f"{_fr(power.max)} W ; {pue_note} ; {_ci_note(country)}. Fabrication : GPU "
        "164 à 575 kgCO2e (NVIDIA, EcoLogits, Boavizta) sur 3 ans, serveur 115 à 522 kgCO2e par "
        "an (Boavizta, 4 ans), "
        + ("matériel dédié compté en entier." if p.dedicated else
           "matériel partagé : part au prorata des heures d'utilisation."),
    ]
    if p.requests_per_month is not None:
        n = float(p.requests_per_month) * C.MONTHS_PER_YEAR
        units[UNIT_REQUEST] = n
        if n > 0:
            wh = usage.energy_kwh * (1000.0 / n)
            method.append(f"{label} : {_fr(wh.min)} à {_fr(wh.max)} Wh par requête, matériel "
                          "allumé à vide compris (un service auto-hébergé peu sollicité coûte "
                          "beaucoup plus par requête qu'une API mutualisée).")
    return _Outcome(
        label=label, usage=usage, embodied=embodied,
        usage_term="électricité du serveur auto-hébergé",
        embodied_term="fabrication du serveur et des GPU" if gpu else "fabrication du serveur",
        sources=sources, method=method, warnings=warnings, units=units,
    )


def _assess_training(t: TrainingRun, label: str) -> _Outcome:
    warnings: list[str] = []
    country = t.country.upper()
    sources = {"green_algorithms", "boavizta"}
    gpu_key = t.gpu_model
    gpu_count = int(t.gpu_count)
    method: list[str] = []
    if t.codecarbon_csv is not None:
        s = parse_codecarbon_csv(t.codecarbon_csv)
        sources.add("codecarbon")
        if s.country_iso_code:
            if s.country_iso_code in C.COUNTRIES:
                country = s.country_iso_code
            else:
                warnings.append(f"{label} : pays du fichier CodeCarbon ({s.country_iso_code}) hors "
                                f"de la table ; le pays saisi ({country}) est utilisé.")
        hours = s.duration_h if s.duration_h > 0 else float(t.hours or 0.0)
        if s.gpu_model_key:
            gpu_key = s.gpu_model_key
        elif s.gpu_model_raw and t.gpu_model is None:
            warnings.append(f"{label} : GPU du fichier CodeCarbon non reconnu "
                            f"(« {s.gpu_model_raw} ») ; valeurs par défaut pour sa fabrication.")
        if s.gpu_count:
            gpu_count = s.gpu_count
        elif s.gpu_model_raw and not gpu_count:
            gpu_count = 1
        energy_measured = Range.point(s.energy_kwh)
        if s.pue_included:
            pue = Range.point(1.0)
            pue_note = f"PUE {_fr(s.pue)} déjà inclus par CodeCarbon"
        else:
            pue = Range(1.0, 1.0, C.DEFAULT_PUE.central)
            pue_note = ("PUE non renseigné dans CodeCarbon : énergie mesurée (valeur centrale), "
                        "jusqu'à × 1,67 si la machine était dans un centre de données")
            warnings.append(f"{label} : {pue_note}.")
        usage = _electricity_impacts(energy_measured, pue, country, C.DEFAULT_WUE_SITE)
        cc = s.emissions_kg
        g = usage.gwp_kgco2e
        usage = Impacts(usage.energy_kwh, Range(min(g.min, cc), g.central, max(g.max, cc)),
                        usage.water_l, usage.adpe_kgsbeq, usage.pe_mj)
        method.append(
            f"{label} : mesure CodeCarbon ({s.runs} exécution(s), {_fr(s.duration_h)} h, "
            f"{_fr(s.energy_kwh)} kWh ; {_fr(cc)} kgCO2e selon CodeCarbon"
            + (f" {', '.join(s.codecarbon_versions)}" if s.codecarbon_versions else "")
            + f") ; {pue_note} ; {_ci_note(country)} ; la fourchette inclut le chiffre de "
              "CodeCarbon."
        )
    else:
        hours = float(t.hours)
        gpu = C.GPU_MODELS[gpu_key or "GENERIC"] if gpu_count else None
        power = _it_power_w(gpu, gpu_count, int(t.cpu_cores), float(t.ram_gb), 1.0)
        energy_it = power * (hours / 1000.0)
        pue = C.DEFAULT_PUE
        sources.add("uptime_pue")
        usage = _electricity_impacts(energy_it, pue, country, C.DEFAULT_WUE_SITE)
        method.append(
            f"{label} : formule de Green Algorithms à pleine charge (facteur d'usage 1, borne "
            f"haute), {_fr(hours)} h, puissance informatique {_fr(power.central)} W ; "
            f"{C.DEFAULT_PUE_NOTE} ; {_ci_note(country)}."
        )
    gpu = C.GPU_MODELS[gpu_key or "GENERIC"] if gpu_count else None
    if gpu is not None:
        sources.update({gpu.tdp_source, "nvidia_pcf"})
    allocation = hours / C.HOURS_PER_YEAR
    embodied = _hardware_embodied_per_year(gpu, gpu_count, allocation)
    method.append(f"{label} : fabrication du matériel au prorata de la durée de l'entraînement "
                  "(répartition linéaire sur la durée de vie) ; l'entraînement est compté en "
                  "entier dans le bilan annuel.")
    sources |= _country_sources(country)
    return _Outcome(
        label=label, usage=usage, embodied=embodied,
        usage_term="électricité de l'entraînement",
        embodied_term="fabrication du matériel d'entraînement (part attribuée)",
        sources=sources, method=method, warnings=warnings, units={},
    )


def _assess_edge(p: EdgeDevices, label: str) -> _Outcome:
    d = C.DEVICE_CLASSES[p.device_class]
    warnings: list[str] = []
    country = p.country.upper()
    sources = _country_sources(country)
    if p.power_w is None:
        power = d.power_w
        sources.update(d.power_sources)
        power_note = (f"puissance par défaut {_fr(power.min)} à {_fr(power.max)} W "
                      f"({d.notes})")
        if "recensia_hypothesis" in d.power_sources:
            warnings.append(f"{label} : puissance non saisie ; ordre de grandeur par défaut "
                            f"({_fr(power.min)} à {_fr(power.max)} W) à remplacer par la fiche "
                            "technique.")
    else:
        power = Range.point(p.power_w)
        power_note = f"puissance {_fr(p.power_w)} W (saisie)"
    lifetime = d.lifetime_years if p.lifetime_years is None else Range.point(p.lifetime_years)
    if p.embodied_kgco2e is None:
        unit_embodied = d.embodied_gwp
        sources.update(d.embodied_sources)
        if d.embodied_hypothesis:
            warnings.append(
                f"{label} : fabrication estimée à {_fr(unit_embodied.min)}–"
                f"{_fr(unit_embodied.max)} kgCO2e par {d.label} (ordre de grandeur Recensia, "
                "aucune analyse de cycle de vie ouverte trouvée) ; saisissez la valeur de la "
                "fiche environnementale (PEP) du fabricant pour l'affiner."
            )
    else:
        unit_embodied = Range.point(p.embodied_kgco2e)
    count = int(p.count)
    energy = power * (count * C.HOURS_PER_YEAR * float(p.duty_cycle) / 1000.0)
    usage = _electricity_impacts(energy, Range.point(1.0), country, None)
    embodied_gwp = (unit_embodied * count) / lifetime
    embodied = _embodied_from_gwp(embodied_gwp, C.ELECTRONICS_ADPE_PER_KGCO2E,
                                  C.ELECTRONICS_PE_PER_KGCO2E)
    if count == 0:
        warnings.append(f"{label} : aucun appareil déclaré, empreinte nulle.")
    elif p.duty_cycle == 0:
        warnings.append(f"{label} : appareils jamais en fonctionnement ; seule leur fabrication "
                        f"est comptée ({_fr(embodied_gwp.central)} kgCO2e par an).")
    method = [
        f"{label} : usage = nombre × puissance × heures × part du temps en fonctionnement "
        f"({count} appareil(s), {power_note}, {_fr(p.duty_cycle * 100)} % du temps) ; "
        f"{_ci_note(country)} ; fabrication = nombre × empreinte unitaire / durée de vie "
        f"({_fr(lifetime.min)} à {_fr(lifetime.max)} ans). Le réseau et les serveurs qui "
        "reçoivent les données ne sont pas comptés ici (ajoutez-les comme serveur).",
    ]
    return _Outcome(
        label=label, usage=usage, embodied=embodied,
        usage_term=f"électricité des {d.plural}",
        embodied_term=f"fabrication des {d.plural}",
        sources=sources, method=method, warnings=warnings,
        units={UNIT_DEVICE: float(count)},
    )


# --------------------------------------------------------------------------------------
# Gains, equivalences
# --------------------------------------------------------------------------------------
def _source(key: str) -> dict[str, str]:
    s = dict(C.SOURCES[key])
    if key == "ecologits":
        s["version"] = f"ecologits {eco.ECOLOGITS_VERSION}"
    s["key"] = key
    return s


def equivalences_for(gwp_kgco2e: Range) -> list[EquivalenceValue]:
    return [
        EquivalenceValue(e.label, gwp_kgco2e / e.kgco2e_per_unit, _source(e.source))
        for e in C.EQUIVALENCES
    ]


def _balance(gains, total: Impacts, warnings: list[str], sources: set[str]) -> Balance:
    details = []
    gains_total = Range.zero()
    for key, gf in C.GAIN_FACTORS.items():
        qty = float(getattr(gains, key))
        if qty == 0:
            continue
        kg = gf.kgco2e_per_unit * qty
        gains_total = gains_total + kg
        sources.update(gf.sources)
        details.append({
            "key": key, "label": gf.label, "quantity": qty, "unit": gf.unit,
            "factor": gf.kgco2e_per_unit, "factor_unit": f"kgCO2e/{gf.unit}",
            "kgco2e": kg,
            "sources": [{k: _source(s)[k] for k in ("name", "url", "licence", "version", "date")}
                        for s in gf.sources],
            "uncertain": gf.uncertain, "note": gf.note,
        })
        if gf.uncertain:
            warnings.append(f"Gains ({gf.label}) : facteur incertain — {gf.note}.")
    warnings.append("Gains : déclarés par le projet, non vérifiés ; les effets rebond ne sont "
                    "pas comptés.")
    net = total.gwp_kgco2e - gains_total
    water_saved = Range.point(float(gains.water_m3) * 1000.0)
    water_net = total.water_l - water_saved
    if net.max < 0:
        verdict = ("Gain net : les gains déclarés dépassent l'empreinte dans toute la fourchette "
                   "d'incertitude.")
    elif net.min > 0:
        verdict = ("Empreinte nette : l'empreinte dépasse les gains déclarés dans toute la "
                   "fourchette d'incertitude.")
    else:
        verdict = ("Bilan incertain : selon les hypothèses, les gains déclarés compensent ou non "
                   "l'empreinte.")
    return Balance(gains_total, net, water_saved, water_net, details, verdict)


# --------------------------------------------------------------------------------------
# Assessment
# --------------------------------------------------------------------------------------
GENERAL_METHOD = (
    "Empreinte annuelle en deux phases : usage (électricité consommée par les serveurs, "
    "les API et les appareils) et fabrication du matériel, répartie linéairement sur sa durée "
    "de vie. Cinq indicateurs : énergie finale (kWh), gaz à effet de serre (kgCO2e), eau "
    "consommée (L), ressources abiotiques (kgSb éq.) et énergie primaire (MJ).",
    "Chaque valeur est une fourchette (minimum, valeur centrale, maximum) : les bornes "
    "combinent les hypothèses basses entre elles et les hautes entre elles ; elles ne sont "
    "pas des intervalles de confiance statistiques.",
    "Non comptés : l'eau et l'énergie finale de fabrication du matériel (l'énergie de "
    "fabrication figure dans l'énergie primaire), le réseau, les terminaux des usagers, "
    "l'entraînement des modèles des fournisseurs d'API.",
)


def assess(inputs: Inputs) -> Result:
    """Assess the footprint of a project. Raises ``FootprintError`` on invalid inputs."""
    validate_inputs(inputs)
    outcomes: list[_Outcome] = []
    for i, p in enumerate(inputs.profiles):
        label = _label(p, i)
        if isinstance(p, BoughtService):
            outcomes.append(_assess_service(p, label))
        elif isinstance(p, ApiUsage):
            outcomes.append(_assess_api(p, label))
        elif isinstance(p, SelfHosted):
            outcomes.append(_assess_self_hosted(p, label))
        else:
            outcomes.append(_assess_edge(p, label))
    for i, t in enumerate(inputs.trainings):
        label = _label(t, i)
        outcomes.append(_assess_training(t, label))

    usage = sum((o.usage for o in outcomes), Impacts.zero())
    embodied = sum((o.embodied for o in outcomes), Impacts.zero())
    total = usage + embodied

    warnings: list[str] = []
    method: list[str] = list(GENERAL_METHOD)
    source_keys: set[str] = {"ademe_impactco2"}
    units: dict[str, float] = {}
    for o in outcomes:
        warnings.extend(o.warnings)
        method.extend(o.method)
        source_keys.update(o.sources)
        for k, v in o.units.items():
            units[k] = units.get(k, 0.0) + v
    if inputs.inhabitants:
        units[UNIT_INHABITANT] = float(inputs.inhabitants)
    units = {k: v for k, v in units.items() if v > 0}
    per_unit = {k: total.scale(1.0 / v) for k, v in units.items()}
    if per_unit:
        method.append("Par unité de service : empreinte annuelle totale du projet divisée par "
                      "le nombre d'unités par an (requêtes, documents produits, appareils, "
                      "habitants).")

    # Terms and dominant one (central GWP).
    total_c = total.gwp_kgco2e.central
    raw_terms = []
    for o in outcomes:
        raw_terms.append((o.usage_term, PHASE_USAGE, o.usage.gwp_kgco2e, o.label))
        raw_terms.append((o.embodied_term, PHASE_EMBODIED, o.embodied.gwp_kgco2e, o.label))
    counts: dict[str, int] = {}
    for name, *_ in raw_terms:
        counts[name] = counts.get(name, 0) + 1
    terms = [
        Term(name if counts[name] == 1 else f"{name} ({plabel})", phase, g,
             (g.central / total_c) if total_c > 0 else 0.0)
        for name, phase, g, plabel in raw_terms
    ]
    terms.sort(key=lambda t: t.gwp_kgco2e.central, reverse=True)
    if total_c > 0:
        dominant, dominant_share = terms[0].label, terms[0].share
    else:
        dominant, dominant_share = "aucun (empreinte nulle)", 0.0

    balance = None
    if inputs.gains is not None and not inputs.gains.is_empty():
        balance = _balance(inputs.gains, total, warnings, source_keys)
        method.append("Bilan : gains déclarés convertis en kgCO2e avec des facteurs sourcés "
                      "(voir le détail), puis soustraits de l'empreinte ; la fourchette nette "
                      "oppose l'empreinte haute aux gains bas et inversement.")

    method.append("Équivalences : facteurs de l'ADEME (Impact CO2) appliqués à l'empreinte "
                  "annuelle en gaz à effet de serre.")
    sources = [_source(k) for k in sorted(source_keys)]
    return Result(
        inputs=inputs,
        usage=usage,
        embodied=embodied,
        total=total,
        per_unit=per_unit,
        units_per_year=units,
        dominant=dominant,
        dominant_share=dominant_share,
        terms=terms,
        by_profile=[ProfileTotal(o.label, o.usage + o.embodied) for o in outcomes],
        equivalences=equivalences_for(total.gwp_kgco2e),
        balance=balance,
        method=method,
        sources=sources,
        versions=data_versions(),
        warnings=list(dict.fromkeys(warnings)),
    )


# --------------------------------------------------------------------------------------
# Storage and reproducibility
# --------------------------------------------------------------------------------------
def recompute(stored: dict[str, Any] | Result) -> Result:
    """Recompute a stored assessment (its ``to_dict()`` form) with the current data."""
    data = stored.to_dict() if isinstance(stored, Result) else stored
    return assess(Inputs.from_dict(data["inputs"]))


def compare_results(old: dict[str, Any] | Result, new: dict[str, Any] | Result) -> dict[str, Any]:
    """What changed between a stored result and a recomputed one: data versions and the
    yearly totals (central values, relative change)."""
    o = old if isinstance(old, Result) else Result.from_dict(old)
    n = new if isinstance(new, Result) else Result.from_dict(new)
    versions = {
        k: {"old": o.versions.get(k), "new": n.versions.get(k)}
        for k in sorted(set(o.versions) | set(n.versions))
        if o.versions.get(k) != n.versions.get(k)
    }
    totals = {}
    for f in IMPACT_FIELDS:
        a, b = getattr(o.total, f), getattr(n.total, f)
        change = None if a.central == 0 else (b.central - a.central) / a.central
        totals[f] = {"old": a.to_dict(), "new": b.to_dict(), "relative_change": change}
    identical = not versions and o.total == n.total and o.per_unit == n.per_unit
    return {"identical": identical, "versions_changed": versions, "totals": totals}
