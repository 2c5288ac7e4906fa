"""A table uploaded for import, kept between the dry run and the confirmation.

Stored in the database (not on a local disk) so that the confirmation may reach any web
process. Deleted once imported; copies older than a day are removed at the next upload.
"""

import uuid

from django.conf import settings
from django.db import models


class PendingImport(models.Model):
    token = models.UUIDField("jeton", default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+", verbose_name="déposé par")
    file_name = models.CharField("nom du fichier", max_length=255)
    content = models.BinaryField("contenu")
    created_at = models.DateTimeField("déposé le", auto_now_add=True)

    class Meta:
        verbose_name = "fichier en attente d'import"
        verbose_name_plural = "fichiers en attente d'import"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name
