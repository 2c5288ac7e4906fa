"""Property-based checks of the public API against its own OpenAPI description.

Schemathesis reads /api/v1/openapi.json from the Django WSGI application, generates
requests for every GET operation (valid and edge-case parameters: any text for ``q``,
unknown facet values, bounds of ``page`` and ``page_size``, unknown slugs and codes) and
checks each response: never a server error, and the body matches the documented schema.

Bounded: a few examples per operation, no deadline (the first search builds the index).
Throttling (120 requests per minute without a key) is switched off for this test only,
by replacing ``SimpleRateThrottle.allow_request`` (the base of ninja's AnonRateThrottle
and AuthRateThrottle) with one that always allows, through pytest's ``monkeypatch``.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from ninja.throttling import SimpleRateThrottle
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from recensia.projects.models import WorkflowState
from tests.factories import OrganizationFactory, make_project

pytestmark = pytest.mark.django_db
MAX_EXAMPLES = 15
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture
def wsgi_requests_in_the_test_transaction(settings):
    """Schemathesis calls the WSGI application directly (not Django's test client): keep
    the test's database connection open across its requests, and accept its host."""
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]  # its client sends « localhost »
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_requests_in_the_test_transaction, monkeypatch):
    from recensia.config.wsgi import application

    monkeypatch.setattr(SimpleRateThrottle, "allow_request", lambda self, request: True)
    owner = OrganizationFactory(name="Plaisir", insee_code="78490", siren="217804905")
    projects = [make_project(owner=owner, title=f"Détection des fuites n° {i}",
                             state=WorkflowState.PUBLISHED, start_year=2020 + i,
                             investment_eur="1500.50") for i in range(3)]
    # One project with its evaluations, so that their 200 answers are checked too.
    from recensia import footprint
    from recensia.evaluations import services as evaluation_services
    from tests.factories import MembershipFactory

    member = MembershipFactory(organization=owner)
    evaluation_services.save_footprint(
        project=projects[0], author=member.user,
        inputs=footprint.Inputs(profiles=[footprint.ApiUsage(
            "mistralai", "mistral-small-latest", 1000, use_case="résumé")]))
    evaluation_services.save_compliance(
        project=projects[0], author=member.user, answers={"declared_role": "deployer"},
        opportunity_answers={}, ethics_answers={})
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application).include(
        method="GET")


def _get_operations(api_schema) -> list:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {op.path for op in operations} == {
        "/api/v1/projets", "/api/v1/projets/{slug}", "/api/v1/projets/{slug}/empreinte",
        "/api/v1/projets/{slug}/conformite", "/api/v1/collectivites",
        "/api/v1/collectivites/{code}", "/api/v1/statistiques"}
    return operations


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                         ids=["valides", "invalides"])
def test_every_get_operation_answers_its_documented_schema(api_schema, mode):
    # Driven with Hypothesis directly: schemathesis's pytest fixture loader does not
    # support pytest 9 yet (it sets ``request.node._nodeid``, gone from pytest 9).
    tested = []
    for operation in _get_operations(api_schema):

        @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(generation_mode=mode))
        def check(case):
            case.call_and_validate(checks=CHECKS)

        try:
            check()
        except Unsatisfiable:
            # No invalid request can be written for it (no parameter, or free text only).
            assert mode == GenerationMode.NEGATIVE, operation.path
        else:
            tested.append(operation.path)
    assert "/api/v1/projets" in tested and "/api/v1/collectivites" in tested
