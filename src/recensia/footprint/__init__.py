"""Environmental footprint of an AI project of a collectivité — a pure Python engine.

No Django here. Generative AI through an API is computed by EcoLogits' own functions
(package ``ecologits``, pinned); self-hosting and training follow Green Algorithms and
CodeCarbon; embodied impacts cite Boavizta, EcoLogits and NVIDIA; equivalences and gains
use ADEME factors. Method, constants and sources: ``constants.py`` and the methodology page.

    from recensia.footprint import assess, Inputs, ApiUsage
    result = assess(Inputs(profiles=[ApiUsage("mistralai", "mistral-small-latest", 2000,
                                              use_case="résumé")]))
    result.total.gwp_kgco2e  # Range(min, central, max), kgCO2e per year
"""

from .codecarbon import CodeCarbonSummary, parse_codecarbon_csv
from .constants import (
    CONSTANTS_DATE,
    CONSTANTS_VERSION,
    COUNTRIES,
    DEVICE_CLASSES,
    GPU_MODELS,
    SEED_FIGURES,
    SERVICE_KINDS,
    SOURCES,
    TYPICAL_SERVICE_MODELS,
    USE_CASES,
    VOLUME_UNITS,
    zone_name,
)
from .ecologits_bridge import ECOLOGITS_VERSION, list_models, list_providers, list_zones
from .engine import (
    ENGINE_VERSION,
    Balance,
    EquivalenceValue,
    ProfileTotal,
    Result,
    Term,
    assess,
    compare_results,
    data_versions,
    recompute,
)
from .errors import FootprintError
from .inputs import ApiUsage, BoughtService, EdgeDevices, Gains, Inputs, SelfHosted, TrainingRun
from .ranges import Impacts, Range
from .variants import (
    Variant,
    compare_variants,
    variant_batching,
    variant_self_hosting,
    variant_smaller_model,
    variant_zone,
)

__all__ = [
    "CONSTANTS_DATE", "CONSTANTS_VERSION", "COUNTRIES", "DEVICE_CLASSES", "ECOLOGITS_VERSION",
    "ENGINE_VERSION", "GPU_MODELS", "SEED_FIGURES", "SERVICE_KINDS", "SOURCES",
    "TYPICAL_SERVICE_MODELS",
    "USE_CASES", "VOLUME_UNITS", "zone_name",
    "ApiUsage", "Balance", "BoughtService", "CodeCarbonSummary", "EdgeDevices", "EquivalenceValue",
    "FootprintError", "Gains", "Impacts", "Inputs", "ProfileTotal", "Range", "Result",
    "SelfHosted", "Term", "TrainingRun", "Variant",
    "assess", "compare_results", "compare_variants", "data_versions", "list_models",
    "list_providers", "list_zones", "parse_codecarbon_csv", "recompute",
    "variant_batching", "variant_self_hosting", "variant_smaller_model", "variant_zone",
]
