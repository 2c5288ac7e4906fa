from __future__ import annotations

from recensia.search.query import ParsedQuery


class SearchBackend:
    vendor = ""

    def __init__(self, connection):
        self.connection = connection

    def match(self, query: ParsedQuery) -> tuple[list[int], list[int]]:
        """(ids of all matching projects, ids of those matching in the title)."""
        raise NotImplementedError

    # DDL run by the search migration and by rebuild.
    def create_structures(self, schema_editor) -> None:
        raise NotImplementedError

    def drop_structures(self, schema_editor) -> None:
        raise NotImplementedError
