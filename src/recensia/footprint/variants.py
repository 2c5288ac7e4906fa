"""“What if” comparisons: variants of a project's inputs, each assessed and set against
the declared situation (smaller model, other hosting zone, self-hosting vs API, batching)."""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import constants as C
from . import ecologits_bridge as eco
from .engine import Result, assess
from .inputs import ApiUsage, EdgeDevices, Inputs, SelfHosted, validate_inputs
from .ranges import Range


@dataclass
class Variant:
    key: str
    label: str
    description: str
    inputs: Inputs
    result: Result
    delta_gwp_kgco2e: Range  # variant − declared situation, bound by bound
    change: float | None  # relative change of the central GWP (−0.4 = −40 %)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key, "label": self.label, "description": self.description,
            "inputs": self.inputs.to_dict(), "result": self.result.to_dict(),
            "delta_gwp_kgco2e": self.delta_gwp_kgco2e.to_dict(), "change": self.change,
        }


_SPECIAL_PURPOSE = ("tts", "transcribe", "search", "audio", "realtime", "embed", "image",
                    "moderation", "deep-research", "codex", "voxtral", "codestral", "fim", "ocr",
                    "instruct")
_DATED = re.compile(r"-(\d{4}-\d{2}-\d{2}|\d{4})$")


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def smaller_model(provider: str, model: str) -> str | None:
    """A smaller general-purpose model of the same provider: among models with at most half
    the active parameters (central values), the closest name (longest common prefix, then
    similarity), undated aliases first."""
    try:
        active, _ = eco.model_parameters(provider, model)
    except KeyError:
        return None
    candidates = []
    for name in eco.list_models(provider):
        if name == model or any(k in name for k in _SPECIAL_PURPOSE):
            continue
        a, _ = eco.model_parameters(provider, name)
        if a.central <= active.central / 2:
            candidates.append(name)
    if not candidates:
        return None
    return max(candidates, key=lambda n: (
        _common_prefix(model, n), not _DATED.search(n),
        difflib.SequenceMatcher(None, model, n).ratio(), n))


def _profile_variant(inputs: Inputs, change: Callable[[Any], tuple[Any, str] | None],
                     describe: Callable[[list[str]], str]) -> tuple[Inputs, str] | None:
    """A variant that changes profiles one by one: ``change`` gives (new profile, note) or
    ``None`` to keep a profile; ``describe`` turns the notes into the variant's text.
    ``None`` when no profile changes."""
    changed, notes = [], []
    for p in inputs.profiles:
        result = change(p)
        if result is None:
            changed.append(p)
        else:
            changed.append(result[0])
            notes.append(result[1])
    if not notes:
        return None
    return dataclasses.replace(inputs, profiles=changed), describe(notes)


def variant_smaller_model(inputs: Inputs) -> tuple[Inputs, str] | None:
    def change(p):
        smaller = smaller_model(p.provider, p.model) if isinstance(p, ApiUsage) else None
        return (dataclasses.replace(p, model=smaller), f"{p.model} → {smaller}") if smaller \
            else None

    return _profile_variant(inputs, change, lambda notes: (
        "Modèle plus petit du même fournisseur (" + " ; ".join(notes) + "), à qualité de "
        "réponse à vérifier sur vos propres cas."))


def variant_zone(inputs: Inputs, zone: str = "FRA") -> tuple[Inputs, str] | None:
    zone = zone.upper()
    changed, touched = [], False
    for p in inputs.profiles:
        new = p
        if isinstance(p, ApiUsage):
            current = (p.zone.upper() if p.zone and p.zone_documented
                       else eco.default_zone(p.provider))
            if current != zone:
                touched = True
                new = dataclasses.replace(p, zone=zone, zone_documented=True)
        elif (isinstance(p, SelfHosted | EdgeDevices) and zone in C.COUNTRIES
              and p.country.upper() != zone):
            touched = True
            new = dataclasses.replace(p, country=zone)
        changed.append(new)
    trainings = []
    for t in inputs.trainings:
        if zone in C.COUNTRIES and t.codecarbon_csv is None and t.country.upper() != zone:
            touched = True
            t = dataclasses.replace(t, country=zone)
        trainings.append(t)
    if not touched:
        return None
    return (dataclasses.replace(inputs, profiles=changed, trainings=trainings),
            f"Hébergement en {C.zone_name(zone)}, garanti par contrat (pour les API, seulement "
            "si le fournisseur le propose et le documente).")


def _self_hosted_for(p: ApiUsage) -> SelfHosted:
    active, total = eco.model_parameters(p.provider, p.model)
    gpus = eco.gpus_for_model(total.central)
    tokens = p.output_tokens or C.USE_CASES[p.use_case or C.DEFAULT_USE_CASE].output_tokens
    busy_h = (p.requests_per_month * tokens * eco.latency_per_token_s(active.central, 1)) / 3600
    hours = 730.0
    utilisation = min(1.0, busy_h / hours)
    return SelfHosted(
        gpu_model=C.SELF_HOST_VARIANT_GPU, gpu_count=gpus,
        cpu_cores=C.SELF_HOST_VARIANT_CPU_CORES, ram_gb=C.SELF_HOST_VARIANT_RAM_GB,
        hours_per_month=hours, utilisation=round(utilisation, 4), pue=None, country="FRA",
        requests_per_month=p.requests_per_month,
        label=f"auto-hébergement d'un modèle de taille comparable à {p.model}",
    )


def variant_self_hosting(inputs: Inputs) -> tuple[Inputs, str] | None:
    """API → self-hosting (and self-hosting with known traffic → API)."""
    def change(p):
        if isinstance(p, ApiUsage):
            sh = _self_hosted_for(p)
            pct = f"{sh.utilisation * 100:.1f}".replace(".", ",")
            return sh, (f"{p.model} sur {sh.gpu_count} GPU H100 en France, allumés en "
                        f"permanence (utilisation {pct} % en lot 1)")
        if (isinstance(p, SelfHosted) and p.requests_per_month
                and eco.has_model(C.API_VARIANT_PROVIDER, C.API_VARIANT_MODEL)):
            return (ApiUsage(C.API_VARIANT_PROVIDER, C.API_VARIANT_MODEL, p.requests_per_month,
                             label=f"API à la place de {p.label or 'serveur'}"),
                    f"serveur remplacé par l'API {C.API_VARIANT_MODEL} de Mistral AI "
                    "(réponses de longueur par défaut)")
        return None

    return _profile_variant(inputs, change, lambda notes: (
        "Auto-hébergement au lieu de l'API, ou l'inverse : " + " ; ".join(notes) + ". "
        "Hypothèses : serveur de 32 cœurs et 256 Go, modèle ouvert de même taille."))


def variant_batching(inputs: Inputs) -> tuple[Inputs, str] | None:
    """Self-hosted GPUs: batch requests by 8 (measured H200 speed-up ≈ 7.4) so the same
    traffic needs fewer GPU hours — the saving is real only if the freed hardware is switched
    off or shared (modelled as non-dedicated hardware)."""
    def change(p):
        if isinstance(p, SelfHosted) and p.gpu_count and p.hours_per_month > 0:
            return dataclasses.replace(p, hours_per_month=p.hours_per_month / C.BATCH8_SPEEDUP,
                                       dedicated=False), ""
        return None

    speedup = f"{C.BATCH8_SPEEDUP:.1f}".replace(".", ",")
    return _profile_variant(inputs, change, lambda _notes: (
        "Requêtes regroupées par lots de 8 : d'après la mesure H200 de Recensia, le temps GPU "
        f"par jeton est divisé par {speedup} (12,4 → 1,7 J par jeton pour un "
        "modèle de 8 milliards de paramètres). Le gain n'existe que si le GPU libéré est "
        "éteint ou partagé avec d'autres services."))


_VARIANTS = (
    ("smaller_model", "Modèle plus petit", variant_smaller_model),
    ("zone_fra", "Hébergement en France", variant_zone),
    ("self_hosting", "Auto-hébergement ou API", variant_self_hosting),
    ("batching", "Regroupement des requêtes", variant_batching),
)


def compare_variants(inputs: Inputs, baseline: Result | None = None) -> list[Variant]:
    """Assess every applicable variant and set it against the declared situation."""
    validate_inputs(inputs)
    base = baseline if baseline is not None else assess(inputs)
    out = []
    for key, label, fn in _VARIANTS:
        made = fn(inputs)
        if made is None:
            continue
        new_inputs, description = made
        result = assess(new_inputs)
        b, v = base.total.gwp_kgco2e, result.total.gwp_kgco2e
        change = None if b.central == 0 else (v.central - b.central) / b.central
        if change is not None and not math.isfinite(change):
            change = None
        out.append(Variant(key, label, description, new_inputs, result, v.paired_sub(b), change))
    return out


__all__ = [
    "Variant", "compare_variants", "smaller_model", "variant_batching",
    "variant_self_hosting", "variant_smaller_model", "variant_zone",
]
