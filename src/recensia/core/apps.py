from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "recensia.core"
    verbose_name = "Socle"

    def ready(self) -> None:
        from recensia.core import checks  # noqa: F401 - registers the deployment checks
