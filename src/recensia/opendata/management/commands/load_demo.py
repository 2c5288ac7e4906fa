from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from recensia.evaluations.services import load_demo_evaluations
from recensia.opendata.importing import ImportFailed, import_projects, read_file
from recensia.pooling.services import load_demo_solutions
from recensia.projects import DATA_DIR

DEMO_FILE = DATA_DIR / "demo_projects.json"


class Command(BaseCommand):
    help = ("Charge le contenu de démonstration : les cas réels documentés de collectivités, "
            "publiés avec leurs sources, puis les pré-diagnostics établis par la plateforme à "
            "partir de ces sources, et le catalogue des solutions qu'ils utilisent. Rejouable sans "
            "effet.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Vérifie le fichier sans rien enregistrer.")

    def handle(self, *args, dry_run: bool, **options):
        with transaction.atomic():
            try:
                report = import_projects(read_file(DEMO_FILE), dry_run=dry_run)
            except ImportFailed as exc:
                raise CommandError(str(exc.report)) from exc
            self.stdout.write(f"Contenu de démonstration — {report}")
            # The catalogue of the solutions these projects use (solutions/data/).
            self.stdout.write("Contenu de démonstration — "
                              + load_demo_solutions(dry_run=dry_run))
            evaluations = load_demo_evaluations(dry_run=dry_run)
            self.stdout.write(f"Contenu de démonstration — {evaluations}")
