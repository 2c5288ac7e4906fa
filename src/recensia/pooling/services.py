"""Writes: declarations of use and referents, pooling offers, requests to join or follow
and partner invitations. Each change is written to ``PoolingEvent`` (who, when, before,
after); nothing is deleted (a declaration is withdrawn, a request refused or withdrawn)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from recensia.accounts import permissions
from recensia.accounts.permissions import PermissionDenied
from recensia.pooling import notifications
from recensia.pooling.models import PoolingEvent, PoolingOffer, SolutionReferent, SolutionUse
from recensia.projects import services as project_services
from recensia.projects.models import (
    PartnerInitiative,
    PartnerRole,
    PartnerStatus,
    Project,
    ProjectPartner,
)
from recensia.solutions import services as solution_services
from recensia.solutions.models import Solution
from recensia.territories.models import Organization


def _state(obj, names: tuple[str, ...]) -> dict[str, Any]:
    def plain(value):
        if isinstance(value, dt.date | dt.datetime):
            return value.isoformat()
        return getattr(value, "pk", value)
    return {name: plain(getattr(obj, name)) for name in names}


def _event(*, author, action: str, before=None, after=None, **links) -> None:
    PoolingEvent.objects.create(author=author, action=action, before=before, after=after,
                                **links)
    project = links.get("project")
    if project is not None:
        # The project page kept for visitors changes with ``updated_at``: show the news.
        Project.objects.filter(pk=project.pk).update(updated_at=timezone.now())


def _require_member(user, organization: Organization) -> None:
    if not permissions.is_member_of(user, organization):
        raise PermissionDenied(f"Vous n'êtes pas membre validé de {organization.name} : "
                               "vous ne pouvez pas parler en son nom.")


def _clean(obj) -> None:
    obj.full_clean()


# ---------------------------------------------------------------- declarations of use

USE_FIELDS = ("use_case", "since", "satisfaction", "would_recommend", "project")


@transaction.atomic
def declare_use(*, user, solution: Solution, organization: Organization,
                values: dict[str, Any]) -> SolutionUse:
    """« Nous l'utilisons » : creates or updates the collectivité's declaration. A project
    named here must be one of the collectivité's; it is linked to the solution."""
    _require_member(user, organization)
    project = values.get("project")
    if project is not None and project.owner_id != organization.pk:
        raise ValidationError({"project": [
            "Projet lié : choisissez un projet de votre collectivité."]})
    use = (SolutionUse.objects.select_for_update()
           .filter(solution=solution, organization=organization).first())
    before = _state(use, USE_FIELDS) if use and use.withdrawn_at is None else None
    use = use or SolutionUse(solution=solution, organization=organization, declared_by=user)
    for name in USE_FIELDS:
        setattr(use, name, values.get(name))
    use.withdrawn_at = None
    use.declared_by = user
    _clean(use)
    use.save()
    _event(author=user, action=("Déclaration d'usage mise à jour" if before
                                else "Déclaration d'usage"),
           before=before, after=_state(use, USE_FIELDS), solution=solution,
           organization=organization, project=project)
    if project is not None and project.solution_id is None:
        project_services.link_solution(project=project, solution=solution, author=user)
    return use


@transaction.atomic
def withdraw_use(*, user, use: SolutionUse) -> SolutionUse:
    _require_member(user, use.organization)
    use.withdrawn_at = timezone.now()
    use.save(update_fields=["withdrawn_at", "updated_at"])
    _event(author=user, action="Déclaration d'usage retirée", before=_state(use, USE_FIELDS),
           solution=use.solution, organization=use.organization)
    return use


REFERENT_FIELDS = ("role", "contact_email", "phone")


@transaction.atomic
def declare_referent(*, user, solution: Solution, organization: Organization,
                     values: dict[str, Any]) -> SolutionReferent:
    """« Je suis référent » : the person others may call, with a service contact."""
    _require_member(user, organization)
    referent = (SolutionReferent.objects.select_for_update()
                .filter(solution=solution, organization=organization, user=user).first())
    before = _state(referent, REFERENT_FIELDS) if referent else None
    referent = referent or SolutionReferent(solution=solution, organization=organization,
                                            user=user)
    for name in REFERENT_FIELDS:
        setattr(referent, name, values.get(name) or "")
    referent.withdrawn_at = None
    _clean(referent)
    referent.save()
    _event(author=user, action="Référent déclaré", before=before,
           after=_state(referent, REFERENT_FIELDS), solution=solution, organization=organization)
    return referent


@transaction.atomic
def withdraw_referent(*, user, referent: SolutionReferent) -> SolutionReferent:
    if referent.user_id != user.pk and not permissions.is_member_of(user, referent.organization):
        raise PermissionDenied("Seule la personne ou sa collectivité retire un référent.")
    referent.withdrawn_at = timezone.now()
    referent.save(update_fields=["withdrawn_at", "updated_at"])
    _event(author=user, action="Référent retiré", before=_state(referent, REFERENT_FIELDS),
           solution=referent.solution, organization=referent.organization)
    return referent


# ---------------------------------------------------------------- pooling offers

OFFER_FIELDS = ("shared", "shared_detail", "cost_sharing", "open_until", "contact_name",
                "contact_email")


@transaction.atomic
def open_offer(*, user, project: Project, values: dict[str, Any]) -> PoolingOffer:
    """The lead collectivité opens its project to others, or changes its conditions."""
    if not permissions.can_edit_project(user, project):
        raise PermissionDenied("Seuls les membres de la collectivité porteuse ouvrent ce "
                               "projet à la mutualisation.")
    offer = PoolingOffer.objects.select_for_update().filter(project=project).first()
    before = _state(offer, OFFER_FIELDS) if offer else None
    offer = offer or PoolingOffer(project=project, opened_by=user)
    for name in OFFER_FIELDS:
        setattr(offer, name, values[name])
    if offer.open_until < timezone.localdate():
        raise ValidationError({"open_until": [
            "Ouvert jusqu'au : choisissez une date à venir."]})
    offer.closed_at = None
    _clean(offer)
    offer.save()
    _event(author=user, action="Mutualisation ouverte" if before is None
           else "Conditions de mutualisation modifiées", before=before,
           after=_state(offer, OFFER_FIELDS), project=project, organization=project.owner)
    return offer


@transaction.atomic
def close_offer(*, user, offer: PoolingOffer) -> PoolingOffer:
    if not permissions.can_edit_project(user, offer.project):
        raise PermissionDenied("Seuls les membres de la collectivité porteuse ferment la "
                               "mutualisation.")
    offer.closed_at = timezone.now()
    offer.save(update_fields=["closed_at", "updated_at"])
    _event(author=user, action="Mutualisation fermée", project=offer.project,
           organization=offer.project.owner)
    return offer


def offer_is_open(offer: PoolingOffer | None) -> bool:
    return bool(offer and offer.closed_at is None
                and offer.open_until >= timezone.localdate() and offer.project.is_public)


# ---------------------------------------------------------------- requests and consent

PARTNER_STATE = ("role", "status", "initiative", "message", "refusal_reason")


@transaction.atomic
def ask_to_join(*, user, project: Project, organization: Organization, role: str,
                message: str = "") -> ProjectPartner:
    """Another collectivité asks to join (partner) or follow the lead's project. Nothing is
    shown until the lead accepts. Answering an invitation already made accepts it."""
    _require_member(user, organization)
    if role not in PartnerRole.values:
        raise ValidationError({"role": ["Votre demande : choisissez « rejoindre » ou "
                                        "« suivre »."]})
    if organization.pk == project.owner_id:
        raise ValidationError("Votre collectivité porte déjà ce projet.")
    offer = PoolingOffer.objects.filter(project=project).select_related("project").first()
    if not offer_is_open(offer):
        raise ValidationError("Ce projet n'est pas ouvert à la mutualisation, ou l'offre est "
                              "close.")
    link = (ProjectPartner.objects.select_for_update()
            .filter(project=project, organization=organization).first())
    if link and link.status == PartnerStatus.ACCEPTED:
        raise ValidationError(f"{organization.name} participe déjà à ce projet.")
    if link and link.status == PartnerStatus.PENDING and \
            link.initiative == PartnerInitiative.INVITED:
        return decide(user=user, link=link, accept=True)
    before = _state(link, PARTNER_STATE) if link else None
    link = link or ProjectPartner(project=project, organization=organization)
    link.role, link.status, link.initiative = role, PartnerStatus.PENDING, \
        PartnerInitiative.ASKED
    link.message, link.refusal_reason = message.strip(), ""
    link.requested_by, link.requested_at = user, timezone.now()
    link.decided_by = link.decided_at = None
    link.save()
    _event(author=user, action=("Demande pour rejoindre le projet" if role == PartnerRole.PARTNER
                                else "Demande pour suivre le projet"),
           before=before, after=_state(link, PARTNER_STATE), project=project,
           organization=organization)
    notifications.link_requested(link)
    return link


def can_decide(user, link: ProjectPartner) -> bool:
    """The side that did not ask answers: the lead for a request, the partner for an
    invitation. Moderators may too (a collectivité without members yet)."""
    if link.status != PartnerStatus.PENDING:
        return False
    if permissions.is_moderator(user):
        return True
    if link.initiative == PartnerInitiative.ASKED:
        return permissions.is_member_of(user, link.project.owner)
    return permissions.is_member_of(user, link.organization)


@transaction.atomic
def decide(*, user, link: ProjectPartner, accept: bool, reason: str = "") -> ProjectPartner:
    link = ProjectPartner.objects.select_for_update().select_related(
        "project__owner", "organization").get(pk=link.pk)
    if not can_decide(user, link):
        raise PermissionDenied("Cette demande attend la réponse de l'autre collectivité, ou a "
                               "déjà reçu une réponse.")
    if not accept and not reason.strip():
        raise ValidationError({"reason": ["Motif du refus : indiquez-le, il sera transmis à "
                                          "l'autre collectivité."]})
    before = _state(link, PARTNER_STATE)
    link.status = PartnerStatus.ACCEPTED if accept else PartnerStatus.REFUSED
    link.refusal_reason = "" if accept else reason.strip()
    link.decided_by, link.decided_at = user, timezone.now()
    link.save()
    _event(author=user, action=f"{'Acceptée' if accept else 'Refusée'} : "
           f"{link.organization.name} ({link.get_role_display().lower()})",
           before=before, after=_state(link, PARTNER_STATE), project=link.project,
           organization=link.organization)
    notifications.link_decided(link)
    return link


@transaction.atomic
def withdraw_link(*, user, link: ProjectPartner) -> ProjectPartner:
    """Either side ends the link (a request, an invitation or a participation)."""
    if not (permissions.is_member_of(user, link.organization)
            or permissions.is_member_of(user, link.project.owner)):
        raise PermissionDenied("Seules les deux collectivités concernées peuvent retirer ce "
                               "lien.")
    before = _state(link, PARTNER_STATE)
    link.status = PartnerStatus.WITHDRAWN
    link.decided_by, link.decided_at = user, timezone.now()
    link.save()
    _event(author=user, action=f"Lien retiré : {link.organization.name}", before=before,
           after=_state(link, PARTNER_STATE), project=link.project,
           organization=link.organization)
    return link


# ---------------------------------------------------------------- demo data

def load_demo_solutions(*, dry_run: bool = False) -> str:
    """The demo catalogue and the links of the demo projects to it (by their stable id):
    idempotent, a version is written only for a link that changes."""
    items = solution_services.read_demo_file()
    with transaction.atomic():
        report = solution_services.load_solutions(items)
        linked = 0
        for item in items:
            solution = Solution.objects.get(name=item["name"])
            for project in Project.objects.filter(source_id__in=item.get("projects", [])):
                if project.solution_id != solution.pk:
                    project_services.link_solution(project=project, solution=solution,
                                                   author=None)
                    linked += 1
        if dry_run:
            transaction.set_rollback(True)
    report.dry_run = dry_run
    return f"{report} ; {linked} projet(s) lié(s) à leur solution"
