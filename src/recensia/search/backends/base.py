from __future__ import annotations

from recensia.search.query import Phrase


class SearchBackend:
    """The database's own full-text index, used for phrases (words that follow one
    another): single words are found and ranked in memory (``textindex``, ``ranking``)."""

    vendor = ""

    def __init__(self, connection):
        self.connection = connection

    def phrase_statement(self, phrase: Phrase) -> tuple[str, list]:
        """(SQL, parameters) selecting the ids of the projects whose text contains these
        stems one after the other."""
        raise NotImplementedError

    def phrase_ids(self, phrase: Phrase) -> list[int]:
        sql, params = self.phrase_statement(phrase)
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

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
