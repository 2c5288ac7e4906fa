"""SQLite FTS5 (embedded), over the analysed text of ``SearchDocument``."""

from __future__ import annotations

from recensia.search.backends.base import SearchBackend, boolean_expression
from recensia.search.query import ParsedQuery


def _expression(query: ParsedQuery) -> str:
    return boolean_expression(query, phrase=lambda terms: '"' + " ".join(terms) + '"',
                              any_of=" OR ", all_of=" AND ")


class SqliteBackend(SearchBackend):
    vendor = "sqlite"
    ddl = (
        """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
            title_terms, body_terms, content='search_searchdocument', content_rowid='project_id',
            tokenize='unicode61', detail=full)""",
        """CREATE TRIGGER IF NOT EXISTS search_fts_ai AFTER INSERT ON search_searchdocument BEGIN
            INSERT INTO search_fts(rowid, title_terms, body_terms)
            VALUES (new.project_id, new.title_terms, new.body_terms); END""",
        """CREATE TRIGGER IF NOT EXISTS search_fts_ad AFTER DELETE ON search_searchdocument BEGIN
            INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms)
            VALUES ('delete', old.project_id, old.title_terms, old.body_terms); END""",
        """CREATE TRIGGER IF NOT EXISTS search_fts_au AFTER UPDATE ON search_searchdocument BEGIN
            INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms)
            VALUES ('delete', old.project_id, old.title_terms, old.body_terms);
            INSERT INTO search_fts(rowid, title_terms, body_terms)
            VALUES (new.project_id, new.title_terms, new.body_terms); END""",
    )
    drop = (
        "DROP TRIGGER IF EXISTS search_fts_ai",
        "DROP TRIGGER IF EXISTS search_fts_ad",
        "DROP TRIGGER IF EXISTS search_fts_au",
        "DROP TABLE IF EXISTS search_fts",
    )

    def statements(self, query: ParsedQuery) -> tuple[tuple[str, list], tuple[str, list]]:
        expr = _expression(query)
        sql = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"
        return (sql, [expr]), (sql, ["{title_terms} : (" + expr + ")"])


    def rebuild(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
