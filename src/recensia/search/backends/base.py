from __future__ import annotations

from recensia.search.query import ParsedQuery


class SearchBackend:
    vendor = ""

    def __init__(self, connection):
        self.connection = connection

    def match(self, query: ParsedQuery) -> tuple[list[int], list[int]]:
        """(ids of all matching projects, ids of those matching in the title)."""
        raise NotImplementedError

    # Statements that create and drop the backend's index structures (search migration).
    ddl: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()

    def create_structures(self, schema_editor) -> None:
        for sql in self.ddl:
            schema_editor.execute(sql)

    def drop_structures(self, schema_editor) -> None:
        for sql in self.drop:
            schema_editor.execute(sql)

    def rebuild(self) -> None:
        """Re-reads every search document, where the engine keeps a copy of its own."""
