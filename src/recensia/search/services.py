"""Writes to the search index. Called by the register's services on every change."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from recensia.accounts import permissions
from recensia.projects.models import Project
from recensia.search.analysis import analyze, stem, words
from recensia.search.backends import get_backend
from recensia.search.documents import project_field_texts
from recensia.search.models import (
    SearchChange,
    SearchDocument,
    SearchTerm,
    SynonymGroup,
    split_synonym_terms,
)
from recensia.search.state import STATE, mark_changed

MAX_WORD = 64
SYNONYMS_FILE = Path(__file__).resolve().parent / "data" / "synonyms.txt"


def analysed_columns(texts: dict[str, list[str]]) -> dict[str, str]:
    """``SearchDocument`` column → analysed text, from the texts of each field."""
    return {f"{name}_terms": " ".join(" ".join(analyze(t)) for t in parts)
            for name, parts in texts.items()}


def document_texts(project: Project) -> dict[str, list[str]]:
    """Texts of each searched field of a project, before analysis."""
    return project_field_texts(project)


def _vocabulary(texts: Iterable[str]) -> dict[str, str]:
    vocab = {}
    for text in texts:
        for w in words(text):
            if len(w) <= MAX_WORD and not w.isdigit():
                vocab[w] = stem(w)
    return vocab


def _add_vocabulary(vocab: dict[str, str]) -> None:
    if vocab:
        SearchTerm.objects.bulk_create(
            [SearchTerm(word=w, stem=s) for w, s in vocab.items()], ignore_conflicts=True,
            batch_size=2000)


def index_project(project: Project) -> None:
    """Keeps the project's search document and the change log current (same transaction)."""
    texts = document_texts(project)
    SearchDocument.objects.update_or_create(project_id=project.pk,
                                            defaults=analysed_columns(texts))
    _add_vocabulary(_vocabulary(t for parts in texts.values() for t in parts))
    SearchChange.objects.create(project_id=project.pk)
    mark_changed()
    transaction.on_commit(mark_changed)


def on_project_changed(sender, *, project: Project, **kwargs) -> None:
    """Receiver of ``projects.signals.project_changed`` (connected in ``SearchConfig``)."""
    index_project(project)


@transaction.atomic
def rebuild_index(*, batch_size: int = 2000, progress=None) -> int:
    """Recomputes every search document (derived data) and logs every project as changed."""
    qs = (Project.objects.select_related("owner", "vendor")
          .prefetch_related("domains", "techniques", "indicators").order_by("id"))
    SearchDocument.objects.all().delete()
    total = qs.count()
    done = 0
    ids: list[int] = []
    batch_docs: list[SearchDocument] = []
    vocab: dict[str, str] = {}
    for project in qs.iterator(chunk_size=batch_size):
        texts = document_texts(project)
        batch_docs.append(SearchDocument(project_id=project.pk, **analysed_columns(texts)))
        vocab.update(_vocabulary(t for parts in texts.values() for t in parts))
        ids.append(project.pk)
        if len(batch_docs) >= batch_size:
            SearchDocument.objects.bulk_create(batch_docs)
            done += len(batch_docs)
            batch_docs = []
            if progress:
                progress(done, total)
    SearchDocument.objects.bulk_create(batch_docs)
    done += len(batch_docs)
    _add_vocabulary(vocab)
    get_backend(connection).rebuild()
    SearchChange.objects.bulk_create([SearchChange(project_id=i) for i in ids],
                                     batch_size=5000)
    mark_changed()
    transaction.on_commit(mark_changed)
    if progress:
        progress(done, total)
    return done


@transaction.atomic
def save_synonym_group(*, user, terms: str, is_active: bool = True,
                       instance: SynonymGroup | None = None) -> SynonymGroup:
    if not permissions.can_manage_reference_lists(user):
        raise permissions.PermissionDenied("Seule l'équipe de modération gère les synonymes.")
    same, narrower = split_synonym_terms(terms)
    if terms.count(">") > 1 or (narrower and not same):
        raise ValidationError({"terms": ["Écrivez au plus un « > », avec le terme général à "
                                         "gauche et les termes plus précis à droite."]})
    if len(same) + len(narrower) < 2:
        raise ValidationError({"terms": ["Indiquez au moins deux termes séparés par une "
                                         "virgule."]})
    group = instance or SynonymGroup()
    group.terms = ", ".join(same) + (" > " + ", ".join(narrower) if narrower else "")
    group.is_active = is_active
    group.save()
    # This process uses them at once; the other server processes within a few seconds
    # (selectors.SYNONYM_CHECK_SECONDS).
    transaction.on_commit(STATE.forget_synonyms)
    STATE.forget_synonyms()
    return group


def load_synonyms(lines: Iterable[str]) -> int:
    """Idempotent: adds the groups that do not exist yet (same terms)."""
    def key(text: str) -> tuple[frozenset, frozenset]:
        same, narrower = split_synonym_terms(text)
        return (frozenset(t.lower() for t in same), frozenset(t.lower() for t in narrower))

    existing = {key(g.terms) for g in SynonymGroup.objects.all()}
    created = 0
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        same, narrower = split_synonym_terms(line)
        text = ", ".join(same) + (" > " + ", ".join(narrower) if narrower else "")
        if key(text) in existing:
            continue
        existing.add(key(text))
        SynonymGroup.objects.create(terms=text)
        created += 1
    return created
