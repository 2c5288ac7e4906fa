"""Settings come from the environment; a wrong environment stops Django with a French message.

Each case starts a fresh Python process, since settings are read once per process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({"engine": db["ENGINE"], "name": str(db["NAME"]), "host": db.get("HOST", ""),
                  "port": db.get("PORT"), "user": db.get("USER", ""), "debug": settings.DEBUG,
                  "secure_cookies": settings.SESSION_COOKIE_SECURE,
                  "allowed_hosts": settings.ALLOWED_HOSTS}))
"""


def start_django(tmp_path, code: str = "import django; django.setup()", **variables: str):
    env = {name: value for name, value in os.environ.items()
           if name not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "ALLOWED_HOSTS",
                           "SECURE_COOKIES", "RECENSIA_HOME", "TEST_SQLITE_NAME"}}
    env.update({"DJANGO_SETTINGS_MODULE": "recensia.config.settings",
                "RECENSIA_HOME": str(tmp_path), "PYTHONIOENCODING": "utf-8", **variables})
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path,  # noqa: S603
                          capture_output=True, text=True, encoding="utf-8", timeout=60,
                          check=False)


def _last_line(stderr: str) -> str:
    return stderr.strip().splitlines()[-1]


def test_production_without_secret_key_refuses_to_start(tmp_path):
    result = start_django(tmp_path, DEBUG="0")
    assert result.returncode != 0
    assert _last_line(result.stderr) == (
        "django.core.exceptions.ImproperlyConfigured: La variable d'environnement SECRET_KEY "
        "est obligatoire quand DEBUG n'est pas activé.")


def test_without_debug_variable_production_is_the_default(tmp_path):
    result = start_django(tmp_path)  # neither DEBUG nor SECRET_KEY
    assert result.returncode != 0
    assert "SECRET_KEY est obligatoire" in result.stderr


@pytest.mark.parametrize("value", ["peut-être", "2"])
def test_unreadable_debug_value_is_refused_with_a_message_naming_debug(tmp_path, value):
    result = start_django(tmp_path, DEBUG=value, SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert _last_line(result.stderr) == (
        f"django.core.exceptions.ImproperlyConfigured: La variable d'environnement DEBUG vaut "
        f"« {value} » : attendu 1/0, true/false, oui/non.")


def _settings(tmp_path, **variables: str) -> dict:
    result = start_django(tmp_path, SHOW_SETTINGS, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_database_url_selects_postgresql(tmp_path):
    shown = _settings(tmp_path, DEBUG="0", SECRET_KEY="x" * 50,
                      DATABASE_URL="postgres://recensia@db.example.fr:5433/registre")
    assert (shown["engine"], shown["name"], shown["host"], shown["port"], shown["user"]) == (
        "django.db.backends.postgresql", "registre", "db.example.fr", 5433, "recensia")


def test_without_database_url_sqlite_lives_in_the_working_directory(tmp_path):
    shown = _settings(tmp_path, DEBUG="0", SECRET_KEY="x" * 50)
    assert shown["engine"] == "django.db.backends.sqlite3"
    assert shown["name"] == str(tmp_path / "var" / "recensia.sqlite3")


def test_production_defaults_are_safe_and_development_needs_no_secret(tmp_path):
    production = _settings(tmp_path, DEBUG="0", SECRET_KEY="x" * 50)
    assert (production["debug"], production["secure_cookies"], production["allowed_hosts"]) \
        == (False, True, [])
    development = _settings(tmp_path, DEBUG="oui")
    assert (development["debug"], development["secure_cookies"]) == (True, False)
    assert development["allowed_hosts"] == ["127.0.0.1", "localhost"]
    listed = _settings(tmp_path, DEBUG="0", SECRET_KEY="x" * 50,
                       ALLOWED_HOSTS=" recensia.gouv.fr, www.recensia.gouv.fr ,")
    assert listed["allowed_hosts"] == ["recensia.gouv.fr", "www.recensia.gouv.fr"]
