from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "recensia.opendata"
    verbose_name = "Données ouvertes"
