"""Où va le temps d'une requête : cProfile de requêtes servies dans le processus.

    DATABASE_URL=sqlite:///var/bench/bench-100000.sqlite3 DEBUG=0 SECRET_KEY=x \\
        python benchmarks/profile_requests.py /projets/?q=fuites&domaine=... [--repeat 50]

Affiche la durée médiane, le nombre de requêtes SQL et leur durée, puis les fonctions
les plus coûteuses (temps cumulé), pour des requêtes déjà chaudes (index construit).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recensia.config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    for path in args.paths:
        assert client.get(path).status_code == 200, path  # noqa: S101 - warm up
    for path in args.paths:
        captured: list[tuple[float, str]] = []

        def record(execute, sql, params, many, context, captured=captured):
            t0 = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                captured.append(((time.perf_counter() - t0) * 1000, sql))

        with connection.execute_wrapper(record):
            client.get(path)
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
        print(f"{path}\n  médiane {statistics.median(times):.1f} ms, {len(captured)} requêtes "
              f"SQL ({sum(t for t, _ in captured):.1f} ms)")
        for ms, sql in sorted(captured, key=lambda c: -c[0])[:6]:
            print(f"    {ms:6.1f} ms  {sql[:300]}")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.repeat):
        for path in args.paths:
            client.get(path)
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stdout).sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
