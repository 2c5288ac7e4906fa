from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "recensia.territories"
    verbose_name = "Collectivités"
