"""Strict test settings: warnings are errors (pyproject), an undefined variable in one of
our templates fails the test, e-mails stay in memory."""

from __future__ import annotations

import inspect
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Template


class UndefinedTemplateVariable(str):
    """``string_if_invalid`` that raises for the project's own templates.

    Third-party templates (django-dsfr, Django's form widgets) rely on undefined
    variables on purpose, so they are left alone.
    """

    def __mod__(self, missing):
        name = _current_template_name()
        if name and not name.startswith(("dsfr/", "django/")):
            raise AssertionError(f"Variable de gabarit indéfinie « {missing} » dans {name}")
        return ""

    def __contains__(self, item):
        return item == "%s"


def _current_template_name() -> str:
    frame = inspect.currentframe()
    while frame is not None:
        context = frame.f_locals.get("context")
        render_context = getattr(context, "render_context", None)
        template = getattr(render_context, "template", None)
        if isinstance(template, Template) and template.origin is not None:
            return template.origin.template_name or ""
        frame = frame.f_back
    return ""


def pytest_configure(config):
    settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = UndefinedTemplateVariable("%s")
    # Live-server request threads must not keep connections open after the test
    # (PostgreSQL refuses to drop a test database still in use).
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage")
    settings.WHITENOISE_USE_FINDERS = True
    static_root = Path(tempfile.mkdtemp(prefix="recensia-static-"))
    settings.STATIC_ROOT = static_root
    settings.SESSION_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False  # the test client speaks http unless told otherwise
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def reference_lists(db):
    import json

    from recensia.projects.taxonomy import load_reference_lists
    from recensia.search.management.commands.load_reference_lists import DATA

    load_reference_lists(json.loads(DATA.read_text(encoding="utf-8")))


class ManualClock:
    """A monotonic clock that moves only when a test advances it."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(autouse=True)
def search_clock(monkeypatch) -> ManualClock:
    """The clock of the search modules, frozen unless a test advances it.

    The in-process index reads the change log at once after its own process's writes, and
    otherwise only when ``STATE.check_seconds`` have passed (likewise the synonyms every
    ``SYNONYM_CHECK_SECONDS`` and the log's gaps and rollbacks): with the real clock, the
    queries a request makes would depend on how fast the machine runs the test. Every
    change a test makes goes through this process, so a frozen clock loses nothing; a test
    of the delay itself advances the clock (``search_clock.advance(seconds)``).
    """
    from types import SimpleNamespace

    from recensia.search import loader, selectors, state

    clock = ManualClock()
    for module in (state, loader, selectors):
        monkeypatch.setattr(module, "time", SimpleNamespace(monotonic=clock.monotonic))
    return clock


@pytest.fixture(autouse=True)
def _export_cache(settings, tmp_path):
    """Each test keeps the full CSV of the register in its own folder."""
    settings.EXPORT_CACHE_DIR = tmp_path / "exports"


@pytest.fixture(autouse=True)
def _fresh_search_index():
    """Each test starts with a fresh search state (index, match cache, synonyms)."""
    from django.core.cache import cache

    from recensia.search.state import STATE

    STATE.reset()
    cache.clear()
    yield
    STATE.reset()


@pytest.fixture
def synonyms(db):
    from recensia.search.management.commands.load_reference_lists import SYNONYMS
    from recensia.search.services import load_synonyms

    load_synonyms(SYNONYMS.read_text(encoding="utf-8").splitlines())


REDIS = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_server() -> str:
    """The local Redis server (database 15) for the tests of what processes share through
    it. Skipped and said so when it does not answer, unless REQUIRE_REDIS=1 (the CI, where
    Redis runs), where it fails. Tests use key prefixes of their own, never FLUSHDB: other
    test runs may use the same database at the same time."""
    import os

    import redis

    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=5, socket_timeout=5).ping()
    except redis.RedisError as exc:
        message = f"Redis ne répond pas à {REDIS} ({exc})"
        if os.environ.get("REQUIRE_REDIS", "").strip().lower() in {"1", "true", "yes", "oui"}:
            pytest.fail(f"REQUIRE_REDIS=1 mais {message}")
        pytest.skip(message)
    return REDIS
