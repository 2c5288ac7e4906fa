"""Mesures dans un processus Django (lancé par run.py, une base par taille).

    python benchmarks/inprocess.py load N [--seed S]   # génère et charge, écrit du JSON
    python benchmarks/inprocess.py floor PLAN.json      # plancher : moteur seul, search_projects

La base est celle de DATABASE_URL ; le résultat est écrit en JSON sur la sortie standard.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recensia.config.settings")
    import django

    django.setup()


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def load(count: int, seed: int) -> dict:
    from generate import generate

    from recensia.opendata.bulk import bulk_import_projects

    started = time.perf_counter()
    items = generate(count, seed=seed)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    created = bulk_import_projects(items)
    loaded = time.perf_counter() - started
    return {"count": count, "created": created, "generate_s": generated, "load_s": loaded,
            "load_rss_mb": _rss_mb(), **sample()}


def sample() -> dict:
    """Slugs and facet values to rotate in the HTTP scenarios (deterministic)."""
    from recensia.projects.models import Domain, Project, Technique, WorkflowState
    from recensia.search.index import POPULATION_BANDS
    from recensia.territories.models import Organization, OrganizationKind

    ids = list(Project.objects.filter(state=WorkflowState.PUBLISHED)
               .order_by("id").values_list("id", flat=True))
    step = max(1, len(ids) // 400)
    chosen = ids[::step][:400]
    slugs = list(Project.objects.filter(id__in=chosen).order_by("id")
                 .values_list("slug", flat=True))
    return {
        "slugs": slugs,
        "facets": {
            "domaine": list(Domain.objects.order_by("position").values_list("slug", flat=True)),
            "technique": list(Technique.objects.order_by("position")
                              .values_list("slug", flat=True)),
            "avancement": ["idea", "study", "pilot", "deployed", "stopped"],
            "type": ["commune", "epci", "departement", "region"],
            "region": list(Organization.objects.filter(kind=OrganizationKind.REGION)
                           .order_by("insee_code").values_list("insee_code", flat=True)),
            "annee": [str(y) for y in range(2018, 2027)],
            "population": [key for key, *_rest in POPULATION_BANDS],
        },
    }


def _median_ms(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def floor(plan: dict) -> dict:
    from recensia.search import selectors
    from recensia.search.backends import get_backend
    from recensia.search.state import STATE, get_index

    repeat = plan.get("repeat", 15)
    rss_before = _rss_mb()
    STATE.reset()
    started = time.perf_counter()
    index = get_index()
    build_s = time.perf_counter() - started
    rss_index = _rss_mb() - rss_before
    result = {"index_build_s": build_s, "index_size": index.size,
              "index_rss_mb": rss_index, "queries": []}
    backend = get_backend()
    for entry in plan["searches"]:
        q, filters = entry["q"], entry["filters"]
        parsed = selectors.parse_query(q)
        all_ids, title_ids = backend.match(parsed)

        def cold(q=q, filters=filters):
            STATE.forget_matches()
            selectors.search_projects(q=q, filters=filters)

        result["queries"].append({
            "q": q, "filters": filters, "matches": len(all_ids), "title": len(title_ids),
            "total": selectors.search_projects(q=q, filters=filters).total,
            "parse_ms": _median_ms(lambda q=q: selectors.parse_query(q), repeat),
            "match_ms": _median_ms(lambda p=parsed: backend.match(p), repeat),
            "search_cold_ms": _median_ms(cold, repeat),
            "search_warm_ms": _median_ms(
                lambda q=q, f=filters: selectors.search_projects(q=q, filters=f), repeat),
        })
    return result


def main(argv: list[str]) -> int:
    _setup()
    if argv[0] == "load":
        seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 20260401
        print(json.dumps(load(int(argv[1]), seed)))
    elif argv[0] == "floor":
        print(json.dumps(floor(json.loads(Path(argv[1]).read_text(encoding="utf-8")))))
    else:
        raise SystemExit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
