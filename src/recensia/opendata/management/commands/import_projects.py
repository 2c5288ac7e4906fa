from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recensia.opendata.importing import ImportFailed, import_projects, read_file


class Command(BaseCommand):
    help = ("Importe un fichier de projets au format recensia-projets (JSON). "
            "Tout ou rien ; rejouable sans effet (identifiants d'origine stables).")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Chemin du fichier JSON à importer.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Vérifie le fichier et affiche le bilan sans rien enregistrer.")

    def handle(self, *args, path: Path, dry_run: bool, **options):
        try:
            report = import_projects(read_file(path), dry_run=dry_run)
        except ImportFailed as exc:
            raise CommandError(str(exc.report)) from exc
        self.stdout.write(str(report))
