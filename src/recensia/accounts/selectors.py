from dataclasses import dataclass

from django.db.models import QuerySet

from recensia.accounts import permissions
from recensia.accounts.email_domains import domain_of, is_personal_mailbox
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
def open_membership(user, organization) -> Membership | None:
    """The user's request or membership for this collectivité, if one is open."""
    if not (user and user.is_authenticated):
        return None
    return Membership.objects.filter(
        user=user, organization=organization,
        status__in=[MembershipStatus.PENDING, MembershipStatus.ACTIVE]).first()


def referent_organizations(user):
    """Collectivités the user can invite colleagues to."""
    from recensia.territories.models import Organization

    return Organization.objects.filter(
        memberships__user=user, memberships__status=MembershipStatus.ACTIVE,
        memberships__role=MembershipRole.REFERENT).select_related("departement").order_by(
        "name", "pk")


@dataclass
class DecisionFacts:
    """What helps a référent or a moderator decide on a request to join."""

    membership: Membership
    domain: str
    personal_mailbox: bool
    members: list[Membership]
    same_domain_organizations: list
    other_memberships: list[Membership]


def decision_facts(membership: Membership) -> DecisionFacts:
    domain = domain_of(membership.user.email)
    personal = is_personal_mailbox(membership.user.email)
    members = list(members_of(membership.organization).order_by("-role", "user__last_name",
                                                                 "pk"))
    same_domain = []
    if not personal:
        from recensia.territories.models import Organization

        same_domain = list(Organization.objects.filter(
            memberships__status=MembershipStatus.ACTIVE,
            memberships__user__email__iendswith=f"@{domain}",
        ).exclude(memberships__user=membership.user).distinct().order_by("name", "pk")[:10])
    others = list(Membership.objects.filter(user=membership.user).exclude(pk=membership.pk)
                  .select_related("organization").order_by("-requested_at", "pk"))
    return DecisionFacts(membership=membership, domain=domain, personal_mailbox=personal,
                         members=members, same_domain_organizations=same_domain,
                         other_memberships=others)


def suggested_organization_for_siret(user, siret: str):
    """After a ProConnect sign-in: the collectivité of the agent's organisation (SIRET's first
    9 digits are its SIREN), when the agent has no membership yet."""
    from recensia.territories.selectors import get_organization_by_code

    if len(siret or "") != 14 or Membership.objects.filter(user=user).exclude(
            status__in=[MembershipStatus.REFUSED, MembershipStatus.ENDED]).exists():
        return None
    organization = get_organization_by_code(siret[:9])
    if organization is None or organization.is_obsolete:
        return None
    return organization
