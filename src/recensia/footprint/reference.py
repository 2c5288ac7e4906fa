"""The constants table, shaped for the methodology and equivalence pages (pure Python).

Pages show these values through :mod:`.display`; nothing is copied by hand into a template,
so a page cannot drift from the numbers the engine computes with.
"""

from __future__ import annotations

from typing import Any

from . import constants as C

#: Short names of the carbon-intensity sources, for table cells.
SHORT_NAMES = {
    "ecologits": "EcoLogits",
    "green_algorithms_ci": "Green Algorithms",
    "codecarbon_ci": "CodeCarbon",
    "rte_bilan_2023": "RTE",
    "boavizta": "Boavizta",
    "nvidia_datasheets": "NVIDIA",
    "green_algorithms_tdp": "Green Algorithms",
    "ieee_poe": "IEEE 802.3af/at",
    "nvidia_jetson": "NVIDIA",
    "recensia_hypothesis": "Hypothèse RecensIA",
}


def _short(key: str) -> str:
    return SHORT_NAMES.get(key, C.SOURCES[key]["name"].split(",")[0])


def countries() -> list[dict[str, Any]]:
    return [
        {"code": code, "name": d["name"], "ci": d["ci_g_per_kwh"],
         "sources": [{"name": _short(key), "value": value, "note": note}
                     for key, value, note in d["ci_sources"]]}
        for code, d in C.COUNTRIES.items()
    ]


def gpus() -> list[dict[str, Any]]:
    return [
        {"key": g.key, "label": g.label, "tdp_w": g.tdp_w, "idle_w": g.idle_w,
         "idle_measured": g.idle_measured, "memory_gb": g.memory_gb,
         "embodied": g.embodied_gwp, "scale": g.embodied_scale,
         "tdp_source": _short(g.tdp_source)}
        for g in C.GPU_MODELS.values()
    ]


def devices() -> list[dict[str, Any]]:
    return [
        {"key": d.key, "label": d.label, "notes": d.notes, "power_w": d.power_w,
         "power_sources": ", ".join(_short(k) for k in d.power_sources),
         "embodied": d.embodied_gwp, "hypothesis": d.embodied_hypothesis,
         "lifetime": d.lifetime_years}
        for d in C.DEVICE_CLASSES.values()
    ]


def gains() -> list[dict[str, Any]]:
    return [
        {"label": g.label, "unit": g.unit, "factor": g.kgco2e_per_unit,
         "sources": " ; ".join(C.SOURCES[k]["name"].split(" — ")[0] for k in g.sources),
         "note": g.note}
        for g in C.GAIN_FACTORS.values()
    ]


def equivalences() -> list[dict[str, Any]]:
    """Each equivalence with its factor (kgCO2e per unit) and its dated source."""
    return [
        {"key": e.key, "label": e.label, "kgco2e_per_unit": e.kgco2e_per_unit,
         "source": C.SOURCES[e.source]}
        for e in C.EQUIVALENCES
    ]


def methodology() -> dict[str, Any]:
    """Everything the methodology page shows, from the constants table."""
    return {
        "countries": countries(),
        "gpus": gpus(),
        "devices": devices(),
        "gains": gains(),
        "use_cases": list(C.USE_CASES.values()),
        "equivalences": equivalences(),
        "sources": [{"key": k, **s} for k, s in C.SOURCES.items()],
        "seed_figures": list(C.SEED_FIGURES),
        "default_pue": C.DEFAULT_PUE,
        "paris_ny": {"kgco2e": C.PARIS_NY_ROUND_TRIP_KGCO2E, "km": C.PARIS_NY_ROUND_TRIP_KM,
                     "long_haul": C.LONG_HAUL_FLIGHT_KGCO2E_PER_KM},
        "france_ci": C.COUNTRIES["FRA"]["ci_g_per_kwh"],
        "wue_site": C.DEFAULT_WUE_SITE,
        "gpu_embodied": C.GPU_EMBODIED_GWP,
        "server_embodied": C.SERVER_EMBODIED_GWP_PER_YEAR,
        "ram_w_per_gb": C.RAM_POWER_W_PER_GB,
        "core_w": C.CPU_CORE_POWER_W,
        "h200_idle_w": C.H200_IDLE_W,
        "idle_fraction": C.GPU_IDLE_FRACTION,
        "batch8_speedup": C.BATCH8_SPEEDUP,
    }
