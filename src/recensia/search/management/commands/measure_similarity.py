from django.core.management.base import BaseCommand

from recensia.search.quality import measure_similarity


class Command(BaseCommand):
    help = ("Mesure la qualité des « projets similaires » sur les projets publiés : part des "
            "projets ayant un projet du même domaine qui le retrouvent dans leurs 5 suggestions.")

    def handle(self, *args, **options):
        self.stdout.write(str(measure_similarity()))
