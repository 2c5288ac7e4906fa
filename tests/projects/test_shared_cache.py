"""With CACHE_URL, visitors' project pages are shared between web processes (Redis).

Runs when Redis answers (fixture ``redis_server`` of conftest.py); otherwise it is skipped
and said so, unless REQUIRE_REDIS=1 (set by the CI, where Redis runs), where it fails.
"""

import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings

from recensia.projects.models import WorkflowState
from tests.factories import make_project

pytestmark = pytest.mark.django_db


def test_project_page_is_kept_in_the_shared_cache(client, redis_server):
    # A key prefix of its own: another test run may use the same Redis database at the
    # same time (``cache.clear()`` would empty that whole database, so it is not used).
    prefix = f"recensia-test-{uuid.uuid4().hex}"
    settings = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                            "LOCATION": redis_server, "KEY_PREFIX": prefix}}
    with override_settings(CACHES=settings):
        server = caches["default"]._cache.get_client()
        try:
            project = make_project(title="Détection des fuites", state=WorkflowState.PUBLISHED)
            page = client.get(project.get_absolute_url())
            keys = [k for k in server.keys(f"{prefix}:*") if b"project-page" in k]
            assert len(keys) == 1
            assert client.get(project.get_absolute_url()).content == page.content
        finally:
            for key in server.keys(f"{prefix}:*"):
                server.delete(key)
