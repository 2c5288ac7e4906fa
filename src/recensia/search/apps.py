from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "recensia.search"
    verbose_name = "Recherche"

    def ready(self) -> None:
        # Search sits above the register: the register announces its changes, search follows.
        from recensia.projects.signals import project_changed
        from recensia.search.services import on_project_changed

        project_changed.connect(on_project_changed, dispatch_uid="search.index_project")
