from django.apps import AppConfig
from django.db.models.signals import post_save


def _invitation_made(sender, instance, created, **kwargs):
    """A partner named in a project's form (projects cannot call this app) is asked for its
    consent by e-mail."""
    from recensia.pooling import notifications

    if created and instance.status == "pending" and instance.initiative == "invited":
        notifications.link_requested(instance)


class PoolingConfig(AppConfig):
    name = "recensia.pooling"
    verbose_name = "Usages et mutualisation"

    def ready(self) -> None:
        post_save.connect(_invitation_made, sender="projects.ProjectPartner",
                          dispatch_uid="pooling-invitation-made")
