from recensia.opendata.commands import FileImportCommand
from recensia.opendata.importing import import_projects, read_file


class Command(FileImportCommand):
    help = ("Importe un fichier de projets au format recensia-projets (JSON). "
            "Tout ou rien ; rejouable sans effet (identifiants d'origine stables).")
    path_help = "Chemin du fichier JSON à importer."

    def run(self, path, *, dry_run):
        return import_projects(read_file(path), dry_run=dry_run)
