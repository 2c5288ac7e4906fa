from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from recensia.search.quality import (
    TARGET_RECALL,
    TARGET_SIMILAR_RECALL,
    TOP_SEARCH,
    TOP_SIMILAR,
    demo_ids,
    measure_search,
    measure_similar,
)


def _percent(value: float) -> str:
    return f"{value * 100:.1f} %".replace(".", ",")


def _verdict(value: float, target: float, what: str) -> str:
    met = "atteint" if value >= target else "NON atteint"
    return f"Objectif {met} : {what} {_percent(value)} pour un objectif de {_percent(target)}."


class Command(BaseCommand):
    help = ("Mesure la pertinence de la recherche et des projets similaires sur les projets "
            "de démonstration (à charger d'abord avec « recensia load_demo ») : rappel à 10, "
            "rang réciproque moyen (MRR) et requêtes en échec, pour la base de DATABASE_URL.")

    def add_arguments(self, parser):
        parser.add_argument("--details", action="store_true",
                            help="affiche aussi les premiers résultats des requêtes en échec")

    def handle(self, *args, **options):
        if not demo_ids():
            raise CommandError("Aucun projet de démonstration publié : lancez d'abord "
                               "« recensia load_demo ».")
        report = measure_search()
        out = self.stdout
        out.write(f"Base : {connection.vendor}")
        out.write(f"Recherche : {len(report.outcomes)} requêtes ; rappel à {TOP_SEARCH} "
                  f"{_percent(report.recall)} ; MRR {report.mrr:.3f} ; "
                  f"{len(report.empty)} requête(s) sans aucun résultat.")
        out.write(_verdict(report.recall, TARGET_RECALL, f"rappel à {TOP_SEARCH}"))
        for outcome in report.failing:
            missing = ", ".join(s.rsplit("-", 1)[1] for s in outcome.missing)
            out.write(f"  échec : « {outcome.judged.query} » ({outcome.judged.who}) — "
                      f"rappel {_percent(outcome.recall)}, manquent : {missing} ; "
                      f"{outcome.total} résultat(s)")
            if options["details"]:
                found = " ".join(s.rsplit("-", 1)[1] if s else "?" for s in outcome.found)
                out.write(f"    trouvés : {found}")
        similar = measure_similar()
        out.write(f"Projets similaires : {len(similar.outcomes)} fiches jugées ; rappel à "
                  f"{TOP_SIMILAR} {_percent(similar.recall)} ; première suggestion attendue "
                  f"pour {similar.first_expected} sur {len(similar.outcomes)}.")
        out.write(_verdict(similar.recall, TARGET_SIMILAR_RECALL,
                           f"rappel à {TOP_SIMILAR} des projets similaires"))
        for outcome in similar.outcomes:
            if outcome.recall < 1:
                missing = " ".join(s.rsplit("-", 1)[1] for s in outcome.expected
                                   if s not in outcome.found)
                found = " ".join(s.rsplit("-", 1)[1] if s else "?" for s in outcome.found)
                out.write(f"  {outcome.source_id} : manquent {missing} ; proposés {found}")
