from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from recensia.core.backup import BackupError, Database, backup, prune


class Command(BaseCommand):
    help = ("Sauvegarde complète de la base de données (toutes les tables : projets dans "
            "tous les états et toutes leurs versions, évaluations, listes, synonymes, "
            "comptes, adhésions, clés d'API) avec l'outil de la base : API de sauvegarde "
            "de SQLite ou pg_dump.")

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=None,
                            help="Dossier des sauvegardes (par défaut BACKUP_DIR, sinon "
                                 "var/backups).")
        parser.add_argument("--keep", type=int, default=0,
                            help="Ne garde que les N sauvegardes les plus récentes du dossier "
                                 "(0 : les garde toutes).")

    def handle(self, *args, dir: Path | None, keep: int, **options):  # noqa: A002
        directory = dir or Path(settings.BACKUP_DIR)
        if keep < 0:
            raise CommandError("--keep attend un nombre positif ou nul.")
        try:
            path = backup(Database(connections[DEFAULT_DB_ALIAS].settings_dict), directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = path.stat().st_size
        self.stdout.write(f"Sauvegarde écrite : {path} ({size / 1_000_000:.1f} Mo).")
        for old in prune(directory, keep=keep):
            self.stdout.write(f"Ancienne sauvegarde supprimée : {old.name}.")
