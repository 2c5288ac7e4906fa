"""E-mails of pooling: the side that must answer is told, then the side that asked
(after the transaction commits)."""

from __future__ import annotations

from django.urls import reverse

from recensia.accounts.models import Membership, MembershipStatus
from recensia.core.mail import send_after_commit, site_link


def _members(organization) -> list[str]:
    return list(Membership.objects.filter(organization=organization,
                                          status=MembershipStatus.ACTIVE, user__is_active=True)
                .values_list("user__email", flat=True))


def link_requested(link) -> None:
    """To the members of the collectivité that must answer."""
    project = link.project
    if link.initiative == "asked":
        to, text = project.owner, (f"{link.organization.name} demande à "
                                   f"{'rejoindre' if link.role == 'partner' else 'suivre'} "
                                   f"votre projet « {project.title} ».")
    else:
        to, text = link.organization, (f"{project.owner.name} indique {link.organization.name}"
                                       f" comme partenaire du projet « {project.title} ». "
                                       "Votre collectivité n'apparaîtra sur le projet qu'avec "
                                       "votre accord.")
    message = f"\n\nMessage : {link.message}" if link.message else ""
    send_after_commit(f"Demande de mutualisation : {project.title}",
                      f"{text}{message}\n\nRépondre : "
                      f"{site_link(reverse('www:pooling_requests'))}\n", _members(to))


def link_decided(link) -> None:
    """To the person who asked (or invited), with the reason of a refusal."""
    project = link.project
    accepted = link.status == "accepted"
    text = (f"{link.organization.name} participe désormais au projet « {project.title} »."
            if accepted else
            f"La demande concernant {link.organization.name} et le projet « {project.title} » "
            f"est refusée.\n\nMotif : {link.refusal_reason}")
    send_after_commit(f"Mutualisation {'acceptée' if accepted else 'refusée'} : "
                      f"{project.title}",
                      f"{text}\n\n{site_link(project.get_absolute_url())}\n",
                      [link.requested_by.email] if link.requested_by_id else [])
