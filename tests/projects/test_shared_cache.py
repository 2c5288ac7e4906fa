"""With CACHE_URL, visitors' project pages are shared between web processes (Redis)."""

import socket

import pytest
from django.core.cache import caches
from django.test import override_settings

from recensia.projects.models import WorkflowState
from tests.factories import make_project

pytestmark = pytest.mark.django_db
REDIS = "redis://127.0.0.1:6379/15"


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="Redis ne répond pas sur 127.0.0.1:6379")
def test_project_page_is_kept_in_the_shared_cache(client):
    settings = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                            "LOCATION": REDIS, "KEY_PREFIX": "recensia-test"}}
    with override_settings(CACHES=settings):
        cache = caches["default"]
        cache.clear()
        project = make_project(title="Détection des fuites", state=WorkflowState.PUBLISHED)
        page = client.get(project.get_absolute_url())
        keys = [k for k in cache._cache.get_client().keys("recensia-test:*")
                if b"project-page" in k]
        assert len(keys) == 1
        assert client.get(project.get_absolute_url()).content == page.content
        cache.clear()
