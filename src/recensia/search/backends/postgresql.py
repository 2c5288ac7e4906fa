"""PostgreSQL full text: GIN indexes on tsvector expressions of the analysed text.

The French analysis (accents, Snowball French stemming) is done once in Python for both
backends, so the ``simple`` configuration is used here: it indexes the stems as they are.
"""

from __future__ import annotations

from recensia.search.backends.base import SearchBackend
from recensia.search.query import ParsedQuery

# Stored tsvector columns (computed by PostgreSQL from the analysed text) with GIN
# indexes: a phrase or an OR of synonyms is then checked against the stored vector, not
# recomputed from the text of every candidate row.
DDL = [
    "ALTER TABLE search_searchdocument ADD COLUMN IF NOT EXISTS doc_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title_terms || ' ' || body_terms)) "
    "STORED",
    "ALTER TABLE search_searchdocument ADD COLUMN IF NOT EXISTS title_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title_terms)) STORED",
    "DROP INDEX IF EXISTS search_doc_fts",
    "DROP INDEX IF EXISTS search_title_fts",
    "CREATE INDEX IF NOT EXISTS search_doc_tsv ON search_searchdocument USING GIN (doc_tsv)",
    "CREATE INDEX IF NOT EXISTS search_title_tsv ON search_searchdocument USING GIN (title_tsv)",
]
DROP = [
    "DROP INDEX IF EXISTS search_doc_tsv",
    "DROP INDEX IF EXISTS search_title_tsv",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS doc_tsv",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS title_tsv",
]


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
                "SELECT project_id FROM search_searchdocument "
                "WHERE doc_tsv @@ to_tsquery('simple'::regconfig, %s)", [tsq])
            all_ids = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                "SELECT project_id FROM search_searchdocument "
                "WHERE title_tsv @@ to_tsquery('simple'::regconfig, %s)", [tsq])
            title_ids = [row[0] for row in cursor.fetchall()]
        return all_ids, title_ids

