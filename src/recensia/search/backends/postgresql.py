"""PostgreSQL full text: GIN indexes on tsvector expressions of the analysed text.

The French analysis (accents, Snowball French stemming) is done once in Python for both
backends, so the ``simple`` configuration is used here: it indexes the stems as they are.
"""

from __future__ import annotations

from recensia.search.backends.base import SearchBackend, boolean_expression
from recensia.search.query import ParsedQuery


def _phrase(terms: list[str]) -> str:
    quoted = [f"'{t}'" for t in terms]
    return "(" + " <-> ".join(quoted) + ")" if len(quoted) > 1 else quoted[0]


def _tsquery(query: ParsedQuery) -> str:
    return boolean_expression(query, phrase=_phrase, any_of=" | ", all_of=" & ")


class PostgresBackend(SearchBackend):
    vendor = "postgresql"
    # Stored tsvector columns (computed by PostgreSQL from the analysed text) with GIN
    # indexes: a phrase or an OR of synonyms is then checked against the stored vector, not
    # recomputed from the text of every candidate row.
    ddl = (
        "ALTER TABLE search_searchdocument ADD COLUMN IF NOT EXISTS doc_tsv tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title_terms || ' ' || body_terms)) "
        "STORED",
        "ALTER TABLE search_searchdocument ADD COLUMN IF NOT EXISTS title_tsv tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title_terms)) STORED",
        "DROP INDEX IF EXISTS search_doc_fts",
        "DROP INDEX IF EXISTS search_title_fts",
        "CREATE INDEX IF NOT EXISTS search_doc_tsv ON search_searchdocument USING GIN (doc_tsv)",
        "CREATE INDEX IF NOT EXISTS search_title_tsv ON search_searchdocument "
        "USING GIN (title_tsv)",
    )
    drop = (
        "DROP INDEX IF EXISTS search_doc_tsv",
        "DROP INDEX IF EXISTS search_title_tsv",
        "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS doc_tsv",
        "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS title_tsv",
    )

    def statements(self, query: ParsedQuery) -> tuple[tuple[str, list], tuple[str, list]]:
        tsq = _tsquery(query)
        sql = ("SELECT project_id FROM search_searchdocument "
               "WHERE {column} @@ to_tsquery('simple'::regconfig, %s)")
        return (sql.format(column="doc_tsv"), [tsq]), (sql.format(column="title_tsv"), [tsq])

