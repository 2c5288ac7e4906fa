"""Search index tables. Their content is derived from the register and rebuilt at will
(``recensia rebuild_search_index``); only synonyms are edited by people."""

from django.db import models


class SearchDocument(models.Model):
    """Analysed text of one project (stems), indexed by the database's full-text engine."""

    project = models.OneToOneField("projects.Project", on_delete=models.CASCADE,
                                   primary_key=True, related_name="search_document")
    title_terms = models.TextField(default="")
    body_terms = models.TextField(default="")

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
    """Words that mean the same thing to the people who search (edited by moderators)."""

    terms = models.TextField(
        "termes équivalents",
        help_text="Séparés par des virgules, par exemple : cantine, restauration scolaire.",
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
        return [t.strip() for t in self.terms.split(",") if t.strip()]
