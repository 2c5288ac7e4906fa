"""The import assistant's records: a file brought in, its mapping, its job and its rows that
wait; mappings saved per collectivité; public bodies requested from the moderators."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from recensia.territories.models import Organization, OtherBodyType


class SavedMapping(models.Model):
    """The columns and values a collectivité confirmed, reused for its next files."""

    organization = models.OneToOneField(Organization, on_delete=models.PROTECT,
                                        related_name="+", verbose_name="collectivité")
    mapping = models.JSONField("correspondances", default=dict)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+", verbose_name="modifié par")
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "correspondances enregistrées"
        verbose_name_plural = "correspondances enregistrées"
        ordering = ["organization__name", "id"]

    def __str__(self) -> str:
        return f"Correspondances de {self.organization}"


class JobState(models.TextChoices):
    COLUMNS = "columns", "Colonnes à confirmer"
    VALUES = "values", "Valeurs à confirmer"
    QUEUED = "queued", "En attente de traitement"
    RUNNING = "running", "En cours"
    DONE = "done", "Terminé"
    FAILED = "failed", "Interrompu"


class ImportJob(models.Model):
    """One file going through the assistant, then imported in the background.

    The file is kept in the database (any web process or worker can read it); its rows
    are checked then written in short batches, with the counts kept here so that the
    progress page survives a reload."""

    token = models.UUIDField("jeton", default=uuid.uuid4, unique=True, editable=False)
    # None: a command run by an administrator (``recensia import_mapped``).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                             blank=True, related_name="+", verbose_name="importé par")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+",
                                     verbose_name="collectivité")
    file_name = models.CharField("nom du fichier", max_length=255)
    content = models.BinaryField("contenu")
    row_count = models.PositiveIntegerField("lignes du fichier", default=0)
    mapping = models.JSONField("correspondances", default=dict)
    save_mapping = models.BooleanField("enregistrer les correspondances", default=False)
    state = models.CharField("état", max_length=16, choices=JobState.choices,
                             default=JobState.COLUMNS)
    task_id = models.CharField("tâche", max_length=64, blank=True, default="")
    rows_checked = models.PositiveIntegerField("lignes vérifiées", default=0)
    rows_written = models.PositiveIntegerField("lignes enregistrées", default=0)
    rows_waiting = models.PositiveIntegerField("lignes en attente", default=0)
    rows_failed = models.PositiveIntegerField("lignes à corriger", default=0)
    problems = models.JSONField("problèmes", default=list)
    notes = models.JSONField("remarques", default=list)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    started_at = models.DateTimeField("commencé le", null=True, blank=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "import"
        verbose_name_plural = "imports"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_running(self) -> bool:
        return self.state in (JobState.QUEUED, JobState.RUNNING)


class ImportedRow(models.Model):
    """A row of an import: the project it wrote, or the reason it waits (a public body a
    moderator has to validate). Nothing of the file is lost."""

    class Outcome(models.TextChoices):
        WRITTEN = "written", "Enregistrée"
        WAITING = "waiting", "En attente d'un organisme"
        TO_FIX = "to_fix", "À corriger"

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rows",
                            verbose_name="import")
    line = models.PositiveIntegerField("ligne du tableur")
    source_id = models.CharField("identifiant", max_length=120)
    outcome = models.CharField("résultat", max_length=16, choices=Outcome.choices)
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+", verbose_name="projet")
    body_request = models.ForeignKey("BodyRequest", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="rows",
                                     verbose_name="organisme demandé")

    class Meta:
        verbose_name = "ligne importée"
        verbose_name_plural = "lignes importées"
        ordering = ["job", "line", "id"]
        constraints = [models.UniqueConstraint(fields=["job", "line"],
                                               name="imports_row_line_unique")]

    def __str__(self) -> str:
        return f"Ligne {self.line}"


class BodyRequest(models.Model):
    """A public body (syndicat, SDIS, régie…) unknown to the platform, requested from the
    assistant; the rows that name it wait until a moderator validates it."""

    class State(models.TextChoices):
        PENDING = "pending", "À valider"
        ACCEPTED = "accepted", "Validé"
        REJECTED = "rejected", "Refusé"

    name = models.CharField("nom", max_length=200)
    other_type = models.CharField("nature", max_length=16, choices=OtherBodyType.choices,
                                  default=OtherBodyType.OTHER)
    departement_code = models.CharField("département", max_length=3, blank=True, default="")
    cell = models.CharField("cellule du fichier", max_length=300, blank=True, default="")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name="demandé par")
    job = models.ForeignKey(ImportJob, on_delete=models.PROTECT, related_name="body_requests",
                            verbose_name="import")
    state = models.CharField("état", max_length=16, choices=State.choices,
                             default=State.PENDING)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+",
                                     verbose_name="organisme créé")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name="décidé par")
    reason = models.TextField("motif du refus", blank=True, default="")
    created_at = models.DateTimeField("demandé le", auto_now_add=True)
    decided_at = models.DateTimeField("décidé le", null=True, blank=True)

    class Meta:
        verbose_name = "organisme demandé"
        verbose_name_plural = "organismes demandés"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name
