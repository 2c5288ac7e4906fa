from __future__ import annotations

from collections.abc import Callable

from recensia.search.query import ParsedQuery


def boolean_expression(query: ParsedQuery, *, phrase: Callable[[list[str]], str],
                       any_of: str, all_of: str) -> str:
    """A query in an engine's syntax: every group must match (``all_of``), a group matches
    when one of its alternatives does (``any_of``), an alternative is a phrase of stems."""
    return all_of.join("(" + any_of.join(phrase(list(p)) for p in group.alternatives) + ")"
                       for group in query.groups)


class SearchBackend:
    vendor = ""

    def __init__(self, connection):
        self.connection = connection

    def statements(self, query: ParsedQuery) -> tuple[tuple[str, list], tuple[str, list]]:
        """The two queries of a search, as (SQL, parameters), each selecting project ids: all
        matches, and matches in the title."""
        raise NotImplementedError

    def match(self, query: ParsedQuery) -> tuple[list[int], list[int]]:
        """(ids of all matching projects, ids of those matching in the title)."""
        found = []
        with self.connection.cursor() as cursor:
            for sql, params in self.statements(query):
                cursor.execute(sql, params)
                found.append([row[0] for row in cursor.fetchall()])
        return found[0], found[1]

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
