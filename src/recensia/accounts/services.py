"""Writes for accounts and memberships."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

from recensia.accounts import notifications, permissions
from recensia.accounts.models import (
    Invitation,
    Membership,
    MembershipRole,
    MembershipStatus,
    User,
)
from recensia.accounts.permissions import PermissionDenied
from recensia.accounts.tokens import email_confirmation_token
from recensia.territories.models import Organization

INVITATION_VALIDITY = timedelta(days=14)


@transaction.atomic
def create_user(*, email: str, password: str, first_name: str = "", last_name: str = "",
                is_moderator: bool = False) -> User:
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise ValidationError({"email": ["Un compte existe déjà avec cette adresse : "
                                         "connectez-vous ou réinitialisez votre mot de passe."]})
    user = User.objects.create_user(email=email, password=password, first_name=first_name,
                                    last_name=last_name, is_moderator=is_moderator)
    notifications.email_confirmation(user)
    return user


def send_email_confirmation(*, user: User) -> None:
    """Sends (again) the link that confirms the address, unless it is confirmed."""
    if not user.email_verified:
        notifications.email_confirmation(user)


def _mark_email_verified(user: User) -> None:
    if not user.email_verified:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])


@transaction.atomic
def confirm_email(*, uidb64: str, token: str) -> User | None:
    """The user whose address the link confirms, or None if the link is wrong or expired."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = User.objects.select_for_update().filter(pk=pk, is_active=True).first()
    if user is None or not email_confirmation_token.check_token(user, token):
        return None
    _mark_email_verified(user)
    return user


def password_was_reset(*, user: User) -> None:
    """After a reset by e-mail: the address is proven, and failed logins are forgotten (the
    wait after too many wrong passwords ends for this account)."""
    from axes.utils import reset as reset_login_failures

    _mark_email_verified(user)
    reset_login_failures(username=user.email)


@transaction.atomic
def request_membership(*, user: User, organization: Organization, job_title: str = "") \
        -> Membership:
    if not user.email_verified:
        raise ValidationError({"organization": [
            f"Confirmez d'abord votre adresse électronique : ouvrez le lien envoyé à "
            f"{user.email}. Vous pourrez ensuite demander à rejoindre votre collectivité."]})
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
    membership = Membership.objects.create(user=user, organization=organization,
                                           job_title=job_title.strip())
    notifications.membership_requested(membership)
    return membership


@transaction.atomic
def decide_membership(*, membership: Membership, decided_by: User, accept: bool,
                      role: str = MembershipRole.MEMBER, reason: str = "") -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not permissions.can_validate_membership(decided_by, membership):
        raise PermissionDenied("Seuls un référent de cette collectivité ou l'équipe de "
                               "modération peuvent valider cette demande.")
    if membership.status != MembershipStatus.PENDING:
        raise ValidationError("Cette demande a déjà été traitée.")
    if role == MembershipRole.REFERENT and not permissions.is_moderator(decided_by) \
            and not permissions.is_referent_of(decided_by, membership.organization):
        raise PermissionDenied("Vous ne pouvez pas nommer de référent.")
    if not accept and not reason.strip():
        raise ValidationError({"reason": [
            "Expliquez le motif du refus : il est envoyé à la personne, qui pourra "
            "corriger sa demande."]})
    membership.status = MembershipStatus.ACTIVE if accept else MembershipStatus.REFUSED
    membership.role = role if accept else membership.role
    membership.refusal_reason = "" if accept else reason.strip()
    membership.decided_by = decided_by
    membership.decided_at = timezone.now()
    membership.save()
    notifications.membership_decided(membership)
    return membership


def _hash_invitation_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def invite_colleague(*, by: User, organization: Organization, email: str) \
        -> tuple[Invitation, str]:
    """A référent invites a colleague by e-mail. Returns (invitation, key of the link)."""
    if not permissions.can_invite_to(by, organization):
        raise PermissionDenied(f"Seuls les référents de {organization.name} peuvent inviter "
                               "des collègues.")
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": ["Saisissez une adresse électronique valide, par "
                                         "exemple prenom.nom@mairie-exemple.fr."]}) from None
    if Membership.objects.filter(organization=organization, user__email__iexact=email,
                                 status=MembershipStatus.ACTIVE).exists():
        raise ValidationError({"email": [f"{email} est déjà membre de {organization.name}."]})
    now = timezone.now()
    # A new invitation replaces the earlier ones still open for this address.
    Invitation.objects.filter(organization=organization, email__iexact=email,
                              accepted_at__isnull=True, cancelled_at__isnull=True
                              ).update(cancelled_at=now)
    key = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organization=organization, email=email, invited_by=by,
        key_hash=_hash_invitation_key(key), expires_at=now + INVITATION_VALIDITY)
    notifications.invitation_sent(invitation, key)
    return invitation, key


def find_invitation(key: str) -> Invitation | None:
    """The invitation of a link, if it can still be accepted."""
    invitation = Invitation.objects.select_related("organization", "invited_by").filter(
        key_hash=_hash_invitation_key(key or "")).first()
    if invitation is None or invitation.accepted_at or invitation.cancelled_at \
            or invitation.expires_at < timezone.now():
        return None
    return invitation


@transaction.atomic
def accept_invitation(*, user: User, key: str) -> Membership:
    invitation = find_invitation(key)
    if invitation is None:
        raise ValidationError("Ce lien d'invitation n'est plus valable (déjà utilisé, annulé "
                              "ou expiré) : demandez à votre référent de vous inviter à nouveau.")
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(f"Cette invitation a été envoyée à {invitation.email} : "
                              "connectez-vous avec cette adresse pour l'accepter.")
    # The link reached this mailbox: the address is proven.
    _mark_email_verified(user)
    now = timezone.now()
    membership = Membership.objects.select_for_update().filter(
        user=user, organization=invitation.organization,
        status__in=[MembershipStatus.PENDING, MembershipStatus.ACTIVE]).first()
    if membership is None:
        membership = Membership(user=user, organization=invitation.organization)
    if membership.status != MembershipStatus.ACTIVE:
        membership.status = MembershipStatus.ACTIVE
        membership.decided_by = invitation.invited_by
        membership.decided_at = now
        membership.invitation = invitation
        membership.save()
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
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


# ---------------------------------------------------------------- ProConnect

def _claim(claims: dict, name: str) -> str:
    return str(claims.get(name) or "").strip()[:150]


@transaction.atomic
def create_user_from_proconnect(*, claims: dict) -> User:
    """First sign-in with ProConnect: the account is made from the identity. ProConnect
    guarantees the address, so it counts as confirmed; there is no local password."""
    user = User.objects.create_user(
        email=_claim(claims, "email").lower(), password=None,
        first_name=_claim(claims, "given_name"), last_name=_claim(claims, "usual_name"),
        proconnect_sub=str(claims["sub"]), email_verified_at=timezone.now())
    return user


@transaction.atomic
def update_user_from_proconnect(*, user: User, claims: dict) -> User:
    """Later sign-ins: ties a local account with the same address to this identity, fills
    in a missing name. An account already tied to another identity is not taken over."""
    sub = str(claims["sub"])
    if user.proconnect_sub and user.proconnect_sub != sub:
        from django.core.exceptions import SuspiciousOperation

        raise SuspiciousOperation("adresse déjà liée à une autre identité ProConnect")
    changed = []
    if not user.proconnect_sub:
        user.proconnect_sub = sub
        changed.append("proconnect_sub")
    if not user.email_verified:
        user.email_verified_at = timezone.now()
        changed.append("email_verified_at")
    for field, claim in (("first_name", "given_name"), ("last_name", "usual_name")):
        if not getattr(user, field) and _claim(claims, claim):
            setattr(user, field, _claim(claims, claim))
            changed.append(field)
    if changed:
        user.save(update_fields=changed)
    return user
