"""Writes for accounts and memberships."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from recensia.accounts import permissions
from recensia.accounts.models import Membership, MembershipRole, MembershipStatus, User
from recensia.territories.models import Organization


class PermissionDenied(Exception):
    pass


@transaction.atomic
def create_user(*, email: str, password: str, first_name: str = "", last_name: str = "",
                is_moderator: bool = False) -> User:
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise ValidationError({"email": ["Un compte existe déjà avec cette adresse : "
                                         "connectez-vous ou réinitialisez votre mot de passe."]})
    return User.objects.create_user(email=email, password=password, first_name=first_name,
                                    last_name=last_name, is_moderator=is_moderator)


@transaction.atomic
def request_membership(*, user: User, organization: Organization, job_title: str = "") \
        -> Membership:
    if organization.is_obsolete:
        raise ValidationError({"organization": [
            f"{organization.name} n'existe plus : choisissez la collectivité actuelle."]})
    existing = Membership.objects.filter(
        user=user, organization=organization,
        status__in=[MembershipStatus.PENDING, MembershipStatus.ACTIVE]).first()
    if existing:
        raise ValidationError({"organization": [
            f"Vous avez déjà une demande pour {organization.name} "
            f"({existing.get_status_display().lower()})."]})
    return Membership.objects.create(user=user, organization=organization,
                                     job_title=job_title.strip())


@transaction.atomic
def decide_membership(*, membership: Membership, decided_by: User, accept: bool,
                      role: str = MembershipRole.MEMBER) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not permissions.can_validate_membership(decided_by, membership):
        raise PermissionDenied("Seuls un référent de cette collectivité ou l'équipe de "
                               "modération peuvent valider cette demande.")
    if membership.status != MembershipStatus.PENDING:
        raise ValidationError("Cette demande a déjà été traitée.")
    if role == MembershipRole.REFERENT and not permissions.is_moderator(decided_by) \
            and not permissions.is_referent_of(decided_by, membership.organization):
        raise PermissionDenied("Vous ne pouvez pas nommer de référent.")
    membership.status = MembershipStatus.ACTIVE if accept else MembershipStatus.REFUSED
    membership.role = role if accept else membership.role
    membership.decided_by = decided_by
    membership.decided_at = timezone.now()
    membership.save()
    return membership


@transaction.atomic
def end_membership(*, membership: Membership, by: User) -> Membership:
    """Ends (never deletes) a membership: the user leaves or is removed."""
    if by.pk != membership.user_id and not permissions.can_validate_membership(by, membership):
        raise PermissionDenied("Vous ne pouvez pas retirer ce membre.")
    membership.status = MembershipStatus.ENDED
    membership.decided_by = by
    membership.decided_at = timezone.now()
    membership.save()
    return membership
