"""Full-text backends: the only database-specific code of the product.

A backend finds the projects that contain a phrase (words in a row) with the database's
own full-text index, and creates that index in a migration.
"""

from __future__ import annotations

from django.db import connection

from recensia.search.backends.base import SearchBackend


def get_backend(conn=None) -> SearchBackend:
    conn = conn or connection
    if conn.vendor == "postgresql":
        from recensia.search.backends.postgresql import PostgresBackend

        return PostgresBackend(conn)
    if conn.vendor == "sqlite":
        from recensia.search.backends.sqlite import SqliteBackend

        return SqliteBackend(conn)
    raise NotImplementedError(f"Pas de moteur de recherche pour {conn.vendor}")
