"""Writes for accounts and memberships."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from recensia.accounts import permissions
from recensia.accounts.models import Membership, MembershipRole, MembershipStatus, User
from recensia.accounts.permissions import PermissionDenied
from recensia.territories.models import Organization


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
    if membership.status not in (MembershipStatus.PENDING, MembershipStatus.ACTIVE):
        raise ValidationError("Cette appartenance est déjà terminée.")
    membership.status = MembershipStatus.ENDED
    membership.decided_by = by
    membership.decided_at = timezone.now()
    membership.save()
    return membership


def _hash_key(key: str) -> str:
    import hashlib

    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_api_token(*, user: User, organization: Organization, name: str):
    """Returns (token, key). The key is shown once; only its hash is kept."""
    import secrets

    from recensia.accounts.models import ApiToken

    if not permissions.is_member_of(user, organization) and not user.is_superuser:
        raise PermissionDenied(f"Vous n'êtes pas membre validé de {organization.name}.")
    if not name.strip():
        raise ValidationError({"name": ["Donnez un nom à l'outil qui utilisera cette clé."]})
    prefix = secrets.token_hex(4)
    key = f"rcs_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(organization=organization, created_by=user,
                                    name=name.strip(), prefix=prefix, key_hash=_hash_key(key))
    return token, key


def authenticate_api_key(key: str):
    """The active token for this key, or None. Its creator must still be a member."""
    import hmac

    from recensia.accounts.models import ApiToken

    parts = (key or "").split("_")
    if len(parts) < 3 or parts[0] != "rcs":
        return None
    token = ApiToken.objects.select_related("organization", "created_by").filter(
        prefix=parts[1], revoked_at__isnull=True).first()
    if token is None or not hmac.compare_digest(token.key_hash, _hash_key(key)):
        return None
    if not (permissions.is_member_of(token.created_by, token.organization)
            or token.created_by.is_superuser):
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


@transaction.atomic
def revoke_api_token(*, token, by: User):
    if by.pk != token.created_by_id and not permissions.is_referent_of(by, token.organization) \
            and not permissions.is_moderator(by):
        raise PermissionDenied("Vous ne pouvez pas révoquer cette clé.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token
