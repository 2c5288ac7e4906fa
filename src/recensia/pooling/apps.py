from django.apps import AppConfig


class PoolingConfig(AppConfig):
    name = "recensia.pooling"
    verbose_name = "Usages et mutualisation"
