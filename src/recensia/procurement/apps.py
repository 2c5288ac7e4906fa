from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "recensia.procurement"
    verbose_name = "Achats d'IA"
