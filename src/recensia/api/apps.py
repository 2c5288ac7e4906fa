from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "recensia.api"
    verbose_name = "API"
