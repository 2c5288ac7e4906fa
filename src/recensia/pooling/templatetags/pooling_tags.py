"""Blocks of pooling shown on pages of other apps (project page, « Mon compte »)."""

from django import template

from recensia.accounts import permissions
from recensia.pooling import selectors, services
from recensia.projects.models import PartnerInitiative, PartnerStatus
from recensia.territories.models import Organization

register = template.Library()


@register.inclusion_tag("pooling/_project_block.html", takes_context=True)
def project_pooling(context, project):
    """The pooling offer of a project, the join button, and for the lead the requests."""
    user = context["request"].user
    offer = selectors.offer_of(project)
    is_lead = permissions.can_edit_project(user, project)
    links = list(project.partnerships.all()) if is_lead else []
    return {
        "project": project, "offer": offer, "is_open": services.offer_is_open(offer),
        "is_lead": is_lead, "user": user,
        "waiting_requests": [p for p in links if p.status == PartnerStatus.PENDING
                             and p.initiative == PartnerInitiative.ASKED],
        "waiting_invitations": [p for p in links if p.status == PartnerStatus.PENDING
                                and p.initiative == PartnerInitiative.INVITED],
    }


@register.inclusion_tag("pooling/_me_block.html", takes_context=True)
def my_pooling(context):
    """« Mon compte »: requests to answer and solutions for the user's collectivité."""
    user = context["request"].user
    ids = sorted(permissions.active_organization_ids(user))
    organization = Organization.objects.filter(pk__in=ids).order_by("name", "id").first()
    return {"to_answer": selectors.requests_to_answer(user), "organization": organization,
            "suggestions": selectors.solutions_for(organization, limit=3)
            if organization else [],
            "show_contacts": selectors.can_see_contacts(user)}
