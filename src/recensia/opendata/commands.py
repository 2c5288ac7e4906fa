"""What the import commands share: a file, ``--dry-run``, all or nothing, the French report."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recensia.opendata.importing import ImportFailed, ImportReport

DRY_RUN_HELP = "Vérifie le fichier et affiche le bilan sans rien enregistrer."


class FileImportCommand(BaseCommand):
    path_help = ""
    dry_run_help = DRY_RUN_HELP

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help=self.path_help)
        parser.add_argument("--dry-run", action="store_true", help=self.dry_run_help)

    def run(self, path: Path, *, dry_run: bool) -> ImportReport:
        """Imports the file; raises ``ImportFailed`` (or returns a report with problems)."""
        raise NotImplementedError

    def handle(self, *args, path: Path, dry_run: bool, **options):
        try:
            report = self.run(path, dry_run=dry_run)
        except ImportFailed as exc:
            raise CommandError(str(exc.report)) from exc
        if not report.ok:
            raise CommandError(str(report))
        self.stdout.write(str(report))
