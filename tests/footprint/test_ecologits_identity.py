"""Generative AI through an API: EcoLogits' figures, passed through unchanged.

Two kinds of checks: *wiring* tests (the bridge hands the request to EcoLogits' own
``llm_impacts`` and brings its figures back unchanged), and a check against the method and
constants EcoLogits publishes, worked out by hand for an open model whose size is known.
"""

from __future__ import annotations

import math

import pytest
from ecologits.tracers.utils import llm_impacts

from recensia.footprint import USE_CASES, ApiUsage, Inputs, assess, list_models, list_providers
from recensia.footprint.ecologits_bridge import ECOLOGITS_VERSION, api_request_impacts


def _bounds(value):
    """(min, max) of an EcoLogits value (float or RangeValue)."""
    if hasattr(value, "min"):
        return value.min, value.max
    return value, value


CASES = [
    ("openai", "gpt-4o-mini", 500, "FRA"),
    ("openai", "gpt-4o", 500, "USA"),
    ("mistralai", "mistral-small-latest", 250, "SWE"),
    ("mistralai", "mistral-large-latest", 2000, "FRA"),
    ("anthropic", "claude-sonnet-4-5", 400, "USA"),
    ("google_genai", "gemini-2.5-flash", 250, "USA"),
    ("huggingface_hub", "meta-llama/Meta-Llama-3.1-8B-Instruct", 128, "DEU"),
]


def test_pinned_version():
    assert ECOLOGITS_VERSION == "0.11.3"


@pytest.mark.parametrize(("provider", "model", "tokens", "zone"), CASES)
def test_wiring_the_bridge_returns_llm_impacts_figures_unchanged(provider, model, tokens,
                                                                zone):
    """Wiring only: same call as the bridge, so it cannot catch an error of EcoLogits itself
    (see the worked example below for that)."""
    ref = llm_impacts(provider, model, tokens, math.inf, zone)
    usage, embodied, _ = api_request_impacts(provider, model, tokens, zone)
    pairs = [
        (usage.energy_kwh, ref.usage.energy.value),
        (usage.gwp_kgco2e, ref.usage.gwp.value),
        (usage.water_l, ref.usage.wcf.value),
        (usage.adpe_kgsbeq, ref.usage.adpe.value),
        (usage.pe_mj, ref.usage.pe.value),
        (embodied.gwp_kgco2e, ref.embodied.gwp.value),
        (embodied.adpe_kgsbeq, ref.embodied.adpe.value),
        (embodied.pe_mj, ref.embodied.pe.value),
    ]
    for ours, theirs in pairs:
        lo, hi = _bounds(theirs)
        assert (ours.min, ours.max) == (lo, hi)  # exactly the same floats
        assert ours.central == pytest.approx((lo + hi) / 2, rel=1e-15)
    lo, hi = _bounds(ref.gwp.value)
    total = usage.gwp_kgco2e + embodied.gwp_kgco2e
    assert total.min == pytest.approx(lo, rel=1e-12)
    assert total.max == pytest.approx(hi, rel=1e-12)


def test_a_llama_8b_request_matches_ecologits_published_method_worked_by_hand():
    """128 output tokens of Llama 3.1 8B through Hugging Face, hosted in France, computed
    from EcoLogits' published method and constants, not through EcoLogits.

    Method: https://ecologits.ai/latest/methodology/llm_inference/ ; constants of EcoLogits
    0.11.3 (``ecologits/impacts/llm.py``; they are listed in the footprint methodology of
    this project). Llama 3.1 8B: 8.03 billion parameters (Meta's model card). Hugging Face:
    PUE 1.09 to 1.14 (EcoLogits' provider table). France: 0.04144 kgCO2e/kWh (EcoLogits'
    electricity mix « FRA »). The constants are given to 5 significant digits: the result
    agrees to 0.1 %.
    """
    params, tokens, batch = 8.03, 128, 64
    gpu_wh_per_token = 1.1665e-6 * math.exp(-0.011206 * batch) * params + 4.0529e-5
    gpu_kwh = tokens * gpu_wh_per_token / 1000
    seconds = tokens * (6.785e-4 * params + 3.119e-4 * batch + 0.019474)
    gpus = 1  # 1.2 × 8.03 × 16 bits = 19.3 GB: one 80 GB GPU
    server_kwh = seconds / 3600 * 1.2 * (gpus / 8) / batch  # 1.2 kW server of 8 GPUs
    it_kwh = server_kwh + gpus * gpu_kwh
    embodied_kg = seconds * (gpus / 8 * 5700 + gpus * 273) / (3 * 365 * 24 * 3600 * batch)

    usage, embodied, _ = api_request_impacts(
        "huggingface_hub", "meta-llama/Meta-Llama-3.1-8B-Instruct", tokens, "FRA")
    assert usage.energy_kwh.min == pytest.approx(1.09 * it_kwh, rel=1e-3)
    assert usage.energy_kwh.max == pytest.approx(1.14 * it_kwh, rel=1e-3)
    assert usage.gwp_kgco2e.min == pytest.approx(1.09 * it_kwh * 0.04144, rel=1e-3)
    assert embodied.gwp_kgco2e.central == pytest.approx(embodied_kg, rel=1e-3)
    # Orders of magnitude: about 0.011 Wh per request (0.3 J per generated token).
    assert 0.010 < usage.energy_kwh.central * 1000 < 0.011


@pytest.mark.parametrize(("provider", "model", "tokens", "zone"), CASES[:4])
def test_assessment_scales_ecologits_by_requests(provider, model, tokens, zone):
    requests = 1234.0
    result = assess(Inputs(profiles=[
        ApiUsage(provider, model, requests, output_tokens=tokens, zone=zone, zone_documented=True)
    ]))
    ref = llm_impacts(provider, model, tokens, math.inf, zone)
    yearly = requests * 12
    lo, hi = _bounds(ref.gwp.value)
    assert result.total.gwp_kgco2e.min == pytest.approx(lo * yearly, rel=1e-12)
    assert result.total.gwp_kgco2e.max == pytest.approx(hi * yearly, rel=1e-12)
    lo, hi = _bounds(ref.energy.value)
    per_request = result.per_unit["requête"]
    assert per_request.energy_kwh.min == pytest.approx(lo, rel=1e-12)
    assert per_request.energy_kwh.max == pytest.approx(hi, rel=1e-12)
    lo, hi = _bounds(ref.wcf.value)
    assert per_request.water_l.max == pytest.approx(hi, rel=1e-12)
    assert result.versions["ecologits"] == "0.11.3"


def test_default_zone_is_the_providers_not_france():
    result = assess(Inputs(profiles=[ApiUsage("openai", "gpt-4o", 1000, output_tokens=500)]))
    ref = llm_impacts("openai", "gpt-4o", 500, math.inf)  # EcoLogits' own default: USA
    lo, hi = _bounds(ref.gwp.value)
    assert result.per_unit["requête"].gwp_kgco2e.min == pytest.approx(lo, rel=1e-12)
    assert result.per_unit["requête"].gwp_kgco2e.max == pytest.approx(hi, rel=1e-12)
    # Recorded in the footprint methodology (a run of 0.11.3): gpt-4o, default US zone,
    # 0.30–0.48 gCO2e per 500-token request.
    assert 0.25e-3 < result.per_unit["requête"].gwp_kgco2e.min < 0.35e-3
    assert 0.43e-3 < result.per_unit["requête"].gwp_kgco2e.max < 0.53e-3


def test_france_only_when_documented():
    undocumented = assess(Inputs(profiles=[
        ApiUsage("openai", "gpt-4o-mini", 1000, output_tokens=500, zone="FRA")]))
    documented = assess(Inputs(profiles=[
        ApiUsage("openai", "gpt-4o-mini", 1000, output_tokens=500, zone="FRA",
                 zone_documented=True)]))
    us = llm_impacts("openai", "gpt-4o-mini", 500, math.inf, "USA")
    fr = llm_impacts("openai", "gpt-4o-mini", 500, math.inf, "FRA")
    assert undocumented.per_unit["requête"].gwp_kgco2e.max == pytest.approx(
        _bounds(us.gwp.value)[1], rel=1e-12)
    assert documented.per_unit["requête"].gwp_kgco2e.max == pytest.approx(
        _bounds(fr.gwp.value)[1], rel=1e-12)
    assert any("n'est pas indiqué comme documenté" in w for w in undocumented.warnings)
    # Recorded in the footprint methodology (a run of 0.11.3): gpt-4o-mini in France,
    # 500 tokens: 0.032–0.039 Wh, 2.5–2.7 mgCO2e.
    per_req = documented.per_unit["requête"]
    assert 0.031 < per_req.energy_kwh.min * 1000 < 0.033
    assert 0.038 < per_req.energy_kwh.max * 1000 < 0.040
    assert 2.4e-6 < per_req.gwp_kgco2e.min < 2.6e-6


def test_use_case_defaults_and_model_list():
    assert set(USE_CASES) == {"assistant téléphonique ou conversationnel", "rédaction",
                              "compte rendu de réunion", "résumé"}
    assert set(list_providers()) == {"anthropic", "cohere", "google_genai", "huggingface_hub",
                                     "mistralai", "openai"}
    assert "gpt-4o-mini" in list_models("openai")
    assert sum(len(list_models(p)) for p in list_providers()) >= 342
    result = assess(Inputs(profiles=[
        ApiUsage("mistralai", "mistral-small-latest", 100, use_case="compte rendu de réunion")]))
    ref = llm_impacts("mistralai", "mistral-small-latest", 2000, math.inf, "SWE")
    assert result.per_unit["requête"].energy_kwh.central == pytest.approx(
        ref.energy.value if not hasattr(ref.energy.value, "min") else ref.energy.value.mean,
        rel=1e-12)
    assert result.per_unit["document"] == result.per_unit["requête"]
    assert any("EcoLogits Calculator" in s["name"] for s in result.sources)
