"""Benchmark of the reference data: its full load, and the NIS2 status of every collectivité.

1. Load of the bundled reference data (~36,000 collectivités: communes, EPCI, EPT,
   départements, régions, with their links) into a new, migrated database, through
   ``territories.services.populate_reference_data`` — target ≤ 30 s. A second run, which
   changes nothing, is timed too.
2. NIS2 status (pure ``compliance.nis2_status``) of every collectivité of that data, from
   the facts the product gives the engine — target ≤ 10 s for all of them.

    DEBUG=0 .venv/bin/python benchmarks/reference_bench.py [--database-url URL]

By default the database is a new SQLite file in a temporary directory (removed after); with
``--database-url`` (a PostgreSQL database that may be emptied), that database is used.
Prints a table with PASS/FAIL; exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from verdicts import print_verdicts  # noqa: E402

TARGET_LOAD_S = 30.0
TARGET_NIS2_S = 10.0


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recensia.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("flush", verbosity=0, interactive=False)


def bench_load() -> dict[str, float]:
    from recensia.territories.services import populate_reference_data

    started = time.perf_counter()
    first = populate_reference_data()
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    again = populate_reference_data()
    again_s = time.perf_counter() - started
    return {"load_s": load_s, "rows": first.created, "again_s": again_s,
            "again_changed": again.created + again.updated + again.obsoleted}


def bench_nis2() -> dict[str, float]:
    from django.db.models import Exists, OuterRef

    from recensia.compliance import OrgFacts, nis2_status
    from recensia.territories.models import Organization

    big_member = Organization.objects.filter(epci=OuterRef("pk"), population__gt=30_000)
    facts = [
        OrgFacts(kind=o.kind, epci_type=o.epci_type, population=o.population,
                 has_commune_over_30k=o.has_big if o.epci_type == "CA" else None,
                 other_type=o.other_type, name=o.name)
        for o in Organization.objects.annotate(has_big=Exists(big_member)).iterator(
            chunk_size=5000)
    ]
    started = time.perf_counter()
    for org in facts:
        nis2_status(org)
    return {"nis2_s": time.perf_counter() - started, "organizations": len(facts)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None,
                        help="base à utiliser (vidée) ; par défaut un fichier SQLite neuf")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="reference-bench-") as tmp:
        _setup(args.database_url or f"sqlite:///{Path(tmp) / 'reference.sqlite3'}")
        load = bench_load()
        nis2 = bench_nis2()

    ok_load = load["load_s"] <= TARGET_LOAD_S
    ok_nis2 = nis2["nis2_s"] <= TARGET_NIS2_S
    per_org_us = nis2["nis2_s"] / max(1, nis2["organizations"]) * 1e6
    rows = [
        (f"Chargement du référentiel ({load['rows']:,} lignes)".replace(",", " "),
         f"{load['load_s']:.1f} s", f"≤ {TARGET_LOAD_S:g} s", ok_load),
        ("  second chargement (rien ne change)", f"{load['again_s']:.1f} s", "—", None),
        ("  lignes modifiées par le second chargement", str(load["again_changed"]), "0",
         load["again_changed"] == 0),
        (f"Statut NIS2 de {nis2['organizations']:,} collectivités".replace(",", " "),
         f"{nis2['nis2_s']:.2f} s", f"≤ {TARGET_NIS2_S:g} s", ok_nis2),
        ("  soit par collectivité", f"{per_org_us:.1f} µs", "—", None),
    ]
    print_verdicts(rows, value_width=12, target_width=8)
    return 0 if ok_load and ok_nis2 and load["again_changed"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
