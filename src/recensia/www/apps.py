from django.apps import AppConfig


class WwwConfig(AppConfig):
    name = "recensia.www"
    verbose_name = "Pages du site"
