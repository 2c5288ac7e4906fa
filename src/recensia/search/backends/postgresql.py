"""PostgreSQL full text: GIN indexes on tsvector expressions of the analysed text.

The French analysis (accents, Snowball French stemming) is done once in Python for both
backends, so the ``simple`` configuration is used here: it indexes the stems as they are.
"""

from __future__ import annotations

from recensia.search.backends.base import SearchBackend
from recensia.search.query import ParsedQuery

DOC = "to_tsvector('simple'::regconfig, title_terms || ' ' || body_terms)"
TITLE = "to_tsvector('simple'::regconfig, title_terms)"
DDL = [
    f"CREATE INDEX IF NOT EXISTS search_doc_fts ON search_searchdocument USING GIN (({DOC}))",
    f"CREATE INDEX IF NOT EXISTS search_title_fts ON search_searchdocument USING GIN (({TITLE}))",
]
DROP = ["DROP INDEX IF EXISTS search_doc_fts", "DROP INDEX IF EXISTS search_title_fts"]


def _tsquery(query: ParsedQuery) -> str:
    groups = []
    for group in query.groups:
        alts = []
        for phrase in group.alternatives:
            terms = [f"'{t}'" for t in phrase]
            alts.append("(" + " <-> ".join(terms) + ")" if len(terms) > 1 else terms[0])
        groups.append("(" + " | ".join(alts) + ")")
    return " & ".join(groups)


class PostgresBackend(SearchBackend):
    vendor = "postgresql"
    ddl = tuple(DDL)
    drop = tuple(DROP)

    def match(self, query: ParsedQuery) -> tuple[list[int], list[int]]:
        tsq = _tsquery(query)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT project_id FROM search_searchdocument "  # noqa: S608 - constant SQL
                f"WHERE {DOC} @@ to_tsquery('simple'::regconfig, %s)", [tsq])
            all_ids = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                f"SELECT project_id FROM search_searchdocument "  # noqa: S608 - constant SQL
                f"WHERE {TITLE} @@ to_tsquery('simple'::regconfig, %s)", [tsq])
            title_ids = [row[0] for row in cursor.fetchall()]
        return all_ids, title_ids

