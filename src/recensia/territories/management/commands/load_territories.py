"""recensia load_territories: load the official reference data of collectivités."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recensia.territories.services import ReferenceDataError, populate_reference_data


class Command(BaseCommand):
    help = (
        "Charge ou met à jour le référentiel officiel des collectivités (communes, EPCI, EPT, "
        "départements, régions) depuis les fichiers du découpage administratif d'Etalab "
        "fournis avec l'application. Ne supprime jamais rien : les collectivités qui ont "
        "disparu du référentiel sont marquées obsolètes. Peut être relancée sans risque."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true",
            help="Calcule et affiche les changements sans rien enregistrer.",
        )
        parser.add_argument(
            "--data-dir", type=Path, default=None,
            help="Dossier contenant les fichiers CSV du référentiel (par défaut : ceux "
            "fournis avec l'application).",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            report = populate_reference_data(
                dry_run=options["dry_run"], data_dir=options["data_dir"]
            )
        except ReferenceDataError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        self.stdout.write(str(report))
        self.stdout.write(f"Durée : {elapsed:.1f} s".replace(".", ","))
