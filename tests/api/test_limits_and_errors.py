"""API hardening: request limits that a client cannot dodge, shared by every process;
errors answered in JSON and in French, as the OpenAPI description says."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from django.test import override_settings

from recensia.accounts.services import create_api_token
from recensia.api.throttling import ANONYMOUS, KEYED
from recensia.core import ratelimit
from recensia.projects import selectors as project_selectors
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen_clock(monkeypatch):
    """Every request of the test falls in the same minute (no timing dependency)."""
    monkeypatch.setattr(ratelimit, "now", lambda: 1_800_000_030.0)


def test_rotating_x_forwarded_for_does_not_escape_the_limit(client, frozen_clock):
    statuses = [client.get("/api/v1/statistiques",
                           headers={"X-Forwarded-For": f"198.51.100.{i % 250}, 10.0.{i}.1"}
                           ).status_code for i in range(300)]
    assert statuses.count(200) == ANONYMOUS.count == 120
    assert statuses[120:] == [429] * 180
    refused = client.get("/api/v1/statistiques")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json; charset=utf-8"
    assert refused.json()["detail"].startswith("Trop de requêtes")
    assert 1 <= int(refused["Retry-After"]) <= 60


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_trusted_proxy_the_address_it_appended_is_counted(client, frozen_clock):
    # The client writes anything on the left; the proxy appends the real address.
    spoofed = [client.get("/api/v1/statistiques", headers={
        "X-Forwarded-For": f"192.0.2.{i % 250}, 203.0.113.7"}).status_code for i in range(121)]
    assert spoofed.count(200) == 120 and spoofed[-1] == 429
    other = client.get("/api/v1/statistiques", headers={"X-Forwarded-For": "203.0.113.8"})
    assert other.status_code == 200


def test_reads_with_an_api_key_are_limited_at_300_per_minute(client, frozen_clock):
    member = MembershipFactory()
    _token, key = create_api_token(user=member.user, organization=member.organization,
                                   name="Inventaire")
    auth = {"Authorization": f"Bearer {key}"}
    statuses = [client.get("/api/v1/statistiques", headers=auth).status_code
                for _ in range(KEYED.count + 1)]
    assert statuses.count(200) == 300 and statuses[-1] == 429
    # A made-up key does not open a bucket of its own: it counts as its address.
    fake = [client.get("/api/v1/statistiques", headers={"Authorization": f"Bearer rcs_{i}_x"})
            .status_code for i in range(121)]
    assert fake.count(200) == 120 and fake[-1] == 429


def test_with_a_shared_cache_two_processes_count_together(redis_server, frozen_clock):
    key = f"test:{uuid.uuid4()}"
    code = (
        "import django; django.setup()\n"
        "from recensia.core import ratelimit\n"
        "ratelimit.now = lambda: 1_800_000_030.0\n"
        f"print(sum(ratelimit.hit({key!r}, ratelimit.Rate.parse('120/m')).allowed "
        "for _ in range(100)))\n")
    env = {**os.environ, "CACHE_URL": redis_server,
           "DJANGO_SETTINGS_MODULE": "recensia.config.settings"}
    other = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,  # noqa: S603
                           text=True, check=True, timeout=120)
    assert other.stdout.strip() == "100"
    shared = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": redis_server, "KEY_PREFIX": "recensia"}}
    with override_settings(CACHES=shared):
        here = [ratelimit.hit(key, ratelimit.Rate.parse("120/m")).allowed for _ in range(100)]
    assert here.count(True) == 20  # the other process used 100 of the 120


def test_unknown_api_addresses_and_bad_parameters_answer_json_in_french(client):
    missing = client.get("/api/v1/nulle-part")
    assert missing.status_code == 404
    assert missing["Content-Type"].startswith("application/json")
    assert "documentation" in missing.json()["detail"]
    bad = client.get("/api/v1/projets?page=0&page_size=1000")
    assert bad.status_code == 422
    body = bad.json()
    assert body["detail"] == "Paramètres ou données invalides."
    assert body["errors"] == {"page": ["doit être au moins 1"],
                              "page_size": ["doit être au plus 100"]}
    nobody = client.post("/api/v1/projets", {}, content_type="application/json")
    assert nobody.status_code == 401 and "Clé d'API" in nobody.json()["detail"]


def test_a_server_error_on_the_api_is_json(client, monkeypatch):
    def broken():
        raise RuntimeError("panne simulée")
    monkeypatch.setattr(project_selectors, "registry_statistics", broken)
    client.raise_request_exception = False
    response = client.get("/api/v1/statistiques")
    assert response.status_code == 500
    assert response.json() == {"detail": "Erreur interne du service : réessayez dans quelques "
                                         "minutes.", "errors": {}}


def test_openapi_documents_422_and_429_with_the_error_body(client):
    spec = client.get("/api/v1/openapi.json").json()
    error_ref = "#/components/schemas/Error"
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for status in ("422", "429"):
                content = operation["responses"][status]["content"]["application/json"]
                assert content["schema"]["$ref"] == error_ref, (method, path, status)
    error = spec["components"]["schemas"]["Error"]
    assert set(error["properties"]) == {"detail", "errors"}
