"""E-mails about accounts and memberships (sent after the transaction commits)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from recensia.accounts.models import Invitation, Membership, MembershipRole, MembershipStatus, User
from recensia.accounts.tokens import email_confirmation_token
from recensia.core.mail import send_template_after_commit, site_link


def membership_deciders(membership: Membership) -> list[str]:
    """Who is told of a request: the collectivité's référents, else the moderators."""
    referents = list(User.objects.filter(
        is_active=True, memberships__organization=membership.organization,
        memberships__status=MembershipStatus.ACTIVE, memberships__role=MembershipRole.REFERENT,
    ).exclude(pk=membership.user_id).values_list("email", flat=True))
    if referents:
        return referents
    return list(User.objects.filter(is_active=True, is_moderator=True)
                .values_list("email", flat=True))


def membership_requested(membership: Membership) -> None:
    send_template_after_commit(
        f"Demande pour rejoindre {membership.organization.name}",
        "accounts/emails/membership_requested.txt",
        {"membership": membership,
         "link": site_link(reverse("accounts:decision", args=[membership.pk]))},
        membership_deciders(membership))


def membership_decided(membership: Membership) -> None:
    accepted = membership.status == MembershipStatus.ACTIVE
    send_template_after_commit(
        f"{'Bienvenue' if accepted else 'Demande non acceptée'} : "
        f"{membership.organization.name}",
        "accounts/emails/membership_decided.txt",
        {"membership": membership, "accepted": accepted,
         "link": site_link(reverse("www:me")),
         "organization_link": site_link(membership.organization.get_absolute_url())},
        [membership.user.email])


def email_confirmation(user: User) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = email_confirmation_token.make_token(user)
    send_template_after_commit(
        "Confirmez votre adresse électronique", "accounts/emails/confirm_email.txt",
        {"user": user, "link": site_link(reverse("accounts:confirm_email", args=[uid, token]))},
        [user.email])


def invitation_sent(invitation: Invitation, key: str) -> None:
    send_template_after_commit(
        f"Invitation à rejoindre {invitation.organization.name} sur RecensIA",
        "accounts/emails/invitation.txt",
        {"invitation": invitation,
         "link": site_link(reverse("accounts:invitation", args=[key]))},
        [invitation.email])
