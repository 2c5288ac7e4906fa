from django.core.management.base import BaseCommand

from recensia.search.services import rebuild_index


class Command(BaseCommand):
    help = ("Recalcule l'index de recherche de tous les projets (données dérivées du registre). "
            "Sans effet sur les fiches elles-mêmes.")

    def handle(self, *args, **options):
        def progress(done, total):
            self.stdout.write(f"\r{done} / {total} projets indexés", ending="")
            self.stdout.flush()

        count = rebuild_index(progress=progress)
        self.stdout.write(f"\nIndex de recherche reconstruit : {count} projets.")
