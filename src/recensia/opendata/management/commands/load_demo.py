from django.core.management.base import BaseCommand, CommandError

from recensia.opendata.importing import ImportFailed, import_projects, read_file
from recensia.projects import DATA_DIR

DEMO_FILE = DATA_DIR / "demo_projects.json"


class Command(BaseCommand):
    help = ("Charge le contenu de démonstration : les cas réels documentés de collectivités, "
            "publiés avec leurs sources. Rejouable sans effet.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Vérifie le fichier sans rien enregistrer.")

    def handle(self, *args, dry_run: bool, **options):
        try:
            report = import_projects(read_file(DEMO_FILE), dry_run=dry_run)
        except ImportFailed as exc:
            raise CommandError(str(exc.report)) from exc
        self.stdout.write(f"Contenu de démonstration — {report}")
