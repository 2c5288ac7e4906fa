"""Who may do what. Every view and service asks here; tests cover the whole matrix.

A member of collectivité A can never change anything of collectivité B.
"""

from __future__ import annotations

from typing import Protocol

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied

from recensia.accounts.models import Membership, MembershipRole, MembershipStatus
from recensia.territories.models import Organization


class Project(Protocol):
    """What the rules need of a project (``projects.models.Project``, an app above this one):
    its owning collectivité, whether it is public, its state and who started it."""

    owner: Organization
    is_public: bool
    state: str
    created_by_id: int | None


class PermissionDenied(DjangoPermissionDenied):
    """The user may not do this. Raised by services and views; Django answers 403 with the
    French message on the « Accès refusé » page (templates/403.html)."""


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_moderator(user) -> bool:
    return _active(user) and (user.is_moderator or user.is_superuser)


def _organization_ids(user, status: str) -> set[int]:
    """Collectivités of the user's memberships in this status (kept on the user object for
    the rest of the request)."""
    if not _active(user):
        return set()
    cached = getattr(user, "_recensia_org_ids", None)
    if cached is None:
        cached = {}
        user._recensia_org_ids = cached
    if status not in cached:
        cached[status] = set(Membership.objects.filter(user=user, status=status)
                             .values_list("organization_id", flat=True))
    return cached[status]


def active_organization_ids(user) -> set[int]:
    """Collectivités the user is a validated member (or référent) of."""
    return _organization_ids(user, MembershipStatus.ACTIVE)


def is_member_of(user, organization: Organization) -> bool:
    return organization.pk in active_organization_ids(user)


def pending_organization_ids(user) -> set[int]:
    """Collectivités the user has asked to join, still waiting for a decision."""
    return _organization_ids(user, MembershipStatus.PENDING)


def draft_organization_ids(user) -> set[int]:
    """Collectivités the user may start drafts for: validated memberships, and requests
    still waiting (work can start before a référent answers; submission waits)."""
    return active_organization_ids(user) | pending_organization_ids(user)


def is_applicant_of(user, organization: Organization) -> bool:
    return organization.pk in pending_organization_ids(user)


def is_referent_of(user, organization: Organization) -> bool:
    if not _active(user):
        return False
    return Membership.objects.filter(
        user=user, organization=organization, status=MembershipStatus.ACTIVE,
        role=MembershipRole.REFERENT,
    ).exists()


def can_create_project_for(user, organization: Organization) -> bool:
    """Validated members, and people whose request to join is waiting (drafts only)."""
    if not _active(user):
        return False
    return user.is_superuser or organization.pk in draft_organization_ids(user)


def can_view_project(user, project: Project) -> bool:
    if project.is_public:
        return True
    return can_edit_project(user, project) or is_moderator(user)


def can_edit_project(user, project: Project) -> bool:
    """Members of the owning collectivité edit its projects (administrators too). A person
    whose request to join is waiting edits only the drafts they started themselves."""
    if not _active(user):
        return False
    if user.is_superuser or is_member_of(user, project.owner):
        return True
    return (is_applicant_of(user, project.owner) and project.created_by_id == user.pk
            and project.state == "draft")


def can_submit_project(user, project: Project) -> bool:
    """Submitting to publication needs a validated membership (or an administrator)."""
    return _active(user) and (user.is_superuser or is_member_of(user, project.owner))


def submission_waits_for_membership(user, project: Project) -> bool:
    """The user prepared this draft while their request to join is still waiting."""
    return can_edit_project(user, project) and not can_submit_project(user, project)


SUBMISSION_WAITS_MESSAGE = (
    "Votre demande pour rejoindre {organization} attend la réponse d'un référent ou de "
    "l'équipe de modération : vous pourrez soumettre ce projet dès qu'elle sera acceptée. "
    "Le brouillon est enregistré.")


def can_moderate_project(user, project: Project) -> bool:
    return is_moderator(user)


def can_validate_membership(user, membership: Membership) -> bool:
    return is_moderator(user) or is_referent_of(user, membership.organization)


def can_invite_to(user, organization: Organization) -> bool:
    """Référents invite colleagues to their collectivité (moderators to any)."""
    return is_moderator(user) or is_referent_of(user, organization)


def can_manage_reference_lists(user) -> bool:
    return is_moderator(user)


def can_set_service_contact(user, organization: Organization) -> bool:
    """The service contact of a collectivité is set by its référents (and moderators)."""
    return is_moderator(user) or is_referent_of(user, organization)
