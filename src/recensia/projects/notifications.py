"""E-mails sent on moderation events (after the transaction commits)."""

from __future__ import annotations

from recensia.accounts.models import User
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
