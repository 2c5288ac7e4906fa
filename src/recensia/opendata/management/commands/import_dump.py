from recensia.opendata.commands import FileImportCommand
from recensia.opendata.dump import import_dump, read_dump


class Command(FileImportCommand):
    help = ("Importe un export projets.json (de « recensia export_dump » ou de "
            "/donnees/projets.json) : chaque projet publié, avec ses indicateurs et ses "
            "sources, à la même adresse que sur le site d'origine. Tout ou rien ; rejouable.")
    path_help = "Chemin du fichier projets.json."

    def run(self, path, *, dry_run):
        return import_dump(read_dump(path), dry_run=dry_run)
