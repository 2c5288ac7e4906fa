"""Production settings (DEBUG=0, as the whole suite runs): Content-Security-Policy with
nonces, HSTS, redirect to https, a clean `check --deploy`, and the CSRF failure page."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "recensia" / "templates"

pytestmark = pytest.mark.django_db


def test_debug_is_off_in_this_suite():
    assert django_settings.DEBUG is False


@pytest.mark.parametrize("url", ["/", "/projets/", "/diagnostic/", "/api/v1/"])
def test_pages_carry_a_strict_csp_and_hsts_and_load_scripts_from_the_site_only(client, url):
    response = client.get(url, secure=True)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
    for tag in re.findall(r"<script\b[^>]*>", response.content.decode()):
        assert re.search(r'\ssrc="/static/', tag) or 'type="application/json"' in tag, tag
    assert response["Strict-Transport-Security"] == \
        "max-age=31536000; includeSubDomains; preload"


def test_our_templates_have_no_inline_style_nor_inline_event_handler():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"<style\b|\sstyle=|\son[a-z]+=|javascript:", text):
            offenders.append(str(path.relative_to(TEMPLATES)))
    assert offenders == []


def test_http_is_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/projets/?q=fuites")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/projets/?q=fuites"


def test_check_deploy_with_production_settings_gives_no_warning(tmp_path):
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("SECURE_", "CACHE_URL"))}
    env.update({"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": "recensia.example.fr",
                "CACHE_URL": "redis://127.0.0.1:6379/15",
                # Who publishes and hosts the site, and whom to write to (legal pages).
                "CONTACT_EMAIL": "contact@recensia.example.fr",
                "SITE_PUBLISHER": "Éditeur public, 1 rue de l'Exemple, 75000 Paris",
                "SITE_PUBLICATION_DIRECTOR": "Camille Exemple",
                "SITE_HOST": "Hébergeur, 2 rue de l'Exemple, 75000 Paris",
                "DJANGO_SETTINGS_MODULE": "recensia.config.settings",
                "RECENSIA_HOME": str(tmp_path)})
    command = [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"]
    done = subprocess.run(command, env=env, capture_output=True, text=True,  # noqa: S603
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr + done.stdout
    assert "System check identified no issues" in done.stdout
    # Without the shared cache, our own check says why it matters.
    del env["CACHE_URL"]
    done = subprocess.run(command, env=env, capture_output=True, text=True,  # noqa: S603
                          timeout=120, check=False)
    assert done.returncode != 0 and "recensia.W001" in done.stderr + done.stdout


def test_a_csrf_failure_shows_a_french_page_in_the_site_design():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "a", "password": "b"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Formulaire expiré" in page and "fr-header" in page and "Rien n'a été modifié" in page
