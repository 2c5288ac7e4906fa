"""Property-based checks of the public API against its own OpenAPI description.

Schemathesis reads /api/v1/openapi.json from the Django WSGI application and calls every
GET operation, checking each response: never a server error, and the body matches the
documented schema.

- Valid requests: first the examples of the description (the project and the collectivité
  of the demonstration data, which the fixture creates, so that the detail operations answer
  200 and that answer is checked), then generated ones (any text for ``q``, unknown facet
  values, bounds of ``page`` and ``page_size``, unknown slugs and codes: 404).
- Invalid requests (negative testing): every operation that takes parameters receives
  some (numbers out of range, wrong types, slugs and codes outside their documented
  pattern) and refuses them with a 4xx answer.

Bounded: a few examples per operation, no deadline (the first search builds the index).
Request limits (120 requests per minute without a key) are switched off for this test
only, by replacing ``ApiThrottle.allow_request`` with one that always allows, through
pytest's ``monkeypatch``.
"""

from __future__ import annotations

import csv

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from recensia.api.schemas import (
    EXAMPLE_GRID_ID,
    EXAMPLE_ORGANIZATION_CODE,
    EXAMPLE_PROJECT_SLUG,
)
from recensia.api.throttling import ApiThrottle
from recensia.imports.demo import DEMO_DIR, TABLES
from recensia.projects.models import WorkflowState
from tests.factories import OrganizationFactory, make_project

pytestmark = pytest.mark.django_db
MAX_EXAMPLES = 15
CHECKS = [not_a_server_error, response_schema_conformance]
DETAIL_PATHS = {"/api/v1/projets/{slug}", "/api/v1/projets/{slug}/empreinte",
                "/api/v1/projets/{slug}/conformite", "/api/v1/collectivites/{code}",
                "/api/v1/grilles-achat/{grid_id}", "/api/v1/solutions/{slug}"}
# Lists of the purchase pages (published grids, clause library): paginated.
LIST_PATHS = {"/api/v1/grilles-achat", "/api/v1/clauses-achat", "/api/v1/solutions"}
# The first project of the demonstration data, named by the examples of the description.
with (DEMO_DIR / TABLES[0]).open(encoding="utf-8", newline="") as demo_table:
    DEMO_TITLE = next(csv.DictReader(demo_table))["titre"]


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

    monkeypatch.setattr(ApiThrottle, "allow_request", lambda self, request: True)
    # The collectivité and the project named by the examples of the OpenAPI description
    # (the first of the demonstration data), so that the examples reach real objects.
    owner = OrganizationFactory(name="Plaisir", insee_code=EXAMPLE_ORGANIZATION_CODE,
                                siren="217804905")
    titles = [DEMO_TITLE] + [f"Détection des fuites n° {i}" for i in range(2)]
    projects = [make_project(owner=owner, title=title, state=WorkflowState.PUBLISHED,
                             start_year=2020 + i, investment_eur="1500.50")
                for i, title in enumerate(titles)]
    assert projects[0].slug == EXAMPLE_PROJECT_SLUG
    # The example project has its evaluations, so that their 200 answers are checked too.
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
    # The solution named by the examples, used by the example project, declared, with a
    # referent and a pooling offer: every part of its answer is checked.
    import datetime as dt

    from recensia.api.solutions import EXAMPLE_SOLUTION_SLUG
    from recensia.pooling import services as pooling_services
    from recensia.projects import services as project_services
    from recensia.solutions import services as solution_services

    solution = solution_services.save_solution(author=None, values={
        "name": "Delibia", "summary": "Aide à rédiger les actes.", "deployments": ["saas"]},
        vendor_name="Delibia", vendor_siren="732829320")
    assert solution.slug == EXAMPLE_SOLUTION_SLUG
    project_services.link_solution(project=projects[0], solution=solution, author=None)
    pooling_services.declare_use(user=member.user, solution=solution, organization=owner,
                                 values={"use_case": "Actes", "satisfaction": 4,
                                         "since": dt.date(2025, 1, 1)})
    pooling_services.declare_referent(user=member.user, solution=solution, organization=owner,
                                      values={"role": "DGS", "contact_email": "dgs@ex.fr"})
    pooling_services.open_offer(user=member.user, project=projects[0], values={
        "shared": ["code"], "shared_detail": "", "cost_sharing": "Gratuit",
        "open_until": dt.date.today() + dt.timedelta(days=30), "contact_name": "DGS",
        "contact_email": "dgs@ex.fr"})
    # The published purchase grid named by the examples, so that its 200 answers are
    # checked too.
    from recensia.procurement.grid import grid_from_preset
    from recensia.procurement.models import GridState, PurchaseGrid

    preset = grid_from_preset("chatbot")
    PurchaseGrid.objects.create(
        id=EXAMPLE_GRID_ID, title=preset.title, owner=owner, project=projects[0],
        preset="chatbot", subject=preset.subject, state=GridState.PUBLISHED,
        criteria=[c.to_dict() for c in preset.criteria], clause_ids=["reversibilite"],
        published_at=projects[0].published_at)
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application).include(
        method="GET")


def _get_operations(api_schema) -> list:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {op.path for op in operations} == {
        "/api/v1/projets", *DETAIL_PATHS, "/api/v1/collectivites", "/api/v1/statistiques",
        *LIST_PATHS}
    return operations


def _run(strategy, answers: list[int]) -> None:
    """Draws cases from the strategy, calls the API with each and checks the answer."""

    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def check(case):
        answers.append(case.call_and_validate(checks=CHECKS).status_code)

    check()


def test_every_get_operation_answers_its_documented_schema(api_schema):
    """Valid requests: the examples of the description, then generated ones."""
    answers: dict[str, list[int]] = {}
    for operation in _get_operations(api_schema):
        statuses = answers.setdefault(operation.path, [])
        for strategy in api_schema.get_strategies_from_examples(operation):
            _run(strategy, statuses)
        _run(operation.as_strategy(generation_mode=GenerationMode.POSITIVE), statuses)
    # Every operation, the four detail ones included, reached a real object at least once,
    # and its 200 answer was checked against the description.
    for path, statuses in answers.items():
        assert 200 in statuses, (path, sorted(set(statuses)))


def test_invalid_requests_never_cause_a_server_error(api_schema):
    """Invalid requests (wrong types, out-of-range numbers, malformed codes) to every
    operation that takes parameters: refused with a 4xx answer, never a server error."""
    refused: dict[str, list[int]] = {}
    for operation in _get_operations(api_schema):
        statuses: list[int] = []
        try:
            _run(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE), statuses)
        except Unsatisfiable:
            # No invalid request can be written for an operation without parameters.
            assert not operation.path_parameters and not operation.query, operation.path
            continue
        refused[operation.path] = statuses
    assert set(refused) == {"/api/v1/projets", *DETAIL_PATHS, "/api/v1/collectivites",
                            *LIST_PATHS}
    for path, statuses in refused.items():
        # Some invalid values read the same as valid ones once in a URL (a list of one
        # item, a number as text): those are answered normally; the others are refused.
        assert any(400 <= s < 500 for s in statuses), (path, sorted(set(statuses)))
