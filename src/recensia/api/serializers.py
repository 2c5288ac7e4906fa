"""Model → API dictionaries (shared by the API and the open-data exports)."""

from __future__ import annotations

from recensia.projects.fields import INDICATOR_FIELDS, SCALAR_FIELDS, SOURCE_FIELDS
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


# The project's own columns (projects/fields.py) besides those of the summary, which the
# summary gives (keywords as a list), then its place in the register.
SUMMARY_FIELDS = ("kind", "title", "short_description", "status", "start_year", "keywords")
TEXT_FIELDS = [*(name for name in SCALAR_FIELDS if name not in SUMMARY_FIELDS),
               "version", "state"]


def project(p: Project) -> dict:
    data = project_summary(p)
    data.update({name: getattr(p, name) for name in TEXT_FIELDS})
    data.update({
        "keywords": p.keyword_list,
        "partners": [{"organization": organization_ref(x.organization), "role": x.role}
                     for x in p.partnerships.all() if x.is_public],
        "indicators": [{k: getattr(i, k) for k in INDICATOR_FIELDS} for i in p.indicators.all()],
        "sources": [{k: getattr(s, k) for k in SOURCE_FIELDS} for s in p.sources.all()],
        "vendor": p.vendor.name if p.vendor_id else None,
        "vendor_siren": p.vendor.siren if p.vendor_id else None,
        "source_id": p.source_id or p.slug,
    })
    return data
