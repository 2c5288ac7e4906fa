from django.apps import AppConfig


class SolutionsConfig(AppConfig):
    name = "recensia.solutions"
    verbose_name = "Solutions"
