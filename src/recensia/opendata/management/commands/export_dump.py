from pathlib import Path

from django.core.management.base import BaseCommand

from recensia.opendata.exports import write_dump


class Command(BaseCommand):
    help = ("Écrit l'export complet des projets publiés : projets.csv, projets.json, "
            "projets.xlsx, le schéma (projets.schema.json), la description DCAT-AP "
            "(dcat.jsonld) et les grilles d'achat publiées (grilles-achat.json).")

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=Path("var/export"),
                            help="Dossier où écrire les fichiers (créé au besoin ; par défaut "
                                 "var/export).")
        parser.add_argument("--base-url", default="",
                            help="Adresse publique du site, par exemple https://recensia.fr : "
                                 "adresses absolues des fiches et des fichiers dans dcat.jsonld "
                                 "(sans elle, les fichiers sont nommés relativement à "
                                 "dcat.jsonld).")

    def handle(self, *args, dir: Path, base_url: str, **options):  # noqa: A002
        written = write_dump(dir, base_url=base_url,
                             progress=lambda path: self.stdout.write(f"Écriture de {path}…"))
        self.stdout.write(f"Export complet écrit dans {dir} : "
                          + ", ".join(path.name for path in written.values()) + ".")
