from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "recensia.imports"
    label = "imports"
    verbose_name = "Assistant d'import"
