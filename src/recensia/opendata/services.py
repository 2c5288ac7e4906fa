"""Writes of the open-data app: the uploaded tables waiting for confirmation, and their
import (``tabular.import_table``: all or nothing)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.utils import timezone

from recensia.accounts import permissions
from recensia.opendata.models import PendingImport
from recensia.opendata.tabular import TableReport, import_table, read_table

KEEP_PENDING = dt.timedelta(days=1)


def can_import_tables(user) -> bool:
    """Moderators import for any collectivité, validated members for their own."""
    return permissions.is_moderator(user) or bool(permissions.active_organization_ids(user))


def store_upload(*, user, file_name: str, content: bytes) -> PendingImport:
    PendingImport.objects.filter(created_at__lt=timezone.now() - KEEP_PENDING).delete()
    return PendingImport.objects.create(user=user, file_name=file_name[:255], content=content)


def pending_for(user, token: str) -> PendingImport | None:
    """The user's own upload, if it is still there (never someone else's)."""
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return None
    return PendingImport.objects.filter(
        user=user, token=token, created_at__gte=timezone.now() - KEEP_PENDING).first()


def discard(pending: PendingImport) -> None:
    pending.delete()


@transaction.atomic
def import_pending(*, user, pending: PendingImport, dry_run: bool) -> TableReport:
    """Reads the stored copy again and imports it; the copy is deleted once imported."""
    table = read_table(pending.file_name, bytes(pending.content))
    report = import_table(table, user=user, dry_run=dry_run)
    if report.ok and not dry_run:
        pending.delete()
    return report
