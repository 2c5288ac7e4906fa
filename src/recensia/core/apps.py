from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "recensia.core"
    verbose_name = "Socle"
