"""SQLite FTS5 (embedded), over the analysed text of ``SearchDocument``."""

from __future__ import annotations

from recensia.search.backends.base import SearchBackend
from recensia.search.query import ParsedQuery

DDL = [
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
]
DROP = [
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TABLE IF EXISTS search_fts",
]


def _expression(query: ParsedQuery) -> str:
    groups = []
    for group in query.groups:
        alts = ['"' + " ".join(phrase) + '"' for phrase in group.alternatives]
        groups.append("(" + " OR ".join(alts) + ")")
    return " AND ".join(groups)


class SqliteBackend(SearchBackend):
    vendor = "sqlite"
    ddl = tuple(DDL)
    drop = tuple(DROP)

    def match(self, query: ParsedQuery) -> tuple[list[int], list[int]]:
        expr = _expression(query)
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [expr])
            all_ids = [row[0] for row in cursor.fetchall()]
            cursor.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH %s",
                           ["{title_terms} : (" + expr + ")"])
            title_ids = [row[0] for row in cursor.fetchall()]
        return all_ids, title_ids


    def rebuild(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
