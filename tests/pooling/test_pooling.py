"""Declarations of use, pooling offers, requests to join and partner consent, over HTTP
where a user relies on it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from recensia.accounts.permissions import PermissionDenied
from recensia.pooling import selectors, services
from recensia.pooling.models import PoolingEvent
from recensia.projects import services as project_services
from recensia.projects.models import PartnerRole, PartnerStatus, ProjectStatus, WorkflowState
from recensia.solutions import services as solution_services
from recensia.territories.models import Organization, OrganizationKind
from tests.factories import (
    DomainFactory,
    MembershipFactory,
    OrganizationFactory,
    TechniqueFactory,
)

pytestmark = pytest.mark.django_db
FUTURE = dt.date.today() + dt.timedelta(days=60)


def _published(owner, author, *, title, partners=(), **fields):
    data = project_services.ProjectData(
        fields={"title": title, "short_description": f"Résumé de « {title} ».", **fields},
        owner=owner, domains=[DomainFactory()], techniques=[TechniqueFactory()],
        partners=[(org, PartnerRole.PARTNER) for org in partners],
        sources=[{"url": "https://www.example.fr/source", "title": "Source"}])
    return project_services.create_project(author=author, data=data,
                                           state=WorkflowState.PUBLISHED)


@pytest.fixture
def lead():
    org = OrganizationFactory(name="Cheffe-de-File", insee_code="99201", siren="100000201",
                              population=2500)
    return org, MembershipFactory(organization=org).user


@pytest.fixture
def small():
    org = OrganizationFactory(name="Petit-Village", insee_code="99202", siren="100000202",
                              population=924)
    return org, MembershipFactory(organization=org).user


# ---------------------------------------------------------------- partner consent

def test_a_partner_named_without_consent_is_not_on_its_public_page(
        client, lead, small, mailoutbox, django_capture_on_commit_callbacks):
    lead_org, lead_agent = lead
    partner, partner_agent = small
    with django_capture_on_commit_callbacks(execute=True):
        project = _published(lead_org, lead_agent, title="Assistant des délibérations",
                             partners=[partner])
    # The partner's members are asked for their consent.
    assert [m.to for m in mailoutbox] == [[partner_agent.email]]
    assert "qu'avec votre accord" in mailoutbox[0].body
    link = project.partnerships.get()
    assert (link.status, link.initiative) == ("pending", "invited")

    def shown() -> tuple[bool, bool, bool]:
        on_partner_page = project.title in client.get(
            f"/collectivites/{partner.url_code}/").content.decode()
        on_project_page = "Petit-Village" in client.get(f"/projets/{project.slug}/")\
            .content.decode()
        in_api = any(p["organization"]["name"] == "Petit-Village" for p in client.get(
            f"/api/v1/projets/{project.slug}").json()["partners"])
        return on_partner_page, on_project_page, in_api

    assert shown() == (False, False, False)
    # The lead cannot consent for the partner; the partner's agent can.
    client.force_login(lead_agent)
    assert client.post(f"/mutualisation/demandes/{link.pk}/",
                       {f"d{link.pk}-decision": "accept"}).status_code == 403
    client.force_login(partner_agent)
    page = client.get("/mutualisation/demandes/").content.decode()
    assert "invite Petit-Village" in page
    response = client.post(f"/mutualisation/demandes/{link.pk}/",
                           {f"d{link.pk}-decision": "accept"})
    assert response.status_code == 302
    client.logout()
    assert shown() == (True, True, True)


def test_a_refused_invitation_stays_hidden_and_needs_a_reason(client, lead, small):
    lead_org, lead_agent = lead
    partner, partner_agent = small
    project = _published(lead_org, lead_agent, title="Tri des courriers", partners=[partner])
    link = project.partnerships.get()
    with pytest.raises(ValidationError):
        services.decide(user=partner_agent, link=link, accept=False, reason="")
    services.decide(user=partner_agent, link=link, accept=False,
                    reason="Nous n'avons jamais participé à ce projet.")
    link.refresh_from_db()
    assert link.status == PartnerStatus.REFUSED
    assert project.title not in client.get(f"/collectivites/{partner.url_code}/")\
        .content.decode()
    assert PoolingEvent.objects.filter(project=project, action__startswith="Refusée").exists()


# ---------------------------------------------------------------- pooling offer and requests

@pytest.fixture
def offer(lead):
    lead_org, lead_agent = lead
    project = _published(lead_org, lead_agent, title="Assistant téléphonique mutualisé",
                         status=ProjectStatus.DEPLOYED)
    return services.open_offer(user=lead_agent, project=project, values={
        "shared": ["specifications", "contract"], "shared_detail": "",
        "cost_sharing": "Au prorata de la population", "open_until": FUTURE,
        "contact_name": "Mme Cheffe", "contact_email": "dsi@cheffe.example.fr"})


def test_only_the_lead_opens_its_project_to_pooling(lead, small):
    lead_org, lead_agent = lead
    project = _published(lead_org, lead_agent, title="Projet à ouvrir")
    values = {"shared": ["code"], "shared_detail": "", "cost_sharing": "Gratuit",
              "open_until": FUTURE, "contact_name": "X", "contact_email": "x@example.fr"}
    with pytest.raises(PermissionDenied):
        services.open_offer(user=small[1], project=project, values=values)
    with pytest.raises(ValidationError, match="date à venir"):
        services.open_offer(user=lead_agent, project=project,
                            values={**values, "open_until": dt.date(2020, 1, 1)})


def test_a_commune_asks_to_join_and_appears_only_once_the_lead_accepts(
        client, lead, small, offer, mailoutbox, django_capture_on_commit_callbacks):
    lead_org, lead_agent = lead
    commune, agent = small
    project = offer.project
    client.force_login(agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/projets/{project.slug}/mutualisation/demande/", {
            "organization": commune.pk, "role": "partner",
            "message": "Nous sommes intéressés."})
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[lead_agent.email]]
    assert "Nous sommes intéressés." in mailoutbox[0].body
    link = project.partnerships.get(organization=commune)
    assert (link.status, link.initiative) == ("pending", "asked")
    assert "Petit-Village" not in client.get(f"/projets/{project.slug}/").content.decode()
    # She cannot accept her own request.
    assert client.post(f"/mutualisation/demandes/{link.pk}/",
                       {f"d{link.pk}-decision": "accept"}).status_code == 403
    client.force_login(lead_agent)
    assert "Petit-Village demande à rejoindre" in client.get("/mutualisation/demandes/")\
        .content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/mutualisation/demandes/{link.pk}/", {f"d{link.pk}-decision": "accept"})
    assert mailoutbox[-1].to == [agent.email]
    assert "Petit-Village participe désormais" in mailoutbox[-1].body
    client.logout()
    assert "Petit-Village" in client.get(f"/projets/{project.slug}/").content.decode()
    pooling = client.get(f"/api/v1/projets/{project.slug}").json()["pooling"]
    assert pooling["cost_sharing"] == "Au prorata de la population"
    assert [p["organization"]["name"] for p in pooling["participants"]] == ["Petit-Village"]
    actions = list(PoolingEvent.objects.filter(project=project).order_by("id")
                   .values_list("action", flat=True))
    assert actions == ["Mutualisation ouverte", "Demande pour rejoindre le projet",
                       "Acceptée : Petit-Village (partenaire du projet)"]


def test_a_closed_offer_takes_no_more_requests(lead, small, offer):
    services.close_offer(user=lead[1], offer=offer)
    with pytest.raises(ValidationError, match="close"):
        services.ask_to_join(user=small[1], project=offer.project, organization=small[0],
                             role=PartnerRole.FOLLOWER)


def test_an_agent_cannot_ask_in_the_name_of_another_collectivite(lead, small, offer):
    other = OrganizationFactory(name="Autre-Bourg", insee_code="99203", siren="100000203")
    with pytest.raises(PermissionDenied):
        services.ask_to_join(user=small[1], project=offer.project, organization=other,
                             role=PartnerRole.PARTNER)


# ---------------------------------------------------------------- declarations of use

def test_declaring_use_links_the_collectivites_project_and_counts_it(client, lead, small):
    solution = solution_services.save_solution(author=None, values={
        "name": "Assistant Délib", "summary": "Aide à la rédaction des délibérations."})
    commune, agent = small
    own = _published(commune, agent, title="Nos délibérations assistées")
    other = _published(lead[0], lead[1], title="Le projet d'une autre")
    with pytest.raises(ValidationError, match="Projet lié"):
        services.declare_use(user=agent, solution=solution, organization=commune,
                             values={"use_case": "Délibérations", "project": other})
    client.force_login(agent)
    response = client.post(f"/solutions/{solution.slug}/nous-l-utilisons/", {
        "organization": commune.pk, "use_case": "Rédiger les délibérations",
        "since": "2025-03-01", "satisfaction": "4", "would_recommend": "yes",
        "project": own.pk})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.solution == solution
    assert selectors.user_counts([solution.pk]) == {solution.pk: 1}
    item = client.get("/api/v1/solutions?q=Délib").json()["items"][0]
    assert (item["name"], item["user_count"]) == ("Assistant Délib", 1)
    detail = client.get(f"/api/v1/solutions/{solution.slug}").json()
    assert detail["users"][0]["declaration"]["satisfaction"] == 4
    assert detail["users"][0]["declaration"]["would_recommend"] is True
    # Withdrawn, not deleted: it no longer counts.
    use = solution.uses.get()
    services.withdraw_use(user=agent, use=use)
    assert selectors.user_counts([solution.pk]) == {solution.pk: 1}  # the linked project
    own.solution = None
    own.save()
    assert selectors.user_counts([solution.pk]) == {}
    assert solution.uses.count() == 1


def test_referent_contacts_are_for_signed_in_agents_only(client, small):
    solution = solution_services.save_solution(author=None, values={
        "name": "Outil X", "summary": "Fait X."})
    commune, agent = small
    services.declare_referent(user=agent, solution=solution, organization=commune,
                              values={"role": "Secrétaire de mairie",
                                      "contact_email": "mairie@petit-village.example.fr"})
    page = client.get(f"/solutions/{solution.slug}/").content.decode()
    assert "Secrétaire de mairie" in page and "mairie@petit-village" not in page
    assert "mairie@petit-village" not in client.get(f"/api/v1/solutions/{solution.slug}")\
        .content.decode()
    client.force_login(MembershipFactory().user)
    assert "mairie@petit-village.example.fr" in client.get(f"/solutions/{solution.slug}/")\
        .content.decode()


# ---------------------------------------------------------------- for my collectivité

def test_a_small_commune_is_proposed_solutions_of_communes_of_her_size_first(client):
    """« Près de chez vous et de votre taille » proposed a métropole to a 924-inhabitant
    commune: size comes first, then distance."""
    region = Organization.objects.create(kind=OrganizationKind.REGION, name="Région Test",
                                         insee_code="98")
    dep = Organization.objects.create(kind=OrganizationKind.DEPARTEMENT, name="Dép Test",
                                      insee_code="98", region=region)
    far_dep = Organization.objects.create(kind=OrganizationKind.DEPARTEMENT, name="Loin",
                                          insee_code="97", region=region)
    mine = OrganizationFactory(name="Ma-Commune", population=924, departement=dep,
                               region=region)
    metropole = OrganizationFactory(name="Grande-Métropole", population=800_000,
                                    departement=dep, region=region)
    neighbour = OrganizationFactory(name="Village-Voisin", population=700, departement=dep,
                                    region=region)
    farther = OrganizationFactory(name="Village-Lointain", population=850,
                                  departement=far_dep, region=region)
    tools = {}
    for name, users in (("Outil des métropoles", [metropole]),
                        ("Outil des villages voisins", [neighbour]),
                        ("Outil des villages lointains", [farther])):
        tools[name] = solution_services.save_solution(author=None, values={
            "name": name, "summary": "…"})
        for org in users:
            services.declare_use(user=MembershipFactory(organization=org).user,
                                 solution=tools[name], organization=org,
                                 values={"use_case": "Usage"})
    names = [s.solution.name for s in selectors.solutions_for(mine)]
    assert names == ["Outil des villages voisins", "Outil des villages lointains"]
    page = client.get(f"/solutions/pour-ma-collectivite/?collectivite={mine.url_code}")
    text = page.content.decode()
    assert text.index("Outil des villages voisins") < text.index("Outil des villages lointains")
    assert "Outil des métropoles" not in text
    assert "dans votre département" in text
    # The same suggestions on « Mon compte » of her agent.
    client.force_login(MembershipFactory(organization=mine).user)
    account = client.get("/compte/").content.decode()
    assert "Outil des villages voisins" in account and "Outil des métropoles" not in account
