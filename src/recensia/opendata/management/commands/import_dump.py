from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recensia.opendata.dump import import_dump, read_dump
from recensia.opendata.importing import ImportFailed


class Command(BaseCommand):
    help = ("Importe un export projets.json (de « recensia export_dump » ou de "
            "/donnees/projets.json) : chaque projet publié, avec ses indicateurs et ses "
            "sources, à la même adresse que sur le site d'origine. Tout ou rien ; rejouable.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Chemin du fichier projets.json.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Vérifie le fichier et affiche le bilan sans rien enregistrer.")

    def handle(self, *args, path: Path, dry_run: bool, **options):
        try:
            report = import_dump(read_dump(path), dry_run=dry_run)
        except ImportFailed as exc:
            raise CommandError(str(exc.report)) from exc
        self.stdout.write(str(report))
