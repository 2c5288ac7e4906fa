"""Writes to the search index. Called by the register's services on every change."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from recensia.accounts import permissions
from recensia.projects.models import Project
from recensia.search.analysis import analyze, stem, words
from recensia.search.backends import get_backend
from recensia.search.models import SearchChange, SearchDocument, SearchTerm, SynonymGroup
from recensia.search.state import STATE, mark_changed

MAX_WORD = 64


def document_texts(project: Project) -> tuple[str, str]:
    """(title text, body text) of a project, before analysis."""
    parts = [project.short_description, project.description, project.purpose,
             project.results_summary, project.keywords.replace(",", " "),
             project.owner.name, project.solution_name, project.status_detail,
             project.lessons_learned]
    if project.vendor_id:
        parts.append(project.vendor.name)
    parts += [d.name for d in project.domains.all()]
    parts += [t.name for t in project.techniques.all()]
    parts += [i.label for i in project.indicators.all()]
    return project.title, "\n".join(p for p in parts if p)


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
    title, body = document_texts(project)
    SearchDocument.objects.update_or_create(
        project_id=project.pk,
        defaults={"title_terms": " ".join(analyze(title)),
                  "body_terms": " ".join(analyze(body))},
    )
    _add_vocabulary(_vocabulary([title, body]))
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
        title, body = document_texts(project)
        batch_docs.append(SearchDocument(project_id=project.pk,
                                         title_terms=" ".join(analyze(title)),
                                         body_terms=" ".join(analyze(body))))
        vocab.update(_vocabulary([title, body]))
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
    items = [t.strip() for t in terms.split(",") if t.strip()]
    if len(items) < 2:
        raise ValidationError({"terms": ["Indiquez au moins deux termes séparés par une "
                                         "virgule."]})
    group = instance or SynonymGroup()
    group.terms, group.is_active = ", ".join(items), is_active
    group.save()
    # This process uses them at once; the other server processes within a few seconds
    # (selectors.SYNONYM_CHECK_SECONDS).
    transaction.on_commit(STATE.forget_synonyms)
    STATE.forget_synonyms()
    return group


def load_synonyms(lines: Iterable[str]) -> int:
    """Idempotent: adds the groups that do not exist yet (same terms)."""
    existing = {frozenset(t.lower() for t in g.term_list) for g in SynonymGroup.objects.all()}
    created = 0
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        terms = [t.strip() for t in line.split(",") if t.strip()]
        if frozenset(t.lower() for t in terms) in existing:
            continue
        SynonymGroup.objects.create(terms=", ".join(terms))
        created += 1
    return created
