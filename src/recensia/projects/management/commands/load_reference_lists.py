import json
from pathlib import Path

from django.core.management.base import BaseCommand

from recensia.projects.services import load_reference_lists

DATA = Path(__file__).resolve().parents[2] / "data" / "reference_lists.json"


class Command(BaseCommand):
    help = ("Charge les listes de référence (domaines, techniques d'IA). Idempotent : "
            "n'efface ni ne renomme rien de ce que la modération a changé.")

    def handle(self, *args, **options):
        report = load_reference_lists(json.loads(DATA.read_text(encoding="utf-8")))
        self.stdout.write(str(report))
