"""E-mails sent by the platform: after the transaction commits, never twice to one address."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string


def site_link(path: str) -> str:
    """Absolute address of a page of the site, for links in e-mails (``SITE_URL``)."""
    return f"{settings.SITE_URL}{path}"


def send_after_commit(subject: str, body: str, recipients: list[str] | set[str]) -> None:
    recipients = sorted({r for r in recipients if r})
    if recipients:
        transaction.on_commit(lambda: send_mail(
            f"[RecensIA] {subject}", body, settings.DEFAULT_FROM_EMAIL, recipients,
            fail_silently=True))


def send_template_after_commit(subject: str, template: str, context: dict,
                               recipients: list[str] | set[str]) -> None:
    """Same, with the body rendered from a plain-text template."""
    send_after_commit(subject, render_to_string(template, context), recipients)
