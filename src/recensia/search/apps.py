from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "recensia.search"
    verbose_name = "Recherche"
