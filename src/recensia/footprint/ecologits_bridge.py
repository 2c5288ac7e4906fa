"""Thin bridge to the pinned ``ecologits`` package: its model list, its zones, its
provider defaults and its own ``llm_impacts`` function (called, not copied), with a cache
keyed by (provider, model, output tokens, zone)."""

from __future__ import annotations

import difflib
import logging
import math
from functools import lru_cache

import ecologits
from ecologits.electricity_mix_repository import electricity_mixes
from ecologits.impacts import llm as _llm
from ecologits.model_repository import ParametersMoE, models
from ecologits.tracers.utils import PROVIDER_CONFIG_MAP, llm_impacts
from ecologits.utils.range_value import RangeValue

from .ranges import Impacts, Range

ECOLOGITS_VERSION: str = ecologits.__version__

# EcoLogits logs its model warnings (in English) through the "ecologits" logger; with no
# handler configured they would reach stderr via logging.lastResort. The engine returns
# them in French in ``Result.warnings``, so a NullHandler is attached (the standard
# library's advice for library loggers); the records still propagate to the project's
# own logging configuration.
logging.getLogger("ecologits").addHandler(logging.NullHandler())

PROVIDER_LABELS = {
    "anthropic": "Anthropic",
    "cohere": "Cohere",
    "google_genai": "Google (Gemini)",
    "huggingface_hub": "Hugging Face (API d'inférence)",
    "mistralai": "Mistral AI",
    "openai": "OpenAI",
}

_WARNING_FR = {
    "model-arch-not-released": "l'architecture du modèle n'est pas publiée : EcoLogits "
                               "estime sa taille (précision moindre)",
    "model-arch-multimodal": "le modèle est multimodal : l'estimation d'EcoLogits est "
                             "moins précise",
    "electricity-mix-adpe-world": "le facteur « ressources abiotiques » de la zone est la "
                                  "moyenne mondiale",
    "electricity-mix-pe-world": "le facteur « énergie primaire » de la zone est la moyenne "
                                "mondiale",
    "electricity-mix-wue-world": "le facteur « eau » de la zone est la moyenne mondiale",
}


def _models_by_provider() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for m in models.list_models():
        out.setdefault(m.provider.value, []).append(m.name)
    return {p: tuple(sorted(set(names))) for p, names in out.items()}


_MODELS = _models_by_provider()
_ZONES = tuple(sorted(z.zone for z in electricity_mixes.list_electricity_mixes()))


def list_providers() -> list[str]:
    """Providers known to EcoLogits (and to its provider configuration)."""
    return sorted(p for p in _MODELS if p in PROVIDER_CONFIG_MAP)


def provider_label(provider: str) -> str:
    return PROVIDER_LABELS.get(provider, provider)


def list_models(provider: str) -> list[str]:
    """Model names of one provider in EcoLogits' bundled list (aliases included)."""
    return list(_MODELS.get(provider, ()))


def list_zones() -> list[str]:
    """Electricity-mix zones of EcoLogits (ISO 3166-1 alpha-3, and WOR)."""
    return list(_ZONES)


def has_model(provider: str, model: str) -> bool:
    return models.find_model(provider=provider, model_name=model) is not None


def has_zone(zone: str) -> bool:
    return electricity_mixes.find_electricity_mix(zone=zone) is not None


def default_zone(provider: str) -> str:
    """The provider's disclosed data-centre zone in EcoLogits (WOR when none)."""
    cfg = PROVIDER_CONFIG_MAP.get(provider)
    return (cfg.datacenter_location if cfg else None) or "WOR"



def close_model_names(name: str, provider: str | None = None, n: int = 5) -> list[str]:
    pool = list_models(provider) if provider else sorted({m for ms in _MODELS.values() for m in ms})
    found = difflib.get_close_matches(name, pool, n=n, cutoff=0.5)
    if not found:  # fall back on a case-insensitive substring match
        low = name.lower()
        found = [m for m in pool if low and (low in m.lower() or m.lower() in low)][:n]
    return found


def providers_having(model: str) -> list[str]:
    return [p for p, names in _MODELS.items() if model in names]


def model_parameters(provider: str, model: str) -> tuple[Range, Range]:
    """(active, total) parameter counts in billions, as Ranges (central = mean)."""
    m = models.find_model(provider=provider, model_name=model)
    if m is None:
        raise KeyError((provider, model))
    params = m.architecture.parameters
    if isinstance(params, ParametersMoE):
        return _to_range(params.active), _to_range(params.total)
    r = _to_range(params)
    return r, r



def latency_per_token_s(active_params_b: float, batch_size: int) -> float:
    """EcoLogits' generation-time regression (seconds per token)."""
    return (_llm.LATENCY_ALPHA * active_params_b + _llm.LATENCY_BETA * batch_size
            + _llm.LATENCY_GAMMA)


def gpus_for_model(total_params_b: float) -> int:
    """EcoLogits' memory rule: 1.2 × P × 16 bits, 80 GB GPUs, rounded up to a power of 2."""
    memory = _llm.model_required_memory(total_params_b, _llm.MODEL_QUANTIZATION_BITS)
    return _llm.gpu_required_count(memory, _llm.GPU_MEMORY)


def _to_range(value) -> Range:
    if isinstance(value, RangeValue):
        return Range(float(value.min), (float(value.min) + float(value.max)) / 2, float(value.max))
    return Range.point(float(value))


@lru_cache(maxsize=16384)
def api_request_impacts(provider: str, model: str, output_tokens: int,
                        zone: str) -> tuple[Impacts, Impacts, tuple[str, ...]]:
    """Impacts of ONE request, computed by EcoLogits' own ``llm_impacts``.

    Returns (usage, embodied, warnings in French). Ranges: EcoLogits' min and max, and
    central = their mean (EcoLogits' own ``RangeValue.mean``). EcoLogits gives no
    embodied water and no embodied final energy: those are zero here.
    The caller validates provider, model and zone first.
    """
    out = llm_impacts(provider, model, output_tokens, math.inf, zone)
    if out.has_errors:  # pragma: no cover - inputs are validated before
        raise ValueError("; ".join(e.message for e in out.errors or []))
    usage = Impacts(
        energy_kwh=_to_range(out.usage.energy.value),
        gwp_kgco2e=_to_range(out.usage.gwp.value),
        water_l=_to_range(out.usage.wcf.value),
        adpe_kgsbeq=_to_range(out.usage.adpe.value),
        pe_mj=_to_range(out.usage.pe.value),
    )
    zero = Range.zero()
    embodied = Impacts(
        energy_kwh=zero,
        gwp_kgco2e=_to_range(out.embodied.gwp.value),
        water_l=zero,
        adpe_kgsbeq=_to_range(out.embodied.adpe.value),
        pe_mj=_to_range(out.embodied.pe.value),
    )
    warnings = tuple(_WARNING_FR.get(w.code, w.message) for w in (out.warnings or []))
    return usage, embodied, warnings


def clear_cache() -> None:
    api_request_impacts.cache_clear()
