"""The web server's main process builds the search state once, before its workers start."""

import logging
from types import SimpleNamespace

import pytest

from recensia.config import gunicorn
from recensia.projects.models import WorkflowState
from recensia.search.state import STATE
from tests.factories import make_project

pytestmark = pytest.mark.django_db(transaction=True)


def test_gunicorn_preloads_the_application_so_workers_inherit_the_index():
    assert gunicorn.preload_app is True


def test_when_ready_builds_index_words_and_names_then_closes_the_connection(caplog):
    published = make_project(state=WorkflowState.PUBLISHED, title="Détection des fuites")
    make_project(state=WorkflowState.DRAFT, title="Brouillon")
    STATE.reset()
    server = SimpleNamespace(log=logging.getLogger("gunicorn.test"))

    with caplog.at_level(logging.INFO, logger="gunicorn.test"):
        gunicorn.when_ready(server)

    # A worker forked now finds everything built: no build on its first request.
    assert STATE.index is not None
    assert published.pk in STATE.index.project_ids
    assert STATE.known_names  # names of collectivités, read once
    assert STATE.synonyms["key"] is not None
    assert f"{STATE.index.size} projet(s)" in caplog.text
