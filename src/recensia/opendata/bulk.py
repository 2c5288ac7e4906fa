"""Fast path for large imports: published projects written in batches with ``bulk_create``.

Same item format as ``recensia-projets`` (see ``importing.py`` and the demonstration file),
same result as creating each project through ``projects.services.create_project`` with the
state « publié »: project row, domains, techniques, partners, indicators, sources, first
version (``ProjectRevision`` n° 1, action « Import »), search document, vocabulary and
change log (so that running web workers pick the new projects up).

What makes it fast:

- every reference (collectivités, domains, techniques, vendors) is resolved from
  dictionaries built once, never with a query per project;
- slugs are ``slugify(title)`` plus a suffix derived from the unique ``source_id``, so no
  per-row uniqueness query is needed (one query per batch checks for clashes);
- the version snapshot and the search texts are built in memory from the item, with the
  same keys and the same text as ``take_snapshot`` and ``document_texts``;
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
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from recensia.opendata.importing import (
    ImportFailed,
    ImportProblem,
    ImportReport,
    control_character_problems,
)
from recensia.projects.models import (
    DecisionRole,
    Domain,
    Indicator,
    PartnerRole,
    Project,
    ProjectKind,
    ProjectPartner,
    ProjectRevision,
    ProjectStatus,
    Source,
    Technique,
    Vendor,
    WorkflowState,
)
from recensia.projects.services import (
    EDITABLE_FIELDS,
    INDICATOR_FIELDS,
    SOURCE_FIELDS,
    _plain,
)
from recensia.search.analysis import stem, words
from recensia.search.documents import field_texts
from recensia.search.models import SearchChange, SearchDocument, SearchTerm
from recensia.search.services import MAX_WORD
from recensia.search.state import mark_changed
from recensia.territories.models import Organization, OrganizationKind, OtherBodyType

ACTION = "Import"
SLUG_SUFFIX_MAX = 19  # slug: 200 characters of title + "-" + suffix ≤ 220
_FRAGMENT_CACHE_MAX = 500_000
SQLITE_CACHE_KIB = 256 * 1024  # page cache of the connection during the import
_CHOICES = {"kind": ProjectKind, "status": ProjectStatus, "decision_role": DecisionRole}
_PROJECT_FIELDS = {name: Project._meta.get_field(name) for name in EDITABLE_FIELDS}
_INDICATOR_FIELDS = {name: Indicator._meta.get_field(name) for name in INDICATOR_FIELDS}
_DECIMAL_PLACES = {name: f.decimal_places for name, f in _INDICATOR_FIELDS.items()
                   if f.get_internal_type() == "DecimalField"}
_TEXT_TYPES = ("CharField", "EmailField", "URLField", "SlugField")

Progress = Callable[[int, int], None]


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


# ---------------------------------------------------------------- references

class _References:
    """Every reference an item can use, loaded once."""

    def __init__(self) -> None:
        self.by_code: dict[tuple[str, str], tuple[int, str]] = {}
        self.by_siren: dict[str, tuple[int, str]] = {}
        self.others: dict[str, tuple[int, str]] = {}
        rows = Organization.objects.filter(is_obsolete=False).values_list(
            "id", "kind", "insee_code", "siren", "name")
        for pk, kind, insee, siren, name in rows.iterator(chunk_size=10_000):
            if insee:
                self.by_code.setdefault((kind, insee), (pk, name))
            if siren:
                self.by_siren.setdefault(siren, (pk, name))
            if kind == OrganizationKind.OTHER:
                self.others.setdefault(name, (pk, name))
        self.departements = {code: pk for (kind, code), (pk, _n) in self.by_code.items()
                             if kind == OrganizationKind.DEPARTEMENT}
        # (position, name, id) is the order of project.domains.all() in document_texts.
        self.domains: dict[str, Domain] = {}
        for d in Domain.objects.all():
            self.domains[d.name.lower()] = self.domains[d.slug] = d
        self.techniques: dict[str, Technique] = {}
        for t in Technique.objects.all():
            self.techniques[t.name.lower()] = self.techniques[t.slug] = t
        self.vendors: dict[str, tuple[int, str]] = {
            name: (pk, siren) for pk, name, siren in
            Vendor.objects.values_list("id", "name", "siren")}
        self.to_create_other: dict[str, dict[str, Any]] = {}

    def organization(self, ref: Any) -> tuple[int, str] | str:
        """(id, name), or a French error message. Unknown « autres organismes » are
        remembered, to be created before the first batch (as the importer does)."""
        if not isinstance(ref, dict):
            return "référence de collectivité illisible"
        kind = ref.get("kind")
        insee, siren = str(ref.get("insee_code") or ""), str(ref.get("siren") or "")
        if kind in (OrganizationKind.COMMUNE, OrganizationKind.DEPARTEMENT,
                    OrganizationKind.REGION) and insee:
            return self.by_code.get((kind, insee)) or \
                f"aucune collectivité de type {kind} avec le code INSEE {insee}"
        if siren:
            return self.by_siren.get(siren) or f"aucune collectivité avec le SIREN {siren}"
        if kind == OrganizationKind.OTHER and ref.get("name"):
            name = ref["name"]
            if name in self.others:
                return self.others[name]
            if ref.get("other_type", "autre") not in OtherBodyType.values:
                return f"nature d'organisme inconnue : {ref.get('other_type')}"
            self.to_create_other.setdefault(name, ref)
            return (0, name)  # id given by create_others()
        return "référence de collectivité incomplète (code INSEE, SIREN ou nom attendu)"

    def create_others(self) -> None:
        for name, ref in self.to_create_other.items():
            dep_id = self.departements.get(str(ref.get("departement") or ""))
            region_id = None
            if dep_id:
                region_id = Organization.objects.filter(pk=dep_id).values_list(
                    "region_id", flat=True).first()
            org = Organization.objects.create(
                kind=OrganizationKind.OTHER, name=name,
                other_type=ref.get("other_type", "autre"), departement_id=dep_id,
                region_id=region_id)
            self.others[name] = (org.pk, name)
        self.to_create_other = {}

    def org_id(self, pair: tuple[int, str]) -> int:
        return pair[0] or self.others[pair[1]][0]


# ---------------------------------------------------------------- checking

class _Prepared:
    """One checked item, ready to be written."""

    __slots__ = ("sid", "fields", "owner", "vendor_name", "vendor_siren", "domains",
                 "techniques", "partners", "indicators", "sources")

    def __init__(self, sid: str) -> None:
        self.sid = sid


def _check_length(value: Any, model_field, label: str, problem) -> None:
    limit = getattr(model_field, "max_length", None)
    if limit and isinstance(value, str) and len(value) > limit:
        problem(label, f"{len(value)} caractères, {limit} au plus")


def _prepare(item: dict[str, Any], refs: _References, position: int,
             problems: list[ImportProblem]) -> _Prepared | None:
    sid = str(item.get("source_id") or "")

    def problem(field_name: str, message: str) -> None:
        problems.append(ImportProblem(position, sid, field_name, message))

    before = len(problems)
    if not sid:
        problem("source_id", "identifiant d'origine manquant : il rend l'import rejouable.")
    elif len(sid) > Project._meta.get_field("source_id").max_length:
        problem("source_id", "identifiant d'origine trop long")
    owner = refs.organization(item.get("owner"))
    if isinstance(owner, str):
        problem("owner", owner)
    partners: list[tuple[tuple[int, str], str]] = []
    for ref in item.get("partners") or []:
        org = refs.organization(ref)
        if isinstance(org, str):
            problem("partners", org)
            continue
        role = ref.get("role", PartnerRole.PARTNER)
        if role not in PartnerRole.values:
            problem("partners", f"rôle inconnu : {role}")
        if not isinstance(owner, str) and org == owner:
            problem("partners", f"{org[1]} porte déjà le projet : elle ne peut pas aussi "
                                "être partenaire.")
        if any(org == p for p, _r in partners):
            problem("partners", f"{org[1]} est indiquée deux fois.")
        partners.append((org, role))
    domains, techniques = [], []
    for name in item.get("domains") or []:
        obj = refs.domains.get(str(name).lower()) or refs.domains.get(slugify(name))
        if obj is None:
            problem("domains", f"domaine inconnu : « {name} » (à créer d'abord par la modération)")
        elif obj not in domains:
            domains.append(obj)
    for name in item.get("techniques") or []:
        obj = refs.techniques.get(str(name).lower()) or refs.techniques.get(slugify(name))
        if obj is None:
            problem("techniques", f"technique inconnue : « {name} »")
        elif obj not in techniques:
            techniques.append(obj)
    fields: dict[str, Any] = {}
    for name, model_field in _PROJECT_FIELDS.items():
        value = item.get(name)
        if value is None:
            continue
        if name in _CHOICES and value not in _CHOICES[name].values:
            problem(name, f"valeur inconnue « {value} » (valeurs possibles : "
                          f"{', '.join(_CHOICES[name].values)})")
            continue
        if name == "keywords" and isinstance(value, list):
            value = ", ".join(value)
        if isinstance(value, str):
            value = value.strip()
        try:
            value = model_field.to_python(value)
        except Exception as exc:  # noqa: BLE001 - reported to the user, in French
            problem(name, f"valeur illisible « {value} » ({exc})")
            continue
        _check_length(value, model_field, name, problem)
        fields[name] = value
    if not fields.get("title"):
        problem("title", "le titre est obligatoire.")
    if not fields.get("short_description"):
        problem("short_description", "la description courte est obligatoire.")
    if fields.get("status") == ProjectStatus.STOPPED and not fields.get("status_reason"):
        problem("status_reason", "Indiquez pourquoi le projet a été arrêté ou abandonné : "
                                 "c'est utile aux autres collectivités.")
    indicators = []
    for i, ind in enumerate(item.get("indicators") or [], start=1):
        if not str(ind.get("label") or "").strip():
            problem("indicators", f"Indicateur n° {i} : le libellé est obligatoire.")
            continue
        row: dict[str, Any] = {}
        for name, model_field in _INDICATOR_FIELDS.items():
            value = ind.get(name)
            if value is None:
                row[name] = None if name in _DECIMAL_PLACES else ""
                continue
            try:
                value = model_field.to_python(value)
            except Exception as exc:  # noqa: BLE001
                problem("indicators", f"Indicateur n° {i}, {name} : valeur illisible ({exc})")
                continue
            if name in _DECIMAL_PLACES:
                value = value.quantize(Decimal(1).scaleb(-_DECIMAL_PLACES[name]))
            _check_length(value, model_field, "indicators", problem)
            row[name] = value
        indicators.append(row)
    sources = []
    for i, src in enumerate(item.get("sources") or [], start=1):
        url = str(src.get("url") or "").strip()
        if not url:
            problem("sources", f"Source n° {i} : l'adresse est obligatoire.")
            continue
        row = {"url": url, "title": str(src.get("title") or "").strip()}
        for name in SOURCE_FIELDS:
            _check_length(row[name], Source._meta.get_field(name), "sources", problem)
        sources.append(row)
    vendor = item.get("vendor") or {}
    vendor_name = str(vendor.get("name") or "").strip()
    _check_length(vendor_name, Vendor._meta.get_field("name"), "vendor", problem)
    if len(problems) > before:
        return None
    prepared = _Prepared(sid)
    prepared.fields = fields
    prepared.owner = owner
    prepared.vendor_name = vendor_name
    prepared.vendor_siren = str(vendor.get("siren") or "")
    prepared.domains = sorted(domains, key=lambda d: (d.position, d.name, d.pk))
    prepared.techniques = sorted(techniques, key=lambda t: (t.position, t.name, t.pk))
    prepared.partners = partners
    prepared.indicators = indicators
    prepared.sources = sources
    return prepared


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


def _write_vendors(prepared: list[_Prepared], refs: _References) -> None:
    wanted: dict[str, str] = {}
    for p in prepared:
        if p.vendor_name:
            if p.vendor_siren and not wanted.get(p.vendor_name):
                wanted[p.vendor_name] = p.vendor_siren
            wanted.setdefault(p.vendor_name, "")
    missing = [Vendor(name=n, siren=s) for n, s in wanted.items() if n not in refs.vendors]
    Vendor.objects.bulk_create(missing, ignore_conflicts=True, batch_size=_size(Vendor))
    fill = [n for n, s in wanted.items() if s and n in refs.vendors and not refs.vendors[n][1]]
    for name in fill:  # as _apply: an empty SIREN is completed by the first one given
        Vendor.objects.filter(name=name, siren="").update(siren=wanted[name])
    if missing or fill:
        refs.vendors = {name: (pk, siren) for pk, name, siren in
                        Vendor.objects.values_list("id", "name", "siren")}


def _snapshot(project: Project, p: _Prepared, refs: _References, owner_id: int,
              partners: list[list]) -> dict[str, Any]:
    """What ``take_snapshot`` returns for this project, without a query."""
    snap: dict[str, Any] = {name: _plain(getattr(project, name)) for name in EDITABLE_FIELDS}
    snap["owner"] = owner_id
    if p.vendor_name:
        snap["vendor"] = {"name": p.vendor_name, "siren": refs.vendors[p.vendor_name][1]}
    else:
        snap["vendor"] = None
    snap["domains"] = sorted(d.slug for d in p.domains)
    snap["techniques"] = sorted(t.slug for t in p.techniques)
    snap["partners"] = sorted(partners, key=lambda x: x[0])
    snap["indicators"] = [{name: _plain(ind[name]) for name in INDICATOR_FIELDS}
                          for ind in p.indicators]
    snap["sources"] = [{name: src[name] for name in SOURCE_FIELDS} for src in p.sources]
    return snap


def _texts(project: Project, p: _Prepared, owner_name: str) -> dict[str, list[str]]:
    """What ``document_texts`` returns: the texts of each searched field."""
    return field_texts(
        title=project.title, short_description=project.short_description,
        keywords=project.keywords, description=project.description, purpose=project.purpose,
        status_detail=project.status_detail, lessons_learned=project.lessons_learned,
        results_summary=project.results_summary,
        indicator_labels=[ind["label"] for ind in p.indicators], owner_name=owner_name,
        solution_name=project.solution_name, vendor_name=p.vendor_name or "",
        domain_names=[d.name for d in p.domains], technique_names=[t.name for t in p.techniques])


def _write_batch(batch: list[_Prepared], refs: _References, analyzer: _Analyzer,
                 slugs_taken: set[str]) -> int:
    existing = set(Project.objects.filter(source_id__in=[p.sid for p in batch])
                   .values_list("source_id", flat=True))
    batch = [p for p in batch if p.sid not in existing]
    if not batch:
        return 0
    slugs = [_slug(p.fields["title"], p.sid) for p in batch]
    clashes = set(Project.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    now = timezone.now()
    projects: list[Project] = []
    for p, slug in zip(batch, slugs, strict=True):
        if slug in clashes or slug in slugs_taken:
            base, n = f"{slug}-{hashlib.blake2b(p.sid.encode(), digest_size=3).hexdigest()}", 2
            slug = base
            while slug in clashes or slug in slugs_taken:
                slug, n = f"{base}-{n}", n + 1
        slugs_taken.add(slug)
        vendor = refs.vendors.get(p.vendor_name) if p.vendor_name else None
        projects.append(Project(
            owner_id=refs.org_id(p.owner), vendor_id=vendor[0] if vendor else None,
            state=WorkflowState.PUBLISHED, source_id=p.sid, slug=slug, published_at=now,
            version=1, **p.fields))
    Project.objects.bulk_create(projects, batch_size=_size(Project))
    if projects and projects[0].pk is None:  # database without RETURNING on bulk insert
        pks = dict(Project.objects.filter(source_id__in=[p.sid for p in batch])
                   .values_list("source_id", "id"))
        for project in projects:
            project.pk = project.id = pks[project.source_id]

    through_d, through_t = Project.domains.through, Project.techniques.through
    domain_rows, technique_rows, partner_rows, indicator_rows, source_rows = [], [], [], [], []
    revisions, documents, changes = [], [], []
    for project, p in zip(projects, batch, strict=True):
        pk = project.pk
        domain_rows += [through_d(project_id=pk, domain_id=d.pk) for d in p.domains]
        technique_rows += [through_t(project_id=pk, technique_id=t.pk) for t in p.techniques]
        partners = []
        for org, role in p.partners:
            org_id = refs.org_id(org)
            partner_rows.append(ProjectPartner(project_id=pk, organization_id=org_id,
                                               role=role))
            partners.append([org_id, role])
        indicator_rows += [Indicator(project_id=pk, position=i, **ind)
                           for i, ind in enumerate(p.indicators)]
        source_rows += [Source(project_id=pk, position=i, **src)
                        for i, src in enumerate(p.sources)]
        revisions.append(ProjectRevision(
            project_id=pk, number=1, author=None, action=ACTION, changed_fields=[],
            snapshot=_snapshot(project, p, refs, project.owner_id, partners)))
        owner_name = p.owner[1]
        columns = {f"{name}_terms": " ".join(" ".join(analyzer.terms(t)) for t in parts)
                   for name, parts in _texts(project, p, owner_name).items()}
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
    report = ImportReport()
    refs = _References()
    prepared: list[_Prepared] = []
    seen: set[str] = set()
    for position, item in enumerate(items, start=1):
        sid = str(item.get("source_id") or "")
        if sid and sid in seen:
            report.problems.append(ImportProblem(position, sid, "source_id",
                                                 "identifiant présent deux fois dans le fichier"))
        seen.add(sid)
        problems = control_character_problems(item, position, sid)
        if problems:
            report.problems += problems
            continue
        p = _prepare(item, refs, position, report.problems)
        if p is not None:
            prepared.append(p)
    if report.problems:
        raise ImportFailed(report)
    with transaction.atomic():
        refs.create_others()
        _write_vendors(prepared, refs)
    analyzer = _Analyzer()
    slugs_taken: set[str] = set()
    total, done, created = len(prepared), 0, 0
    with _large_page_cache():
        for start in range(0, total, batch_size):
            batch = prepared[start:start + batch_size]
            with transaction.atomic():
                created += _write_batch(batch, refs, analyzer, slugs_taken)
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
