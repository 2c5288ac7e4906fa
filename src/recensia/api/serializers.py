"""Model → API dictionaries (shared by the API and the open-data exports)."""

from __future__ import annotations

from recensia.projects.models import Project
from recensia.territories.models import Organization


def organization_ref(org: Organization | None) -> dict | None:
    if org is None:
        return None
    return {"code": org.url_code, "name": org.name, "kind": org.kind,
            "insee_code": org.insee_code, "siren": org.siren,
            "url": org.get_absolute_url(), "other_type": org.other_type}


def organization(org: Organization) -> dict:
    return {**organization_ref(org), "kind_label": org.kind_label,
            "population": org.population,
            "departement": organization_ref(org.departement),
            "region": organization_ref(org.region), "epci": organization_ref(org.epci),
            "is_obsolete": org.is_obsolete}


def project_summary(p: Project) -> dict:
    return {
        "slug": p.slug, "url": p.get_absolute_url(), "title": p.title,
        "short_description": p.short_description, "kind": p.kind, "status": p.status,
        "status_label": p.get_status_display(), "owner": organization_ref(p.owner),
        "domains": [d.name for d in p.domains.all()],
        "techniques": [t.name for t in p.techniques.all()],
        "start_year": p.start_year, "published_at": p.published_at, "updated_at": p.updated_at,
    }


TEXT_FIELDS = [
    "description", "status_detail", "status_reason", "start_date", "end_date", "purpose",
    "decision_role", "alternatives_considered", "results_summary", "solution_name",
    "procurement", "investment_eur", "yearly_cost_eur", "funding", "hosting_provider",
    "hosting_country", "secnumcloud", "open_source", "source_code_url", "data_sources",
    "personal_data", "personal_data_details", "dpia_done", "fria_done", "human_oversight",
    "contest_procedure", "risks", "lessons_learned", "team", "contact_email", "web_page",
    "next_review_date", "version", "state",
]


def project(p: Project) -> dict:
    data = project_summary(p)
    data.update({name: getattr(p, name) for name in TEXT_FIELDS})
    data.update({
        "keywords": p.keyword_list,
        "partners": [{"organization": organization_ref(x.organization), "role": x.role}
                     for x in p.partnerships.all()],
        "indicators": [{k: getattr(i, k) for k in (
            "label", "value_before", "value_after", "unit", "measured_by", "measured_on",
            "source_url", "note")} for i in p.indicators.all()],
        "sources": [{"url": s.url, "title": s.title} for s in p.sources.all()],
        "vendor": p.vendor.name if p.vendor_id else None,
        "vendor_siren": p.vendor.siren if p.vendor_id else None,
        "source_id": p.source_id or p.slug,
    })
    return data
