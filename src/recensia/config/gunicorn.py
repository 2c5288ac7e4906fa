"""Settings of the web server in production:

    gunicorn -c python:recensia.config.gunicorn recensia.config.wsgi

The main process loads the application and builds the search index once (``when_ready``),
then starts the workers: each starts with the index already in memory (shared with the main
process until it changes) and brings it up to date from the change log, instead of building
it on its first request — at 100,000 projects that build takes longer than a request may.
A worker restarted after ``max_requests`` starts the same way.

Every value can be changed on the command line (``--workers 8``) or through
``GUNICORN_CMD_ARGS``; ``WEB_CONCURRENCY`` sets the number of workers.
"""

from __future__ import annotations

import os
import time

preload_app = True
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
bind = os.environ.get("BIND", "127.0.0.1:8000")
timeout = 60
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200


def when_ready(server) -> None:
    """In the main process, before any worker starts."""
    from django.db import connections

    from recensia.search.selectors import warm_up

    started = time.monotonic()
    try:
        count = warm_up()
    finally:
        # The workers must not share the main process's database connection.
        connections.close_all()
    server.log.info("Index de recherche construit : %s projet(s) en %.1f s", count,
                    time.monotonic() - started)
