"""Search index tables. Their content is derived from the register and rebuilt at will
(``recensia rebuild_search_index``); only synonyms are edited by people."""

from django.db import models


class SearchDocument(models.Model):
    """Analysed text of one project (stems), field by field (``documents.FIELDS``).

    Each web process reads these columns into its in-memory index (relevance); the
    database's full-text engine indexes them too, for phrases (``backends``)."""

    project = models.OneToOneField("projects.Project", on_delete=models.CASCADE,
                                   primary_key=True, related_name="search_document")
    title_terms = models.TextField(default="")
    summary_terms = models.TextField(default="")
    keywords_terms = models.TextField(default="")
    names_terms = models.TextField(default="")
    body_terms = models.TextField(default="")
    results_terms = models.TextField(default="")

    class Meta:
        verbose_name = "document indexé"
        verbose_name_plural = "documents indexés"

    def __str__(self) -> str:
        return f"Index du projet {self.project_id}"


class SearchTerm(models.Model):
    """Vocabulary: every folded word seen in the register, with its stem (typos, prefixes)."""

    word = models.CharField(max_length=64, unique=True)
    stem = models.CharField(max_length=64, db_index=True)

    class Meta:
        verbose_name = "mot du vocabulaire"
        verbose_name_plural = "vocabulaire"
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word


class SearchChange(models.Model):
    """Append-only log of changed projects; each worker replays it to stay current."""

    id = models.BigAutoField(primary_key=True)
    project_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "changement à indexer"
        verbose_name_plural = "changements à indexer"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Changement {self.id} (projet {self.project_id})"


class SynonymGroup(models.Model):
    """Words that mean the same thing to the people who search (edited by moderators).

    « a, b, c » : each term finds the others. « général > précis, précis » : a one-way
    expansion, the broader term (left) also finds the narrower ones (right), not back."""

    terms = models.TextField(
        "termes équivalents",
        help_text="Séparés par des virgules, par exemple : cantine, restauration scolaire. "
                  "Pour un terme général qui doit trouver des termes plus précis (et pas "
                  "l'inverse) : déchets > encombrants, biodéchets.",
    )
    is_active = models.BooleanField("utilisé par la recherche", default=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "groupe de synonymes"
        verbose_name_plural = "synonymes"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.terms

    @property
    def term_list(self) -> list[str]:
        return [t.strip() for t in self.terms.replace(">", ",").split(",") if t.strip()]

    @property
    def parts(self) -> tuple[list[str], list[str]]:
        """(terms that find every term of the group, narrower terms found only one way)."""
        return split_synonym_terms(self.terms)


def split_synonym_terms(text: str) -> tuple[list[str], list[str]]:
    head, _sep, narrower = text.partition(">")
    return ([t.strip() for t in head.split(",") if t.strip()],
            [t.strip() for t in narrower.split(",") if t.strip()])
