from django.core.management.base import BaseCommand
from django.db import transaction

from recensia.evaluations.services import load_demo_evaluations
from recensia.imports.demo import load_demo_cases
from recensia.pooling.services import load_demo_solutions


class Command(BaseCommand):
    help = ("Charge le contenu de démonstration : les cas réels documentés de collectivités "
            "(deux tableaux importés par l'assistant d'import avec leurs correspondances "
            "enregistrées), publiés avec leurs sources, puis le catalogue des solutions qu'ils "
            "utilisent et les pré-diagnostics établis par la plateforme à partir de ces "
            "sources. Affiche le bilan de chaque ligne. Rejouable sans effet.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Vérifie les fichiers sans rien enregistrer.")

    def handle(self, *args, dry_run: bool, **options):
        with transaction.atomic():
            cases = load_demo_cases(dry_run=dry_run)
            self.stdout.write(f"Contenu de démonstration — {cases}")
            # The catalogue of the solutions these projects use (solutions/data/).
            self.stdout.write("Contenu de démonstration — "
                              + load_demo_solutions(dry_run=dry_run))
            evaluations = load_demo_evaluations(dry_run=dry_run)
            self.stdout.write(f"Contenu de démonstration — {evaluations}")
