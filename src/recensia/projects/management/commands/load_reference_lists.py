import json
from pathlib import Path

from django.core.management.base import BaseCommand

from recensia.projects.services import load_reference_lists
from recensia.search.services import load_synonyms

DATA = Path(__file__).resolve().parents[2] / "data" / "reference_lists.json"
SYNONYMS = Path(__file__).resolve().parents[3] / "search" / "data" / "synonyms.txt"


class Command(BaseCommand):
    help = ("Charge les listes de référence (domaines, techniques d'IA). Idempotent : "
            "n'efface ni ne renomme rien de ce que la modération a changé.")

    def handle(self, *args, **options):
        report = load_reference_lists(json.loads(DATA.read_text(encoding="utf-8")))
        self.stdout.write(str(report))
        created = load_synonyms(SYNONYMS.read_text(encoding="utf-8").splitlines())
        self.stdout.write(f"Synonymes de recherche : {created} groupe(s) ajouté(s).")
