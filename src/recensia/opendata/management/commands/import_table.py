from django.core.management.base import CommandError

from recensia.opendata.commands import FileImportCommand
from recensia.opendata.tabular import TableError, import_table, read_table

PROGRESS_EVERY = 100


class Command(FileImportCommand):
    help = ("Importe un tableau de projets (CSV ou XLSX) aux colonnes de l'export "
            "(schéma projets.schema.json). Tout ou rien ; rejouable sans effet "
            "(identifiants source_id stables). Les nouveaux projets sont publiés.")
    path_help = "Chemin du fichier .csv ou .xlsx."
    dry_run_help = ("Vérifie le fichier et liste tous les problèmes, ligne par ligne, sans "
                    "rien enregistrer.")

    def run(self, path, *, dry_run):
        try:
            table = read_table(path.name, path.read_bytes())
        except OSError as exc:
            raise CommandError(f"Lecture impossible de {path} : {exc.strerror}.") from exc
        except TableError as exc:
            raise CommandError(f"Le fichier ne peut pas être lu : {exc}") from exc

        def progress(done: int, total: int) -> None:
            if total > PROGRESS_EVERY and (done % PROGRESS_EVERY == 0 or done == total):
                self.stdout.write(f"{done} projet(s) traité(s) sur {total}…")

        return import_table(table, dry_run=dry_run, progress=progress)
