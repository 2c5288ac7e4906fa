"""Reads of the register. Views and the API call these; nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet

from recensia.accounts import permissions
from recensia.projects import fields as F
from recensia.projects.fields import SCALAR_FIELDS, snapshot_labels
from recensia.projects.models import (
    ChangeProposal,
    Domain,
    ErrorReport,
    PartnerRole,
    PartnerStatus,
    Project,
    ProjectKind,
    ProjectPartner,
    ProjectRevision,
    ProjectStatus,
    ProposalStatus,
    ReportStatus,
    Technique,
    WorkflowState,
)
from recensia.projects.versions import (
    AUTOMATIC_IMPORT,
    diff_snapshots,
    proposal_changes,
    public_role,
    version_snapshot,
)
from recensia.territories.models import Organization

LIST_RELATED = ("owner", "owner__departement", "vendor")


@dataclass(frozen=True)
class Gap:
    """Something a project needs before it can be submitted, and the field that holds it."""

    label: str
    field: str

    @property
    def step(self) -> F.Step:
        return F.field(self.field).step

    @property
    def anchor(self) -> str:
        """The id of the field's first control on the form (DSFR rendering)."""
        spec = F.field(self.field)
        if spec.kind == F.TAXONOMY:
            return f"checkboxes-id_{spec.name}"
        if spec.kind == F.ROWS:
            return f"id_{spec.name}-0-{spec.parts[0].name}"
        return f"id_{spec.name}"


def submission_gaps(project: Project) -> list[Gap]:
    """What is missing before the project can be submitted to the moderation."""
    gaps = []
    if not project.short_description.strip():
        gaps.append(Gap("la description courte", "short_description"))
    if not project.domains.exists():
        gaps.append(Gap("au moins un domaine", "domains"))
    if project.kind == ProjectKind.AI_SYSTEM and not project.techniques.exists():
        gaps.append(Gap("au moins une technique d'IA (ou « Non précisé »)", "techniques"))
    if not project.contact_email and not project.sources.exists():
        gaps.append(Gap("une adresse de contact ou au moins une source", "contact_email"))
    return gaps


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


def accepted_partner(prefix: str = "", **lookups) -> Q:
    """Projects in which a collectivité takes part as a partner that has consented (only
    these links are shown and counted). ``prefix`` reaches the project from elsewhere
    (``epci__``); ``lookups`` narrow the partnership (``organization=…``, ``project__in=…``)."""
    path = f"{prefix}partnerships__"
    return Q(**{f"{path}role": PartnerRole.PARTNER, f"{path}status": PartnerStatus.ACCEPTED},
             **{path + name: value for name, value in lookups.items()})


def public_page_stamp(slug: str) -> str | None:
    """What changes when a published project's page must change (None if not published)."""
    # The « signalement en cours » notice shows on the page too: the count of reports and
    # of open ones change the stamp.
    row = (Project.objects.filter(slug=slug, state=WorkflowState.PUBLISHED).order_by()
           .annotate(reports_n=Count("reports"),
                     open_n=Count("reports", filter=Q(reports__status=ReportStatus.OPEN)))
           .values_list("version", "updated_at", "reports_n", "open_n").first())
    if row is None:
        return None
    return f"{row[0]}-{row[1].timestamp()}-{row[2]}-{row[3]}"


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
    return register_statistics(published_projects())


def register_statistics(projects: QuerySet[Project]) -> dict:
    """The counts of a set of published projects, the one way every page, the API and the
    dashboard count: AI systems and governance initiatives apart, a project counted once
    per domain and per technique it has (so those columns may add up to more than the
    number of projects), collectivités that own a project or take part in one."""
    ai = projects.filter(kind=ProjectKind.AI_SYSTEM)
    governance = projects.filter(kind=ProjectKind.GOVERNANCE)

    def count_by(queryset, field):
        return dict(queryset.values_list(field).annotate(n=Count("id", distinct=True))
                    .order_by())

    return {
        "projects": ai.count(),
        "governance": governance.count(),
        "organizations": Organization.objects.filter(
            Q(projects__in=projects)
            | Q(partnerships__project__in=projects,
                partnerships__status=PartnerStatus.ACCEPTED)
        ).distinct().count(),
        "by_status": count_by(ai, "status"),
        "governance_by_status": count_by(governance, "status"),
        "by_domain": count_by(ai.filter(domains__isnull=False), "domains__slug"),
        "by_technique": count_by(ai.filter(techniques__isnull=False), "techniques__slug"),
        "by_year": count_by(ai, "start_year"),
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


def revisions_with_changes(project: Project, *, full: bool = True) -> list[dict]:
    """Each version, the newest first, with who made it and, for every changed field, its
    label and the before/after values.

    ``full`` (the collectivité's members, moderators): every version, with the person's
    name and role. Otherwise (the public): from the first publication on, with the role and
    collectivité only; what was written before publication (drafts) is not shown."""
    revisions = list(project.revisions.select_related("author").order_by("number"))
    if not full:
        start = project.published_at
        revisions = [] if start is None else [r for r in revisions if r.created_at >= start]
    labels = field_labels()
    result = []
    previous = None
    for rev in revisions:
        changes = []
        if previous is not None or full:
            for name in rev.changed_fields:
                changes.append({
                    "name": name,
                    "label": labels.get(name, name),
                    "before": readable(name, previous.snapshot.get(name)) if previous
                    else None,
                    "after": readable(name, rev.snapshot.get(name)),
                })
        role = rev.author_role or (public_role(rev.author, project.owner) if rev.author
                                   else AUTOMATIC_IMPORT)
        name = rev.author.get_full_name() if full and rev.author else ""
        result.append({"revision": rev, "changes": changes,
                       "who": f"{name} ({role})" if name else role,
                       "first_public": not full and previous is None})
        previous = rev
    result.reverse()
    return result


def readable(name: str, value):
    """A snapshot value as people read it: labels instead of codes, names instead of
    database numbers (history, pending changes, merge choices)."""
    if value in (None, "", []):
        return value
    if name in SCALAR_FIELDS:
        choices = dict(Project._meta.get_field(name).choices or [])
        return str(choices.get(value, value))
    if name == "owner":
        return Organization.objects.filter(pk=value).values_list("name", flat=True).first()
    if name == "partners":
        names = dict(Organization.objects.filter(pk__in=[pair[0] for pair in value])
                     .values_list("pk", "name"))
        roles = dict(PartnerRole.choices)
        return [f"{names.get(org_id, '?')} ({roles.get(role, role).lower()})"
                for org_id, role in value]
    if name in ("domains", "techniques"):
        model = Domain if name == "domains" else Technique
        names = dict(model.objects.filter(slug__in=value).values_list("slug", "name"))
        return [names.get(slug, slug) for slug in value]
    if name == "vendor":
        return value.get("name", "")
    return value


def field_labels() -> dict[str, str]:
    return snapshot_labels()


def get_revision(project: Project, number: int) -> ProjectRevision | None:
    return project.revisions.filter(number=number).first()


# ---------------------------------------------------------------- moderation of changes

def pending_proposals() -> QuerySet[ChangeProposal]:
    return (ChangeProposal.objects.filter(status=ProposalStatus.PENDING)
            .select_related("project__owner", "author").order_by("created_at", "id"))


def get_proposal(project: Project, pk: int) -> ChangeProposal | None:
    return project.proposals.select_related("author", "decided_by").filter(pk=pk).first()


def proposal_table(proposal: ChangeProposal) -> dict:
    """What a moderator (or the collectivité) reads before the decision: each changed
    field with its published and proposed values, and the fields the published version
    changed meanwhile in another way."""
    labels = field_labels()
    if proposal.status == ProposalStatus.PENDING:
        changed, before, after, conflicts = proposal_changes(proposal)
    else:
        before = version_snapshot(proposal.project, proposal.base_version) or {}
        after = proposal.snapshot
        changed, conflicts = diff_snapshots(before, after), []
    return {
        "changes": [{"name": n, "label": labels.get(n, n),
                     "before": readable(n, before.get(n)), "after": readable(n, after.get(n))}
                    for n in changed],
        "conflicts": [labels.get(n, n) for n in conflicts],
    }


def change_status_for(project: Project, user) -> dict | None:
    """For the collectivité's members and moderators: the pending change of a published
    project, else the last decision taken on one."""
    if not (permissions.can_edit_project(user, project) or permissions.is_moderator(user)):
        return None
    latest = project.proposals.select_related("author").order_by("-created_at", "-id").first()
    if latest is None or latest.status == ProposalStatus.WITHDRAWN:
        return None
    return {"proposal": latest,
            "labels": [change["label"] for change in proposal_table(latest)["changes"]]}


# ---------------------------------------------------------------- error reports

def open_report(project: Project) -> ErrorReport | None:
    return project.reports.filter(status=ReportStatus.OPEN).order_by("due_on", "id").first()


def open_reports() -> QuerySet[ErrorReport]:
    return (ErrorReport.objects.filter(status=ReportStatus.OPEN)
            .select_related("project__owner").order_by("due_on", "id"))


def get_report(pk: int) -> ErrorReport | None:
    return ErrorReport.objects.select_related("project__owner", "handled_by").filter(
        pk=pk).first()
