"""``recensia import_mapped FICHIER --correspondances MAPPING.json``: replays a mapping."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recensia.imports.mapping import Mapping, MappingError
from recensia.imports.reading import ReadError
from recensia.imports.services import import_with_mapping, propose_mapping
from recensia.territories.selectors import get_organization_by_code

BAR = 30


class Command(BaseCommand):
    help = ("Importe un tableau (CSV ou XLSX) avec des correspondances enregistrées (colonnes "
            "et valeurs, format « recensia-correspondances ») : les lignes sont vérifiées, "
            "puis enregistrées par lots ; chaque ligne est enregistrée ou listée avec son "
            "problème. Rejouable : un second passage ne change rien.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Le tableau à importer.")
        parser.add_argument("--correspondances", type=Path, required=True, dest="mapping",
                            help="Le fichier JSON des correspondances.")
        parser.add_argument("--collectivite", default="",
                            help="Code de la collectivité des lignes sans colonne porteuse "
                                 "(INSEE, SIREN, departement-29…).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Vérifie tout et affiche le bilan sans rien enregistrer.")
        parser.add_argument("--proposer", action="store_true",
                            help="N'importe rien : complète le fichier des correspondances "
                                 "(créé s'il manque) avec les propositions de l'assistant, "
                                 "chacune avec sa confiance, à relire avant de le rejouer.")

    def _propose(self, path: Path, mapping: Path) -> None:
        base = None
        if mapping.exists():
            try:
                base = Mapping.from_data(json.loads(mapping.read_text(encoding="utf-8")))
            except (ValueError, MappingError) as exc:
                raise CommandError(f"Correspondances illisibles ({mapping.name}) : {exc}") \
                    from exc
        try:
            proposed = propose_mapping(file_name=path.name, content=path.read_bytes(),
                                       base=base)
        except (OSError, ReadError) as exc:
            raise CommandError(f"{path.name} : {exc}") from exc
        mapping.write_text(proposed.dumps(), encoding="utf-8")
        counted = sum(len(v) for v in proposed.values.values())
        self.stdout.write(f"{mapping} : {len(proposed.columns)} colonne(s), {counted} "
                          "valeur(s) ; relisez les propositions (« confidence ») avant de "
                          "rejouer le fichier.")

    def _bar(self, job) -> None:
        total = max(1, 2 * job.row_count)
        done = job.rows_checked + job.rows_written + job.rows_failed + job.rows_waiting
        filled = min(BAR, BAR * done // total)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (BAR - filled)}] {job.rows_checked} "
                         f"vérifiée(s), {job.rows_written} enregistrée(s)")
        sys.stderr.flush()

    def handle(self, *args, path: Path, mapping: Path, collectivite: str, dry_run: bool,
               proposer: bool, **options):
        if proposer:
            self._propose(path, mapping)
            return
        try:
            loaded = Mapping.from_data(json.loads(mapping.read_text(encoding="utf-8")))
        except (OSError, ValueError, MappingError) as exc:
            raise CommandError(f"Correspondances illisibles ({mapping.name}) : {exc}") from exc
        organization = None
        if collectivite:
            organization = get_organization_by_code(collectivite)
            if organization is None:
                raise CommandError(f"Aucune collectivité n'a le code « {collectivite} ».")
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Fichier illisible : {exc}") from exc
        progress = self._bar if sys.stderr.isatty() else None
        try:
            job = import_with_mapping(file_name=path.name, content=content, mapping=loaded,
                                      organization=organization, dry_run=dry_run,
                                      progress=progress)
        except ReadError as exc:
            raise CommandError(f"{path.name} : {exc}") from exc
        if progress:
            sys.stderr.write("\n")
        for problem in job.problems:
            self.stdout.write(f"ligne {problem['line']}, {problem['field']} : "
                              f"{problem['message']} (cellule « {problem['cell']} »)")
        prefix = "Simulation : " if dry_run else ""
        self.stdout.write(f"{prefix}{path.name} : {job.row_count} ligne(s), "
                          f"{job.rows_written} enregistrée(s), {job.rows_waiting} en attente "
                          f"d'un organisme, {job.rows_failed} à corriger.")
