"""Benchmark of the footprint engine (recensia.footprint).

1. One assessment of a typical 3-profile project (API + self-hosted server + cameras),
   1,000 runs: median and p95 — target ≤ 5 ms.
2. Recomputing 100,000 stored assessments from their ``to_dict()`` form (JSON lines on
   disk, as a database would hold them): read, ``json.loads``, ``recompute``, compare the
   totals with the stored ones — target ≤ 2 minutes.

    .venv/bin/python benchmarks/footprint_bench.py [--runs 1000] [--stored 100000]

Prints a table with PASS/FAIL; exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from verdicts import print_verdicts  # noqa: E402

from recensia.footprint import (  # noqa: E402
    USE_CASES,
    ApiUsage,
    EdgeDevices,
    Gains,
    Inputs,
    SelfHosted,
    TrainingRun,
    assess,
    ecologits_bridge,  # noqa: E402
    recompute,
)
from recensia.footprint.ranges import IMPACT_FIELDS  # noqa: E402

TARGET_ASSESS_MS = 5.0
TARGET_RECOMPUTE_S = 120.0

TYPICAL = Inputs(
    profiles=[
        ApiUsage("mistralai", "mistral-small-latest", 3000, use_case="résumé",
                 label="Résumés de délibérations"),
        SelfHosted("L4", 1, 16, 64, 730, 0.2, None, "FRA", requests_per_month=1500,
                   label="Prévision de consommation d'eau"),
        EdgeDevices("camera", 12, None, 1.0, None, label="Caméras de comptage"),
    ],
    inhabitants=42_000,
)

API_MODELS = [
    ("openai", "gpt-4o-mini"), ("openai", "gpt-4o"), ("openai", "gpt-4.1-mini"),
    ("openai", "gpt-5-mini"), ("openai", "gpt-5"), ("mistralai", "mistral-small-latest"),
    ("mistralai", "mistral-medium-latest"), ("mistralai", "mistral-large-latest"),
    ("mistralai", "ministral-8b-latest"), ("anthropic", "claude-sonnet-4-5"),
    ("anthropic", "claude-haiku-4-5"), ("google_genai", "gemini-2.5-flash"),
    ("google_genai", "gemini-2.5-pro"), ("cohere", "command-a-03-2025"),
]
CUSTOM_TOKENS = [100, 150, 200, 300, 500, 800, 1000, 1500, 3000, 5000]
ZONES = [None, None, None, "FRA", "SWE", "DEU", "IRL", "NLD"]
COUNTRIES = ["FRA", "FRA", "FRA", "DEU", "SWE", "IRL", "NLD", "BEL", "ESP"]
GPUS = ["L4", "T4", "A10", "L40S", "H100", "A100-80", None]


def random_inputs(rng: random.Random) -> Inputs:
    profiles = []
    for _ in range(rng.randint(1, 4)):
        kind = rng.random()
        if kind < 0.5:
            provider, model = rng.choice(API_MODELS)
            custom = rng.random() < 0.2
            zone = rng.choice(ZONES)
            profiles.append(ApiUsage(
                provider, model, rng.choice([50, 200, 1000, 3000, 10_000, 50_000]) * rng.random(),
                use_case=None if custom else rng.choice(list(USE_CASES)),
                output_tokens=rng.choice(CUSTOM_TOKENS) if custom else None,
                zone=zone, zone_documented=zone is not None and rng.random() < 0.5))
        elif kind < 0.8:
            gpu = rng.choice(GPUS)
            profiles.append(SelfHosted(
                gpu, rng.randint(1, 4) if gpu else 0, rng.choice([4, 8, 16, 32]),
                rng.choice([16, 32, 64, 128]), rng.choice([730, 730, 200, 40]),
                round(rng.random(), 2), rng.choice([None, 1.2, 1.5, 1.8]), rng.choice(COUNTRIES),
                requests_per_month=rng.choice([None, 500, 5000])))
        else:
            profiles.append(EdgeDevices(
                rng.choice(["camera", "sensor", "edge_box", "gateway"]), rng.randint(0, 500),
                rng.choice([None, 5.0, 12.0]), rng.choice([1.0, 0.5, 0.1]),
                rng.choice([None, 6.0]), country=rng.choice(COUNTRIES)))
    trainings = []
    if rng.random() < 0.2:
        trainings.append(TrainingRun(hours=rng.choice([2, 10, 50]), gpu_model=rng.choice(GPUS[:-1]),
                                     gpu_count=rng.randint(1, 8)))
    gains = None
    if rng.random() < 0.3:
        gains = Gains(water_m3=rng.choice([0, 500, 5000]), car_km=rng.choice([0, 1000, 20_000]),
                      energy_kwh=rng.choice([0, 10_000]), food_waste_kg=rng.choice([0, 300]))
    return Inputs(profiles=profiles, trainings=trainings, gains=gains,
                  inhabitants=rng.choice([None, 1_500, 42_000, 600_000]))


def bench_assess(runs: int) -> dict[str, float]:
    ecologits_bridge.clear_cache()
    t0 = time.perf_counter()
    assess(TYPICAL)
    cold = (time.perf_counter() - t0) * 1000
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        assess(TYPICAL)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {
        "cold_ms": cold,
        "median_ms": statistics.median(times),
        "p95_ms": times[max(0, int(round(0.95 * len(times))) - 1)],
        "max_ms": times[-1],
    }


def bench_recompute(n: int) -> dict[str, float]:
    rng = random.Random(20261126)
    ecologits_bridge.clear_cache()
    fd, path = tempfile.mkstemp(prefix="footprint-bench-", suffix=".jsonl")
    os.close(fd)
    try:
        t0 = time.perf_counter()
        with open(path, "w", encoding="utf-8") as f:
            for _ in range(n):
                f.write(json.dumps(assess(random_inputs(rng)).to_dict(), ensure_ascii=False))
                f.write("\n")
        build_s = time.perf_counter() - t0
        size_mb = os.path.getsize(path) / 1e6
        ecologits_bridge.clear_cache()  # recompute starts cold, as in a fresh process
        differing = 0
        t0 = time.perf_counter()
        with open(path, encoding="utf-8") as f:
            for line in f:
                stored = json.loads(line)
                new = recompute(stored)
                old_total = stored["total"]
                for field in IMPACT_FIELDS:
                    if getattr(new.total, field).to_dict() != old_total[field]:
                        differing += 1
                        break
        recompute_s = time.perf_counter() - t0
        info = ecologits_bridge.api_request_impacts.cache_info()
    finally:
        os.unlink(path)
    return {"build_s": build_s, "recompute_s": recompute_s, "size_mb": size_mb,
            "differing": differing, "cache_hits": info.hits, "cache_misses": info.misses}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--stored", type=int, default=100_000)
    args = parser.parse_args()

    a = bench_assess(args.runs)
    r = bench_recompute(args.stored)
    ok_assess = a["median_ms"] <= TARGET_ASSESS_MS and a["p95_ms"] <= TARGET_ASSESS_MS
    ok_recompute = r["recompute_s"] <= TARGET_RECOMPUTE_S and r["differing"] == 0
    rows = [
        ("Évaluation, projet type à 3 profils (médiane)", f"{a['median_ms']:.3f} ms",
         f"≤ {TARGET_ASSESS_MS:g} ms", a["median_ms"] <= TARGET_ASSESS_MS),
        (f"Évaluation, p95 sur {args.runs} exécutions", f"{a['p95_ms']:.3f} ms",
         f"≤ {TARGET_ASSESS_MS:g} ms", a["p95_ms"] <= TARGET_ASSESS_MS),
        ("Évaluation, premier appel (cache EcoLogits vide)", f"{a['cold_ms']:.3f} ms", "—", None),
        (f"Recalcul de {args.stored:,} évaluations stockées".replace(",", " "),
         f"{r['recompute_s']:.1f} s", f"≤ {TARGET_RECOMPUTE_S:g} s",
         r["recompute_s"] <= TARGET_RECOMPUTE_S),
        ("  soit par évaluation", f"{r['recompute_s'] / args.stored * 1000:.3f} ms", "—", None),
        ("  résultats différents après recalcul", str(r["differing"]), "0", r["differing"] == 0),
        ("  cache EcoLogits (succès / échecs)", f"{r['cache_hits']} / {r['cache_misses']}", "—",
         None),
        ("Construction des évaluations stockées (hors cible)", f"{r['build_s']:.1f} s "
         f"({r['size_mb']:.0f} Mo JSON)", "—", None),
    ]
    print_verdicts(rows)
    return 0 if ok_assess and ok_recompute else 1


if __name__ == "__main__":
    raise SystemExit(main())
