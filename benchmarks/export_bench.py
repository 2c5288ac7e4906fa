"""Benchmark of the open-data exports and of the import assistant's background job.

On a new SQLite database (temporary file) or a PostgreSQL database given with
``--database-url`` (emptied): the reference data, then a synthetic register of ``--size``
published projects (``generate.py``, loaded by ``bulk_import_projects``), then:

1. the full CSV, JSON and XLSX exports (the code of ``/donnees/projets.*`` and
   ``export_dump``), each written to a temporary file and timed — target: the full CSV of
   100,000 projects in under 30 s (``make bench`` measures 100,000) — then the full CSV
   kept per version of the register (written once, then served as a file);
2. the import assistant's job on a file of ``--import-rows`` rows (read, checked, written
   by batches through the projects services), timed per row.

    DEBUG=0 .venv/bin/python benchmarks/export_bench.py [--size 100000] [--import-rows 1000]

Prints a table with PASS/FAIL; exits 1 if the CSV target is missed at 100,000 projects or
more (below that size the time is reported, without a verdict).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from reference_bench import _setup as setup_database  # noqa: E402
from verdicts import print_verdicts  # noqa: E402

TARGET_CSV_S = 30.0
TARGET_SIZE = 100_000


def _setup(database_url: str, cache_dir: Path) -> None:
    from django.core.management import call_command

    os.environ["EXPORT_CACHE_DIR"] = str(cache_dir)
    setup_database(database_url)  # migrated and emptied
    call_command("load_territories", verbosity=0)
    call_command("load_reference_lists", verbosity=0)


def _timed(write) -> float:
    started = time.perf_counter()
    with tempfile.TemporaryFile() as target:
        write(target)
    return time.perf_counter() - started


def bench_exports(size: int) -> dict[str, float]:
    from generate import generate

    from recensia.opendata import exports, selectors
    from recensia.opendata.bulk import bulk_import_projects

    started = time.perf_counter()
    bulk_import_projects(generate(size))
    load_s = time.perf_counter() - started
    ids = selectors.all_published_ids()

    def text(chunks):
        return lambda target: [target.write(c.encode()) for c in chunks]

    started = time.perf_counter()
    exports.cached_full_csv()
    cached_write_s = time.perf_counter() - started
    started = time.perf_counter()
    exports.cached_full_csv()  # the register has not changed: the same file
    cached_hit_s = time.perf_counter() - started
    return {
        "load_s": load_s, "count": len(ids), "cached_write_s": cached_write_s,
        "cached_hit_s": cached_hit_s,
        "csv_s": _timed(text(exports.csv_lines(selectors.projects_in_order(ids)))),
        "json_s": _timed(text(exports.json_chunks(selectors.projects_in_order(ids), len(ids)))),
        "xlsx_s": _timed(lambda target: exports.write_xlsx(selectors.projects_in_order(ids),
                                                           target)),
    }


def bench_import(rows: int) -> dict[str, float]:
    from recensia.imports.mapping import Mapping
    from recensia.imports.services import import_with_mapping
    from recensia.territories.models import Organization

    commune = Organization.objects.filter(kind="commune", insee_code="29019").first()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["N°", "Titre", "Code", "Statut", "Domaine", "Technique", "Lien"])
    for n in range(rows):
        writer.writerow([f"BANC-{n:06d}", f"Projet du banc d'essai numéro {n}",
                         "INSEE 29019", "en service depuis 2023", "administration",
                         "prévision", f"https://www.example.fr/banc/{n}"])
    mapping = Mapping(
        {"N°": "source_id", "Titre": "title", "Code": "owner", "Statut": "status",
         "Domaine": "domains", "Technique": "techniques", "Lien": "sources"},
        {"owner": {"INSEE 29019": {"value": "29019"}},
         "status": {"en service depuis 2023": {"value": "deployed", "start_year": 2023}},
         "domains": {"administration": {"value": ["administration-et-documents"]}},
         "techniques": {"prévision": {"value": ["prevision-par-apprentissage-automatique"]}}})
    started = time.perf_counter()
    job = import_with_mapping(file_name="banc.csv", content=out.getvalue().encode(),
                              mapping=mapping, organization=commune)
    return {"import_s": time.perf_counter() - started, "written": job.rows_written,
            "rows": rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=TARGET_SIZE)
    parser.add_argument("--import-rows", type=int, default=1000)
    parser.add_argument("--database-url", default=None,
                        help="base à utiliser (vidée) ; par défaut un fichier SQLite neuf")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="export-bench-") as tmp:
        _setup(args.database_url or f"sqlite:///{Path(tmp) / 'export.sqlite3'}",
               Path(tmp) / "exports")
        exported = bench_exports(args.size)
        imported = bench_import(args.import_rows)
    count = exported["count"]
    ok_csv = exported["csv_s"] <= TARGET_CSV_S if count >= TARGET_SIZE else None
    per_row_ms = imported["import_s"] / max(1, imported["rows"]) * 1000
    rows = [
        (f"Chargement de {count:,} projets publiés".replace(",", " "),
         f"{exported['load_s']:.1f} s", "—", None),
        (f"Export CSV complet ({count:,} projets)".replace(",", " "),
         f"{exported['csv_s']:.1f} s", f"≤ {TARGET_CSV_S:g} s à 100 000", ok_csv),
        ("  CSV complet déjà écrit pour cette version du registre",
         f"{exported['cached_hit_s']:.2f} s", "—", None),
        ("Export JSON complet", f"{exported['json_s']:.1f} s", "—", None),
        ("Export XLSX complet", f"{exported['xlsx_s']:.1f} s", "—", None),
        (f"Import par l'assistant ({imported['rows']:,} lignes)".replace(",", " "),
         f"{imported['import_s']:.1f} s", "—", imported["written"] == imported["rows"]),
        ("  soit par ligne (vérifiée puis écrite)", f"{per_row_ms:.0f} ms", "—", None),
    ]
    print_verdicts(rows, value_width=10, target_width=22)
    return 0 if ok_csv is not False and imported["written"] == imported["rows"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
