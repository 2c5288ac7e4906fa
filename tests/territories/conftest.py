"""Fixtures for the territories tests.

``territories_loaded`` loads the full bundled reference data (~36,000 rows) once, outside the
per-test transactions (how long that takes is measured by benchmarks/reference_bench.py,
not here), so the tests of this package read it without reloading it. It is
package-scoped rather than session-scoped (the fixture is only visible here anyway): the rows
are removed as soon as the last test of tests/territories has run, so later tests (and
factories, whose codes 90000+n and SIREN 219000000+n are real Territoire de Belfort codes)
start from an empty table, also with ``--reuse-db``.

``make_data_dir`` writes a small, fictitious reference data set (codes that do not exist in
the real data) into a temporary directory, for obsolescence and dry-run tests.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from recensia.territories.services import PopulateReport, populate_reference_data


@dataclass
class LoadedReferenceData:
    report: PopulateReport


@pytest.fixture(scope="package")
def territories_loaded(django_db_setup, django_db_blocker) -> LoadedReferenceData:
    from recensia.territories.models import Organization

    with django_db_blocker.unblock():
        loaded = LoadedReferenceData(report=populate_reference_data())
    yield loaded
    with django_db_blocker.unblock():
        reference = Organization.objects.filter(from_reference_data=True)
        reference.update(departement=None, region=None, epci=None)
        # A plain DELETE: Model.delete()'s collector takes seconds on 36,000 rows.
        table = connection.ops.quote_name(Organization._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE from_reference_data = %s",  # noqa: S608
                           [True])


# A small, fictitious reference data set: region 99, département 99, communes 99xxx
# (99 is the INSEE prefix of foreign countries, so no real commune collides).
SMALL_DATA: dict[str, list[list[str]]] = {
    "regions.csv": [["code", "name", "zone"], ["99", "Région de test", "metro"]],
    "departements.csv": [["code", "name", "region", "zone"],
                         ["99", "Département de test", "99", "metro"]],
    "communes.csv": [
        ["insee_code", "name", "siren", "population", "departement", "postal_codes"],
        ["99001", "Villetest", "219999001", "12000", "99", "99100"],
        ["99002", "Bourg-d'Essai", "219999002", "3000", "99", "99100 99120"],
        ["99003", "Hameau-Témoin", "219999003", "", "99", ""],
    ],
    "epci.csv": [["siren", "name", "type", "population"],
                 ["299999991", "CA de Test", "CA", "15000"]],
    "epci_members.csv": [["epci_siren", "commune_insee"],
                         ["299999991", "99001"], ["299999991", "99002"]],
    "ept.csv": [["siren", "name", "population"]],
    "ept_members.csv": [["ept_siren", "commune_insee"]],
}


def write_data_dir(path: Path, data: dict[str, list[list[str]]]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for name, rows in data.items():
        with (path / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
    return path


@pytest.fixture
def make_data_dir(tmp_path) -> Callable[..., Path]:
    """make_data_dir(name, drop_communes=(), extra_communes=()) -> a data directory."""
    counter = 0

    def make(*, drop_communes: tuple[str, ...] = (),
             extra_communes: tuple[list[str], ...] = ()) -> Path:
        nonlocal counter
        counter += 1
        data = {name: [list(row) for row in rows] for name, rows in SMALL_DATA.items()}
        data["communes.csv"] = [row for row in data["communes.csv"]
                                if row[0] not in drop_communes] + list(extra_communes)
        data["epci_members.csv"] = [row for row in data["epci_members.csv"]
                                    if row[1] not in drop_communes]
        return write_data_dir(tmp_path / f"data{counter}", data)

    return make
