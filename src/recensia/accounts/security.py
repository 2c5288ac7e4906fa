"""Limits on failed logins (django-axes): how the account is named, what the person sees."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render


def login_username(request, credentials) -> str:
    """The account an attempt aims at: the address as typed, without case or spaces, so that
    « Agent@Mairie.fr » and « agent@mairie.fr » count together."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(username).strip().lower()


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked.html", {
        "title": "Trop de tentatives de connexion", "minutes": minutes,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }, status=429)
