"""Fast path for large imports: published projects written in batches with ``bulk_create``.

Same item format as ``recensia-projets`` (see ``importing.py`` and the demonstration file),
same result as creating each project through ``projects.services.create_project`` with the
state « publié »: project row, domains, techniques, partners, indicators, sources, first
version (``ProjectRevision`` n° 1, action « Import »), search document, vocabulary and
change log (so that running web workers pick the new projects up).

What makes it fast:

- every item goes through the entry path (``projects/entry.py``) like any other source,
  with references (collectivités, domains, techniques) read once beforehand
  (``References(preload=True)``), never with a query per project; vendors likewise;
- slugs are ``slugify(title)`` plus a suffix derived from the unique ``source_id``, so no
  per-row uniqueness query is needed (one query per batch checks for clashes);
- the version snapshot is built in memory by ``versions.build_snapshot`` (what
  ``take_snapshot`` uses), and the search texts with the same text as ``document_texts``;
- analysed text is cached per whitespace-separated fragment (no word spans a space, so
  analysing fragment by fragment gives exactly ``analyze`` of the whole text).

Everything is checked before anything is written (all problems are reported at once, in
French, as by ``import_projects``). Each batch is then written in its own transaction.
Projects whose ``source_id`` already exists are left alone (the import can be replayed).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from contextlib import contextmanager

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from recensia.opendata.importing import ImportFailed, ImportReport, Pending, read_items
from recensia.projects.models import (
    Indicator,
    PartnerInitiative,
    PartnerStatus,
    Project,
    ProjectPartner,
    ProjectRevision,
    Source,
    Vendor,
    WorkflowState,
)
from recensia.projects.references import References
from recensia.projects.versions import build_snapshot
from recensia.search.analysis import stem, words
from recensia.search.documents import field_texts
from recensia.search.models import SearchChange, SearchDocument, SearchTerm
from recensia.search.services import MAX_WORD
from recensia.search.state import mark_changed

ACTION = "Import"
SLUG_SUFFIX_MAX = 19  # slug: 200 characters of title + "-" + suffix ≤ 220
_FRAGMENT_CACHE_MAX = 500_000
SQLITE_CACHE_KIB = 256 * 1024  # page cache of the connection during the import

Progress = Callable[[int, int], None]
Vendors = dict[str, tuple[int, str]]  # name → (id, SIREN)


# ---------------------------------------------------------------- text analysis

class _Analyzer:
    """``analyze`` with a cache per fragment, collecting the vocabulary on the way."""

    def __init__(self) -> None:
        self.cache: dict[str, list[str]] = {}
        self.new_words: dict[str, str] = {}

    def terms(self, text: str) -> list[str]:
        out: list[str] = []
        cache = self.cache
        for fragment in text.split():
            stems = cache.get(fragment)
            if stems is None:
                if len(cache) >= _FRAGMENT_CACHE_MAX:
                    cache.clear()
                found = words(fragment)
                stems = [stem(w) for w in found]
                for w, s in zip(found, stems, strict=True):
                    if len(w) <= MAX_WORD and not w.isdigit():
                        self.new_words[w] = s
                cache[fragment] = stems
            out.extend(stems)
        return out

    def take_words(self) -> dict[str, str]:
        found, self.new_words = self.new_words, {}
        return found


# ---------------------------------------------------------------- writing

def _suffix(sid: str) -> str:
    suffix = slugify(sid)
    if suffix and len(suffix) <= SLUG_SUFFIX_MAX and suffix == sid.lower():
        return suffix
    return hashlib.blake2b(sid.encode(), digest_size=5).hexdigest()


def _slug(title: str, sid: str) -> str:
    base = slugify(title)[:200].strip("-") or "projet"
    return f"{base}-{_suffix(sid)}"


def _size(model) -> int:
    """Rows per INSERT that stay under every driver's parameter limit."""
    return max(1, 30_000 // len(model._meta.concrete_fields))


def _write_vendors(pending: list[Pending]) -> Vendors:
    """Creates the vendors the items name (an empty SIREN is completed by the first one
    given, as the services do) and returns every vendor."""
    known: Vendors = {name: (pk, siren) for pk, name, siren in
                      Vendor.objects.values_list("id", "name", "siren")}
    wanted: dict[str, str] = {}
    for p in pending:
        name, siren = p.data.vendor_name, p.data.vendor_siren
        if name:
            if siren and not wanted.get(name):
                wanted[name] = siren
            wanted.setdefault(name, "")
    missing = [Vendor(name=n, siren=s) for n, s in wanted.items() if n not in known]
    Vendor.objects.bulk_create(missing, ignore_conflicts=True, batch_size=_size(Vendor))
    fill = [n for n, s in wanted.items() if s and n in known and not known[n][1]]
    for name in fill:
        Vendor.objects.filter(name=name, siren="").update(siren=wanted[name])
    if missing or fill:
        known = {name: (pk, siren) for pk, name, siren in
                 Vendor.objects.values_list("id", "name", "siren")}
    return known


def _in_order(entries: list) -> list:
    """Domains or techniques in the order of ``project.domains.all()``."""
    return sorted(entries, key=lambda e: (e.position, e.name, e.pk))


def _texts(project: Project, p: Pending) -> dict[str, list[str]]:
    """What ``document_texts`` returns: the texts of each searched field."""
    data = p.data
    return field_texts(
        title=project.title, short_description=project.short_description,
        keywords=project.keywords, description=project.description, purpose=project.purpose,
        status_detail=project.status_detail, lessons_learned=project.lessons_learned,
        results_summary=project.results_summary,
        indicator_labels=[ind["label"] for ind in data.indicators], owner_name=data.owner.name,
        solution_name=project.solution_name, vendor_name=data.vendor_name or "",
        domain_names=[d.name for d in _in_order(data.domains)],
        technique_names=[t.name for t in _in_order(data.techniques)])


def _write_batch(batch: list[Pending], vendors: Vendors, analyzer: _Analyzer,
                 slugs_taken: set[str]) -> int:
    existing = set(Project.objects.filter(source_id__in=[p.source_id for p in batch])
                   .values_list("source_id", flat=True))
    batch = [p for p in batch if p.source_id not in existing]
    if not batch:
        return 0
    slugs = [_slug(p.data.fields["title"], p.source_id) for p in batch]
    clashes = set(Project.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    now = timezone.now()
    projects: list[Project] = []
    for p, slug in zip(batch, slugs, strict=True):
        if slug in clashes or slug in slugs_taken:
            digest = hashlib.blake2b(p.source_id.encode(), digest_size=3).hexdigest()
            base, n = f"{slug}-{digest}", 2
            slug = base
            while slug in clashes or slug in slugs_taken:
                slug, n = f"{base}-{n}", n + 1
        slugs_taken.add(slug)
        vendor = vendors.get(p.data.vendor_name) if p.data.vendor_name else None
        projects.append(Project(
            owner_id=p.data.owner.pk, vendor_id=vendor[0] if vendor else None,
            state=WorkflowState.PUBLISHED, source_id=p.source_id, slug=slug, published_at=now,
            version=1, **p.data.fields))
    Project.objects.bulk_create(projects, batch_size=_size(Project))
    if projects and projects[0].pk is None:  # database without RETURNING on bulk insert
        pks = dict(Project.objects.filter(source_id__in=[p.source_id for p in batch])
                   .values_list("source_id", "id"))
        for project in projects:
            project.pk = project.id = pks[project.source_id]

    through_d, through_t = Project.domains.through, Project.techniques.through
    domain_rows, technique_rows, partner_rows, indicator_rows, source_rows = [], [], [], [], []
    revisions, documents, changes = [], [], []
    for project, p in zip(projects, batch, strict=True):
        pk, data = project.pk, p.data
        domain_rows += [through_d(project_id=pk, domain_id=d.pk) for d in data.domains]
        technique_rows += [through_t(project_id=pk, technique_id=t.pk) for t in data.techniques]
        partners = [(org.pk, role) for org, role in data.partners]
        # Bulk imports load published sources: their partners are taken as read.
        partner_rows += [ProjectPartner(project_id=pk, organization_id=org_id, role=role,
                                        status=PartnerStatus.ACCEPTED,
                                        initiative=PartnerInitiative.SOURCE)
                         for org_id, role in partners]
        indicator_rows += [Indicator(project_id=pk, position=i, **row)
                           for i, row in enumerate(data.indicators)]
        source_rows += [Source(project_id=pk, position=i, **row)
                        for i, row in enumerate(data.sources)]
        vendor = (data.vendor_name, vendors[data.vendor_name][1]) if data.vendor_name else None
        revisions.append(ProjectRevision(
            project_id=pk, number=1, author=None, action=ACTION, changed_fields=[],
            snapshot=build_snapshot(
                project, vendor=vendor, domain_slugs=[d.slug for d in data.domains],
                technique_slugs=[t.slug for t in data.techniques], partners=partners,
                indicators=data.indicators, sources=data.sources)))
        columns = {f"{name}_terms": " ".join(" ".join(analyzer.terms(t)) for t in parts)
                   for name, parts in _texts(project, p).items()}
        documents.append(SearchDocument(project_id=pk, **columns))
        changes.append(SearchChange(project_id=pk))
    for model, rows in ((through_d, domain_rows), (through_t, technique_rows),
                        (ProjectPartner, partner_rows), (Indicator, indicator_rows),
                        (Source, source_rows), (ProjectRevision, revisions),
                        (SearchDocument, documents)):
        model.objects.bulk_create(rows, batch_size=_size(model))
    vocabulary = analyzer.take_words()
    if vocabulary:
        SearchTerm.objects.bulk_create(
            [SearchTerm(word=w, stem=s) for w, s in vocabulary.items()],
            ignore_conflicts=True, batch_size=_size(SearchTerm))
    SearchChange.objects.bulk_create(changes, batch_size=_size(SearchChange))
    mark_changed()
    transaction.on_commit(mark_changed)
    return len(projects)


def bulk_import_projects(items: list[dict], *, batch_size: int = 2000,
                         progress: Progress | None = None) -> int:
    """Creates the published projects of ``items`` (``recensia-projets`` items) in batches.

    Returns the number of projects created. Raises ``ImportFailed`` (nothing written) if
    any item has a problem; items whose ``source_id`` already exists are skipped.
    """
    refs = References(preload=True)
    pending, problems = read_items(items, refs)
    if problems:
        raise ImportFailed(ImportReport(problems=problems))
    with transaction.atomic():
        refs.create_new_bodies()
        vendors = _write_vendors(pending)
    analyzer = _Analyzer()
    slugs_taken: set[str] = set()
    total, done, created = len(pending), 0, 0
    with _large_page_cache():
        for start in range(0, total, batch_size):
            batch = pending[start:start + batch_size]
            with transaction.atomic():
                created += _write_batch(batch, vendors, analyzer, slugs_taken)
            done += len(batch)
            if progress:
                progress(done, total)
    return created


@contextmanager
def _large_page_cache():
    """SQLite keeps 2 MB of pages by default: the unique indexes (slug, vocabulary) and
    the full-text index of a large import no longer fit, and every insert reads pages
    back. The connection gets a larger cache for the import, then its own back."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")
