from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "recensia.projects"
    verbose_name = "Projets"
