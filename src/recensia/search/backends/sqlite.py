"""SQLite FTS5 (embedded), over the analysed text of ``SearchDocument``: phrases."""

from __future__ import annotations

from recensia.search.backends.base import SearchBackend
from recensia.search.documents import COLUMNS
from recensia.search.query import Phrase

_COLUMNS = ", ".join(COLUMNS)
_NEW = ", ".join(f"new.{c}" for c in COLUMNS)
_OLD = ", ".join(f"old.{c}" for c in COLUMNS)
DROP = [
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TABLE IF EXISTS search_fts",
]
# Column names are constants of the code (documents.COLUMNS), never user input.
DDL = [
    *DROP,
    f"""CREATE VIRTUAL TABLE search_fts USING fts5({_COLUMNS},
        content='search_searchdocument', content_rowid='project_id', tokenize='unicode61',
        detail=full)""",
    f"""CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, {_COLUMNS}) VALUES (new.project_id, {_NEW}); END""",  # noqa: S608
    f"""CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, {_COLUMNS})
        VALUES ('delete', old.project_id, {_OLD}); END""",  # noqa: S608
    f"""CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, {_COLUMNS})
        VALUES ('delete', old.project_id, {_OLD});
        INSERT INTO search_fts(rowid, {_COLUMNS}) VALUES (new.project_id, {_NEW}); END""",  # noqa: S608
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]


class SqliteBackend(SearchBackend):
    vendor = "sqlite"
    ddl = tuple(DDL)
    drop = tuple(DROP)

    def phrase_statement(self, phrase: Phrase) -> tuple[str, list]:
        return ("SELECT rowid FROM search_fts WHERE search_fts MATCH %s",
                ['"' + " ".join(phrase) + '"'])

    def rebuild(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
