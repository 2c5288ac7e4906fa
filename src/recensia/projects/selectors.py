"""Reads of the register. Views and the API call these; nothing here writes."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet

from recensia.accounts import permissions
from recensia.projects.fields import snapshot_labels
from recensia.projects.models import (
    Domain,
    PartnerStatus,
    Project,
    ProjectKind,
    ProjectPartner,
    ProjectRevision,
    ProjectStatus,
    WorkflowState,
)
from recensia.territories.models import Organization

LIST_RELATED = ("owner", "owner__departement", "vendor")


def published_projects() -> QuerySet[Project]:
    return Project.objects.filter(state=WorkflowState.PUBLISHED)


def visible_projects(user) -> QuerySet[Project]:
    """Published projects, plus what the user may see as member or moderator."""
    if permissions.is_moderator(user):
        return Project.objects.all()
    org_ids = permissions.active_organization_ids(user)
    if org_ids:
        return Project.objects.filter(Q(state=WorkflowState.PUBLISHED) | Q(owner_id__in=org_ids))
    return published_projects()


def public_page_stamp(slug: str) -> str | None:
    """What changes when a published project's page must change (None if not published)."""
    row = (Project.objects.filter(slug=slug, state=WorkflowState.PUBLISHED).order_by()
           .values_list("version", "updated_at").first())
    if row is None:
        return None
    return f"{row[0]}-{row[1].timestamp()}"


def project_for_page(slug: str) -> Project | None:
    return (Project.objects.select_related("owner", "owner__departement", "vendor")
            .prefetch_related("domains", "techniques", "indicators", "sources",
                              Prefetch("partnerships", queryset=ProjectPartner.objects
                                       .select_related("organization__departement")))
            .filter(slug=slug).first())


HOME_FIGURES_SECONDS = 60


def home_figures() -> dict:
    """Key figures of the home page: the same counts as the API's statistics (one
    selector), plus the three statuses the page names."""
    stats = registry_statistics()
    by_status = stats["by_status"]
    return {**stats,
            "deployed": by_status.get(ProjectStatus.DEPLOYED, 0),
            "pilot": by_status.get(ProjectStatus.PILOT, 0),
            "stopped": by_status.get(ProjectStatus.STOPPED, 0)}


def registry_statistics() -> dict:
    """Counts of the published register, recomputed at most once a minute (they scan the
    whole register). AI systems and governance initiatives are counted apart: a charter
    is not a « projet déployé »."""
    return cache.get_or_set("registry_statistics", _registry_statistics,
                            HOME_FIGURES_SECONDS)


def _registry_statistics() -> dict:
    qs = published_projects()
    ai = qs.filter(kind=ProjectKind.AI_SYSTEM)
    governance = qs.filter(kind=ProjectKind.GOVERNANCE)

    def count_by(queryset, field):
        return dict(queryset.values_list(field).annotate(n=Count("id")).order_by())

    return {
        "projects": ai.count(),
        "governance": governance.count(),
        "organizations": Organization.objects.filter(
            Q(projects__state=WorkflowState.PUBLISHED)
            | Q(partnerships__project__state=WorkflowState.PUBLISHED,
                partnerships__status=PartnerStatus.ACCEPTED)
        ).distinct().count(),
        "by_status": count_by(ai, "status"),
        "governance_by_status": count_by(governance, "status"),
        "by_domain": dict(
            Domain.objects.filter(projects__state=WorkflowState.PUBLISHED,
                                  projects__kind=ProjectKind.AI_SYSTEM)
            .values_list("slug").annotate(n=Count("projects")).order_by()),
        "by_organization_kind": count_by(ai, "owner__kind"),
    }


def organization_projects(organization: Organization, user) -> dict[str, list[Project]]:
    base = visible_projects(user).select_related(*LIST_RELATED).prefetch_related("domains")
    return {
        "owned": list(base.filter(owner=organization).order_by("-published_at", "-id")),
        "partner": list(base.filter(partnerships__organization=organization,
                                    partnerships__status=PartnerStatus.ACCEPTED)
                        .distinct().order_by("-published_at", "-id")),
    }


def projects_of_organizations(organization_ids, *, author=None,
                              author_organization_ids=()) -> QuerySet[Project]:
    """Every project of these collectivités (any state), and those ``author`` started for
    ``author_organization_ids`` (drafts prepared while a request to join waits), the last
    changed first."""
    condition = Q(owner_id__in=organization_ids)
    if author is not None and author_organization_ids:
        condition |= Q(owner_id__in=author_organization_ids, created_by=author)
    return (Project.objects.filter(condition).select_related("owner")
            .order_by("-updated_at", "id"))


def moderation_queue() -> QuerySet[Project]:
    return (Project.objects.filter(state=WorkflowState.SUBMITTED)
            .select_related("owner", "created_by").order_by("updated_at", "id"))


def revisions_with_changes(project: Project) -> list[dict]:
    """Each version with, for every changed field, its label and the before/after values."""
    revisions = list(project.revisions.select_related("author").order_by("number"))
    labels = field_labels()
    result = []
    previous = None
    for rev in revisions:
        changes = []
        for name in rev.changed_fields:
            changes.append({
                "name": name,
                "label": labels.get(name, name),
                "before": previous.snapshot.get(name) if previous else None,
                "after": rev.snapshot.get(name),
            })
        result.append({"revision": rev, "changes": changes})
        previous = rev
    result.reverse()
    return result


def field_labels() -> dict[str, str]:
    return snapshot_labels()


def get_revision(project: Project, number: int) -> ProjectRevision | None:
    return project.revisions.filter(number=number).first()
