from django.db.models import QuerySet

from recensia.accounts import permissions
from recensia.accounts.models import ApiToken, Membership, MembershipRole, MembershipStatus


def pending_memberships(user) -> QuerySet[Membership]:
    """Requests this user may decide: all for a moderator, their collectivités' for a référent."""
    qs = Membership.objects.filter(status=MembershipStatus.PENDING).select_related(
        "user", "organization").order_by("requested_at", "id")
    if permissions.is_moderator(user):
        return qs
    referent_orgs = Membership.objects.filter(
        user=user, status=MembershipStatus.ACTIVE, role=MembershipRole.REFERENT,
    ).values("organization_id")
    return qs.filter(organization_id__in=referent_orgs)


def memberships_of(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organization").order_by(
        "-requested_at", "id")


def members_of(organization) -> QuerySet[Membership]:
    return Membership.objects.filter(
        organization=organization, status=MembershipStatus.ACTIVE).select_related("user")


def api_tokens_of(organization_ids) -> QuerySet[ApiToken]:
    """API keys of these collectivités, the newest first."""
    return ApiToken.objects.filter(organization_id__in=organization_ids).select_related(
        "organization", "created_by").order_by("-created_at", "id")
