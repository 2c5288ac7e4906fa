"""Reading CodeCarbon's ``emissions.csv`` (MIT, github.com/mlco2/codecarbon).

CodeCarbon appends one row per tracked run (``EmissionsTracker`` /
``OfflineEmissionsTracker``) with, among others: ``timestamp, project_name, run_id,
experiment_id, duration`` (s), ``emissions`` (kgCO2e), ``emissions_rate``,
``cpu_power, gpu_power, ram_power`` (W), ``cpu_energy, gpu_energy, ram_energy,
energy_consumed`` (kWh), ``water_consumed``, ``country_name, country_iso_code, region,
cloud_provider, cloud_region, os, python_version, codecarbon_version, cpu_count,
cpu_model, gpu_count, gpu_model, longitude, latitude, ram_total_size, tracking_mode,
on_cloud, pue``, ``wue``. Columns differ between versions: only ``duration``,
``emissions`` and ``energy_consumed`` are required here, in any order. A run flushed
several times appears on several rows with the same ``run_id`` and cumulative values:
the longest row of each run is kept. Since CodeCarbon 2.2.3, ``energy_consumed`` already
includes the ``pue`` the user set (1 by default).

Malformed files are refused with a ``FootprintError`` naming the line and the column.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from . import constants as C
from .errors import FootprintError, Path

REQUIRED = ("duration", "emissions", "energy_consumed")
NUMERIC_OPTIONAL = ("cpu_count", "gpu_count", "pue", "water_consumed", "ram_total_size",
                    "cpu_energy", "gpu_energy", "ram_energy")


@dataclass(frozen=True)
class CodeCarbonSummary:
    rows: int
    runs: int
    duration_h: float
    energy_kwh: float
    emissions_kg: float
    water_l: float | None
    country_iso_code: str | None
    gpu_model_raw: str
    gpu_model_key: str | None
    gpu_count: int
    cpu_count: int
    ram_gb: float
    pue: float | None
    codecarbon_versions: tuple[str, ...]

    @property
    def pue_included(self) -> bool:
        return self.pue is not None and self.pue > 1.0


def _gpu_key(raw: str) -> str | None:
    s = raw.upper()
    if not s.strip():
        return None
    if "H200" in s:
        return "H200"
    if "H100" in s:
        return "H100"
    if "A100" in s:
        return "A100-80" if "80G" in s else "A100-40"
    if "L40S" in s:
        return "L40S"
    if re.search(r"\bL4\b", s):
        return "L4"
    if re.search(r"\bA10\b", s) or "A10G" in s:
        return "A10"
    if re.search(r"\bT4\b", s):
        return "T4"
    if "V100" in s:
        return "V100"
    if "4090" in s:
        return "RTX4090"
    return None


def _gpu_count_from_model(raw: str) -> int:
    m = re.match(r"\s*(\d+)\s*[x×]\s*", raw)
    return int(m.group(1)) if m else 0


def parse_codecarbon_csv(text: str, path: Path = ("codecarbon_csv",)) -> CodeCarbonSummary:
    """Parse the text of a CodeCarbon ``emissions.csv`` file and sum its runs."""
    if not isinstance(text, str):
        raise FootprintError(path, "Le fichier CodeCarbon doit être fourni sous forme de texte.")
    return _parse(text, path)


@lru_cache(maxsize=16)
def _parse(text: str, path: Path) -> CodeCarbonSummary:
    if len(text.encode("utf-8", "ignore")) > C.MAX_CSV_BYTES:
        raise FootprintError(path, "Le fichier CodeCarbon est trop volumineux (20 Mo au plus).")
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise FootprintError(path, "Le fichier CodeCarbon est vide.")
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    decimal_comma = delimiter == ";"
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise FootprintError(path, f"Ligne 1 : en-tête illisible ({exc}).") from exc
    header = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise FootprintError(
            path,
            "Ce fichier ne ressemble pas à un emissions.csv de CodeCarbon : colonne(s) "
            f"absente(s) de l'en-tête (ligne 1) : {', '.join(missing)}.",
        )
    dupes = [h for h, n in Counter(header).items() if n > 1 and h]
    if dupes:
        raise FootprintError(path, f"Ligne 1 : colonne en double : « {dupes[0]} ».")
    idx = {h: i for i, h in enumerate(header)}

    def num(row: list[str], col: str, line: int, *, required: bool) -> float | None:
        if col not in idx:
            return None
        raw = row[idx[col]].strip()
        if raw == "" or raw.lower() in {"nan", "none", "null"}:
            if required:
                raise FootprintError(path, f"Ligne {line}, colonne « {col} » : valeur absente.")
            return None
        value_text = raw.replace(",", ".") if decimal_comma else raw
        try:
            value = float(value_text)
        except ValueError:
            raise FootprintError(
                path, f"Ligne {line}, colonne « {col} » : « {raw[:40]} » n'est pas un nombre."
            ) from None
        if not math.isfinite(value):
            raise FootprintError(path, f"Ligne {line}, colonne « {col} » : valeur non finie "
                                        f"(« {raw[:40]} »).")
        if value < 0:
            raise FootprintError(path, f"Ligne {line}, colonne « {col} » : valeur négative "
                                        f"(« {raw[:40]} »).")
        return value

    runs: dict[str, dict] = {}
    rows = 0
    try:
        for row in reader:
            line = reader.line_num
            if not row or all(not c.strip() for c in row):
                continue
            if len(row) != len(header):
                raise FootprintError(
                    path, f"Ligne {line} : {len(row)} valeur(s) pour {len(header)} colonne(s) "
                           "dans l'en-tête."
                )
            rows += 1
            duration = num(row, "duration", line, required=True)
            emissions = num(row, "emissions", line, required=True)
            energy = num(row, "energy_consumed", line, required=True)
            if duration > C.MAX_TRAINING_HOURS * 3600:
                raise FootprintError(path, f"Ligne {line}, colonne « duration » : durée "
                                            "invraisemblable (en secondes).")
            rec = {
                "duration": duration, "emissions": emissions, "energy": energy,
                "water": num(row, "water_consumed", line, required=False),
                "gpu_count": num(row, "gpu_count", line, required=False),
                "cpu_count": num(row, "cpu_count", line, required=False),
                "ram": num(row, "ram_total_size", line, required=False),
                "pue": num(row, "pue", line, required=False),
                "country": row[idx["country_iso_code"]].strip().upper()
                if "country_iso_code" in idx else "",
                "gpu_model": row[idx["gpu_model"]].strip() if "gpu_model" in idx else "",
                "version": row[idx["codecarbon_version"]].strip()
                if "codecarbon_version" in idx else "",
            }
            run_id = row[idx["run_id"]].strip() if "run_id" in idx else ""
            key = run_id or f"ligne-{line}"
            prev = runs.get(key)
            if prev is None or rec["duration"] >= prev["duration"]:
                runs[key] = rec
    except csv.Error as exc:
        raise FootprintError(
            path, f"Ligne {reader.line_num} : ligne CSV illisible ({exc})."
        ) from exc
    if rows == 0:
        raise FootprintError(path, "Le fichier CodeCarbon ne contient aucune mesure (seulement "
                                    "l'en-tête).")
    recs = list(runs.values())
    countries = Counter(r["country"] for r in recs if r["country"])
    gpu_raws = Counter(r["gpu_model"] for r in recs if r["gpu_model"])
    gpu_raw = gpu_raws.most_common(1)[0][0] if gpu_raws else ""
    gpu_count = max((int(r["gpu_count"] or 0) for r in recs), default=0)
    if gpu_count == 0 and gpu_raw:
        gpu_count = _gpu_count_from_model(gpu_raw)
    waters = [r["water"] for r in recs if r["water"] is not None]
    pues = [r["pue"] for r in recs if r["pue"] is not None]
    return CodeCarbonSummary(
        rows=rows,
        runs=len(recs),
        duration_h=sum(r["duration"] for r in recs) / 3600.0,
        energy_kwh=sum(r["energy"] for r in recs),
        emissions_kg=sum(r["emissions"] for r in recs),
        water_l=sum(waters) if waters else None,
        country_iso_code=countries.most_common(1)[0][0] if countries else None,
        gpu_model_raw=gpu_raw,
        gpu_model_key=_gpu_key(gpu_raw),
        gpu_count=gpu_count,
        cpu_count=max((int(r["cpu_count"] or 0) for r in recs), default=0),
        ram_gb=max((r["ram"] or 0.0 for r in recs), default=0.0),
        pue=max(pues) if pues else None,
        codecarbon_versions=tuple(sorted({r["version"] for r in recs if r["version"]})),
    )
