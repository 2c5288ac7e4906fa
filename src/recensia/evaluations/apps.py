from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "recensia.evaluations"
    verbose_name = "Évaluations (empreinte, conformité)"
