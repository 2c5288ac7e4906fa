"""What of a project is searched, field by field (pure Python, no database access).

Relevance weighs words by the field they appear in (BM25F, see ``ranking.py``): the title
counts most, then the short description and the keywords (with the domain and technique
names), then the names (collectivité, solution, vendor), then the description and the
results. Both the register's services and the bulk import build documents here, so every
project is indexed the same way whatever its path into the register.
"""

from __future__ import annotations

from collections.abc import Iterable

FIELDS = ("title", "summary", "keywords", "names", "body", "results")
COLUMNS = tuple(f"{name}_terms" for name in FIELDS)


def field_texts(*, title: str, short_description: str = "", keywords: str = "",
                description: str = "", purpose: str = "", status_detail: str = "",
                lessons_learned: str = "", results_summary: str = "",
                indicator_labels: Iterable[str] = (), owner_name: str = "",
                solution_name: str = "", vendor_name: str = "",
                domain_names: Iterable[str] = (),
                technique_names: Iterable[str] = ()) -> dict[str, list[str]]:
    """Texts of each field, before analysis."""
    texts = {
        "title": [title],
        "summary": [short_description],
        "keywords": [keywords.replace(",", " "), *domain_names, *technique_names],
        "names": [owner_name, solution_name, vendor_name],
        "body": [description, purpose, status_detail, lessons_learned],
        "results": [results_summary, *indicator_labels],
    }
    return {name: [t for t in parts if t] for name, parts in texts.items()}


def project_field_texts(project) -> dict[str, list[str]]:
    """Texts of a saved project (domains, techniques and indicators read from the database)."""
    return field_texts(
        title=project.title, short_description=project.short_description,
        keywords=project.keywords, description=project.description, purpose=project.purpose,
        status_detail=project.status_detail, lessons_learned=project.lessons_learned,
        results_summary=project.results_summary,
        indicator_labels=[i.label for i in project.indicators.all()],
        owner_name=project.owner.name, solution_name=project.solution_name,
        vendor_name=project.vendor.name if project.vendor_id else "",
        domain_names=[d.name for d in project.domains.all()],
        technique_names=[t.name for t in project.techniques.all()])
