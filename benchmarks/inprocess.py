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
            "load_rss_mb": _rss_mb(), **sample(seed)}


PAGES = 5000  # distinct project pages, spread over the whole register
SEARCHES = 6000  # distinct searches: the HTTP scenario never runs out of new ones


def sample(seed: int = 20260401) -> dict:
    """Pages and searches of the HTTP scenarios (deterministic for a seed)."""
    import random

    from recensia.projects.models import Domain, Project, Technique, WorkflowState
    from recensia.search.index import POPULATION_BANDS
    from recensia.territories.models import Organization, OrganizationKind

    ids = list(Project.objects.filter(state=WorkflowState.PUBLISHED)
               .order_by("id").values_list("id", flat=True))
    step = max(1, len(ids) // PAGES)
    chosen = ids[::step][:PAGES]
    slugs = list(Project.objects.filter(id__in=chosen).order_by("id")
                 .values_list("slug", flat=True))
    rng = random.Random(seed)
    rng.shuffle(slugs)
    return {
        "slugs": slugs,
        "queries": queries(rng, ids),
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


def queries(rng, ids: list[int]) -> list[dict]:
    """What users type, mostly distinct: words of the register's vocabulary (frequent and
    rare alike), two or three words in a row from a project's title or description, words
    with a typo, everyday words of the thesaurus and the evaluation set's queries."""
    from recensia.projects.models import Project
    from recensia.search.models import SearchTerm
    from recensia.search.quality import read_queries
    from recensia.search.services import SYNONYMS_FILE

    vocabulary = list(SearchTerm.objects.order_by("word").values_list("word", flat=True))
    texts = list(Project.objects.filter(id__in=rng.sample(ids, min(len(ids), 3000)))
                 .order_by("id").values_list("title", "short_description"))
    thesaurus = [t.strip() for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#")
                 for t in line.replace(">", ",").split(",") if t.strip()]
    judged = [j.query for j in read_queries()]
    letters = "abcdefghijklmnopqrstuvwxyzéè"
    out: list[dict] = []
    seen: set[str] = set()
    while len(out) < SEARCHES:
        r = rng.random()
        if r < 0.35:
            kind, q = "mot", rng.choice(vocabulary)
        elif r < 0.6:
            words = rng.choice(rng.choice(texts)).split()
            n = rng.randint(2, 3)
            start = rng.randrange(max(1, len(words) - n + 1))
            kind, q = "expression", " ".join(words[start:start + n])
        elif r < 0.75:
            word = rng.choice([w for w in rng.sample(vocabulary, 20) if len(w) >= 5] or
                              ["inondation"])
            i = rng.randrange(len(word))
            q = rng.choice([word[:i] + word[i + 1:], word[:i] + rng.choice(letters)
                            + word[i + 1:], word[:i] + rng.choice(letters) + word[i:]])
            kind = "faute"
        elif r < 0.9:
            kind, q = "thésaurus", rng.choice(thesaurus)
        else:
            kind, q = "jeu d'évaluation", rng.choice(judged)
        if q in seen and kind != "jeu d'évaluation":
            continue
        seen.add(q)
        out.append({"q": q, "kind": kind})
    return out


def _median_ms(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def floor(plan: dict) -> dict:
    from recensia.search import selectors
    from recensia.search.state import STATE, get_index

    repeat = plan.get("repeat", 15)
    rss_before = _rss_mb()
    STATE.reset()
    started = time.perf_counter()
    index = get_index()
    build_s = time.perf_counter() - started
    rss_index = _rss_mb() - rss_before
    result = {"index_build_s": build_s, "index_size": index.size,
              "index_rss_mb": rss_index, "postings": int(len(index.text.slots)),
              "queries": []}
    for entry in plan["searches"]:
        q, filters = entry["q"], entry["filters"]
        parsed = selectors.parse_query(q)

        def cold(q=q, filters=filters):
            STATE.forget_matches()
            selectors.search_projects(q=q, filters=filters)

        def engine(parsed=parsed):
            STATE.forget_matches()
            selectors.match(index, parsed)

        STATE.forget_matches()
        matches = selectors.match(index, parsed).bitmap.bit_count() if parsed.groups else 0
        result["queries"].append({
            "q": q, "filters": filters, "matches": matches,
            "total": selectors.search_projects(q=q, filters=filters).total,
            "parse_ms": _median_ms(lambda q=q: selectors.parse_query(q), repeat),
            "match_ms": _median_ms(engine, repeat),
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
