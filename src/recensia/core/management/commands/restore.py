from pathlib import Path

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from recensia.core.backup import BackupError, Database, restore


class Command(BaseCommand):
    help = ("Remplace tout le contenu de la base de données par une sauvegarde de "
            "« recensia backup » (tout ou rien). Arrêtez les processus web avant, "
            "relancez-les après.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Fichier de sauvegarde (.sqlite3.gz ou "
                                                    ".pgdump).")
        parser.add_argument("--noinput", action="store_true",
                            help="Ne demande pas de confirmation.")

    def handle(self, *args, path: Path, noinput: bool, **options):
        connection = connections[DEFAULT_DB_ALIAS]
        name = connection.settings_dict["NAME"]
        if not noinput:
            answer = input(f"Tout le contenu de la base « {name} » sera remplacé par {path}. "
                           "Tapez « oui » pour continuer : ")
            if answer.strip().lower() != "oui":
                raise CommandError("Restauration annulée : rien n'a changé.")
        connection.close()
        try:
            restore(Database(connection.settings_dict), path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        # Pages kept in the cache (and the request counters) describe the replaced data.
        cache.clear()
        self.stdout.write(f"Base « {name} » restaurée depuis {path}. Relancez les processus "
                          "web : ils relisent alors l'index de recherche.")
