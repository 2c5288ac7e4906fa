"""E-mails sent on moderation events (after the transaction commits)."""

from __future__ import annotations

from django.utils.formats import date_format

from recensia.accounts.models import Membership, MembershipStatus, User
from recensia.core.mail import send_after_commit as _send
from recensia.core.mail import site_link


def _link(project) -> str:
    return site_link(project.get_absolute_url())


def project_submitted(project) -> None:
    moderators = User.objects.filter(is_active=True, is_moderator=True).values_list(
        "email", flat=True)
    _send(f"Projet à relire : {project.title}",
          f"{project.owner.name} a soumis le projet « {project.title} ».\n\n"
          f"Le relire : {_link(project)}\n", list(moderators))


def project_published(project) -> None:
    author = project.created_by.email if project.created_by else ""
    _send(f"Projet publié : {project.title}",
          f"Votre projet « {project.title} » est publié dans la bibliothèque.\n\n"
          f"{_link(project)}\n", [author])


def project_rejected(project) -> None:
    author = project.created_by.email if project.created_by else ""
    _send(f"Projet à compléter : {project.title}",
          f"L'équipe de modération n'a pas publié votre projet « {project.title} ».\n\n"
          f"Motif : {project.rejection_reason}\n\nModifiez la fiche puis soumettez-la à "
          f"nouveau : {_link(project)}\n", [author])


def _moderators() -> list[str]:
    return list(User.objects.filter(is_active=True, is_moderator=True).values_list(
        "email", flat=True))


def _members(organization) -> list[str]:
    return list(Membership.objects.filter(
        organization=organization, status=MembershipStatus.ACTIVE, user__is_active=True)
        .values_list("user__email", flat=True))


def change_proposed(proposal) -> None:
    project = proposal.project
    _send(f"Modification à relire : {project.title}",
          f"{project.owner.name} propose de modifier le projet publié « {project.title} ». "
          "La version publiée reste en ligne jusqu'à votre décision.\n\n"
          f"Relire les changements : {site_link(proposal.get_absolute_url())}\n", _moderators())


def proposal_decided(proposal) -> None:
    project = proposal.project
    author = proposal.author.email if proposal.author else ""
    if proposal.status == "accepted":
        body = (f"Vos modifications du projet « {project.title} » sont validées par l'équipe "
                f"de modération et publiées.\n\n{_link(project)}\n")
    else:
        body = (f"L'équipe de modération n'a pas publié vos modifications du projet "
                f"« {project.title} ».\n\nMotif : {proposal.refusal_reason}\n\n"
                f"La version publiée reste celle d'avant : {_link(project)}\n")
    _send(f"Modifications {'publiées' if proposal.status == 'accepted' else 'non publiées'} : "
          f"{project.title}", body, [author])


def error_reported(report) -> None:
    project = report.project
    due = date_format(report.due_on, "j F Y")
    body = (f"Une erreur est signalée sur le projet publié « {project.title} » "
            f"({project.owner.name}) :\n\n{report.message}\n\n"
            f"L'équipe de modération l'examine et répondra au plus tard le {due}. "
            "La fiche affiche « signalement en cours » jusque-là. Si l'erreur est avérée, "
            f"corrigez la fiche : {_link(project)}\n")
    _send(f"Erreur signalée : {project.title}", body,
          [*_members(project.owner), *_moderators()])


def report_answered(report) -> None:
    project = report.project
    body = (f"Réponse de l'équipe de modération au signalement sur le projet "
            f"« {project.title} » :\n\n{report.get_outcome_display()}.\n\n{report.answer}\n\n"
            f"{_link(project)}\n")
    # Separately: the person who reported and the collectivité never see each other's address.
    _send(f"Signalement traité : {project.title}", body, [report.reporter_email])
    _send(f"Signalement traité : {project.title}", body, _members(project.owner))
