"""The register's lists (domains, AI techniques) and the search synonyms. It sits in search,
the higher of the two apps it fills."""

import json

from django.core.management.base import BaseCommand

from recensia.projects import DATA_DIR
from recensia.projects.taxonomy import load_reference_lists
from recensia.search.services import SYNONYMS_FILE, load_synonyms

DATA = DATA_DIR / "reference_lists.json"
SYNONYMS = SYNONYMS_FILE


class Command(BaseCommand):
    help = ("Charge les listes de référence (domaines, techniques d'IA). Idempotent : "
            "n'efface ni ne renomme rien de ce que la modération a changé.")

    def handle(self, *args, **options):
        report = load_reference_lists(json.loads(DATA.read_text(encoding="utf-8")))
        self.stdout.write(str(report))
        created = load_synonyms(SYNONYMS.read_text(encoding="utf-8").splitlines())
        self.stdout.write(f"Synonymes de recherche : {created} groupe(s) ajouté(s).")
