"""The demonstration: real, sourced cases of collectivités, brought in the way a collectivité
brings its own inventory — each table (``data/demo/*.csv``, as collected) through its
confirmed mapping (``*.correspondances.json``: the meaning of each column and of each
distinct value, the public bodies to create), replayed by the import assistant.

What no table holds is kept apart and labelled: ``complements_editoriaux.json``, the
summaries, descriptions, keywords and measured indicators the platform's moderation wrote
from the sources of the first table's rows.

The load report names every row of every table: the published entry it became, or why it
could not be published.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recensia.imports.mapping import Mapping
from recensia.imports.models import ImportedRow, ImportJob
from recensia.imports.reading import read_sheet
from recensia.imports.services import import_with_mapping

DEMO_DIR = Path(__file__).resolve().parent / "data" / "demo"
TABLES = ("cas_collectivites_ia.csv", "cas_collectivites_ia_lot2.csv")
COMPLEMENTS = DEMO_DIR / "complements_editoriaux.json"
Outcome = ImportedRow.Outcome


def mapping_path(table: str) -> Path:
    return DEMO_DIR / table.replace(".csv", ".correspondances.json")


def read_complements(path: Path = COMPLEMENTS) -> dict[str, dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != "recensia-complements" or data.get("version") != 1:
        raise ValueError(f"{path.name} : format « recensia-complements » version 1 attendu.")
    return data["projects"]


@dataclass
class RowOutcome:
    table: str
    line: int          # the line of the file (1: its header)
    source_id: str
    loaded: bool
    text: str          # the entry it became, or why it is not published


@dataclass
class DemoLoad:
    rows: list[RowOutcome] = field(default_factory=list)

    @property
    def loaded(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.loaded]

    @property
    def explained(self) -> list[RowOutcome]:
        return [r for r in self.rows if not r.loaded]

    def __str__(self) -> str:
        lines = [f"Cas réels : {len(self.rows)} ligne(s) lue(s), {len(self.loaded)} publiée(s), "
                 f"{len(self.explained)} non publiée(s) (motif ci-dessous)."]
        for row in self.rows:
            state = "publiée" if row.loaded else "NON PUBLIÉE"
            lines.append(f"  {row.table}, ligne {row.line} ({row.source_id}) : {state} — "
                         f"{row.text}")
        return "\n".join(lines)


def _outcome(table: str, job: ImportJob, row: ImportedRow) -> RowOutcome:
    if row.outcome == Outcome.WRITTEN and row.project is not None:
        project = row.project
        kind = project.get_kind_display()
        return RowOutcome(table, row.line, row.source_id, True,
                          f"« {project.title} » ({kind[:1].lower()}{kind[1:]}, "
                          f"{project.owner.name}, {project.sources.count()} source(s))")
    if row.outcome == Outcome.WAITING:
        return RowOutcome(table, row.line, row.source_id, False,
                          "en attente de la validation de l'organisme porteur")
    reasons = [f"{p['field']} : {p['message']}" for p in job.problems
               if p["line"] == row.line]
    return RowOutcome(table, row.line, row.source_id, False,
                      " ; ".join(reasons) or "porteur introuvable")


def load_demo_cases(*, dry_run: bool = False) -> DemoLoad:
    """Imports each demonstration table with its saved mapping (and the editorial
    complements), as an administrator: public bodies are created, entries published.
    Replayable: a second run changes nothing."""
    complements = read_complements()
    result = DemoLoad()
    for table in TABLES:
        content = (DEMO_DIR / table).read_bytes()
        mapping = Mapping.from_data(json.loads(mapping_path(table).read_text(encoding="utf-8")))
        job = import_with_mapping(file_name=table, content=content, mapping=mapping,
                                  dry_run=dry_run, complements=complements)
        rows = {r.line: r for r in job.rows.select_related("project__owner")} \
            if not dry_run else {}
        for line in read_sheet(table, content).lines:
            row = rows.get(line)
            if row is None:
                result.rows.append(RowOutcome(table, line, "", False,
                                              "simulation : rien n'est enregistré"
                                              if dry_run else "ligne non traitée"))
            else:
                result.rows.append(_outcome(table, job, row))
    return result
