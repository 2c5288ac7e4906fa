"""PostgreSQL full text: a stored tsvector of the analysed text under a GIN index: phrases.

The French analysis (accents, Snowball French stemming, exceptions) is done once in Python
for both backends, so the ``simple`` configuration is used here: it indexes the stems as
they are.
"""

from __future__ import annotations

from recensia.search.backends.base import SearchBackend
from recensia.search.documents import COLUMNS
from recensia.search.query import Phrase

_TEXT = " || ' ' || ".join(COLUMNS)
DROP = [
    "DROP INDEX IF EXISTS search_doc_fts",
    "DROP INDEX IF EXISTS search_title_fts",
    "DROP INDEX IF EXISTS search_doc_tsv",
    "DROP INDEX IF EXISTS search_title_tsv",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS doc_tsv",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS title_tsv",
]
DDL = [
    *DROP,
    "ALTER TABLE search_searchdocument ADD COLUMN doc_tsv tsvector "
    f"GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, {_TEXT})) STORED",
    "CREATE INDEX search_doc_tsv ON search_searchdocument USING GIN (doc_tsv)",
]


class PostgresBackend(SearchBackend):
    vendor = "postgresql"
    ddl = tuple(DDL)
    drop = tuple(DROP)

    def phrase_statement(self, phrase: Phrase) -> tuple[str, list]:
        tsquery = " <-> ".join("'" + term.replace("'", "") + "'" for term in phrase)
        return ("SELECT project_id FROM search_searchdocument "
                "WHERE doc_tsv @@ to_tsquery('simple'::regconfig, %s)", [tsquery])
