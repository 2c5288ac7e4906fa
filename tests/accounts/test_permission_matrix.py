"""The whole matrix of roles × actions, over HTTP.

For each role and action, the test checks both the HTTP answer and the database: a
refused action changes nothing; an allowed one takes effect. A member of collectivité B
can never change anything of collectivité A.
"""

import html

import pytest
from django.urls import reverse

from recensia.accounts.models import Membership, MembershipStatus
from recensia.projects.models import Project, WorkflowState
from tests.factories import (
    DomainFactory,
    MembershipFactory,
    OrganizationFactory,
    TechniqueFactory,
    UserFactory,
    make_project,
)

ROLES = ["visiteur", "membre_B", "demandeur_A", "membre_A", "referent_A", "moderateur", "admin"]


@pytest.fixture
def world(db):
    org_a, org_b = OrganizationFactory(name="Commune A"), OrganizationFactory(name="Commune B")
    users = {
        "visiteur": None,
        "membre_B": MembershipFactory(organization=org_b).user,
        "demandeur_A": MembershipFactory(organization=org_a, pending=True).user,
        "membre_A": MembershipFactory(organization=org_a).user,
        "referent_A": MembershipFactory(organization=org_a, referent=True).user,
        "moderateur": UserFactory(moderator=True),
        "admin": UserFactory(admin=True),
    }
    return {"a": org_a, "b": org_b, "users": users}


def _client(client, world, role):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    return client


def _project(world, state=WorkflowState.DRAFT):
    return make_project(owner=world["a"], state=state)


def _allowed(response) -> bool:
    return response.status_code in (200, 302) and not _is_login_redirect(response)


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and reverse("accounts:login") in response["Location"]


EXPECTED = {
    # action: roles allowed
    "voir_brouillon": {"membre_A", "referent_A", "moderateur", "admin"},
    "ouvrir_formulaire": {"membre_A", "referent_A", "admin"},
    "modifier": {"membre_A", "referent_A", "admin"},
    "soumettre": {"membre_A", "referent_A", "admin"},
    "publier": {"moderateur", "admin"},
    "refuser": {"moderateur", "admin"},
    "archiver": {"membre_A", "referent_A", "moderateur", "admin"},
    "restaurer": {"membre_A", "referent_A", "admin"},
    # A person whose request to join A waits may start drafts for A (never submit them).
    "creer_pour_A": {"demandeur_A", "membre_A", "referent_A", "admin"},
    "valider_adhesion_A": {"referent_A", "moderateur", "admin"},
}


def _edit_payload(project, title):
    return {
        "kind": project.kind, "title": title, "short_description": project.short_description,
        "owner": project.owner_id, "status": project.status, "decision_role": "unknown",
        "secnumcloud": "unknown", "open_source": "unknown", "personal_data": "unknown",
        "dpia_done": "unknown", "fria_done": "unknown", "version": project.version,
        "domains": [d.pk for d in project.domains.all()],
        "techniques": [t.pk for t in project.techniques.all()],
        "indicateurs-TOTAL_FORMS": 0, "indicateurs-INITIAL_FORMS": 0,
        "sources-TOTAL_FORMS": 0, "sources-INITIAL_FORMS": 0,
    }


def run_action(action, client, world):
    """Performs the action and returns (response, whether it took effect in the database)."""
    if action == "voir_brouillon":
        p = _project(world)
        r = client.get(p.get_absolute_url())
        return r, r.status_code == 200 and p.title in html.unescape(r.content.decode())
    if action == "ouvrir_formulaire":
        p = _project(world)
        r = client.get(reverse("projects:edit", args=[p.slug]))
        return r, r.status_code == 200 and "Enregistrer" in r.content.decode()
    if action == "modifier":
        p = _project(world)
        r = client.post(reverse("projects:edit", args=[p.slug]), _edit_payload(p, "Titre changé"))
        p.refresh_from_db()
        return r, p.title == "Titre changé"
    if action == "soumettre":
        p = _project(world)
        r = client.post(reverse("projects:submit", args=[p.slug]))
        p.refresh_from_db()
        return r, p.state == WorkflowState.SUBMITTED
    if action == "publier":
        p = _project(world, WorkflowState.SUBMITTED)
        r = client.post(reverse("projects:publish", args=[p.slug]))
        p.refresh_from_db()
        return r, p.state == WorkflowState.PUBLISHED
    if action == "refuser":
        p = _project(world, WorkflowState.SUBMITTED)
        r = client.post(reverse("projects:reject", args=[p.slug]), {"reason": "Incomplet"})
        p.refresh_from_db()
        return r, p.state == WorkflowState.REJECTED
    if action == "archiver":
        p = _project(world, WorkflowState.PUBLISHED)
        r = client.post(reverse("projects:archive", args=[p.slug]))
        p.refresh_from_db()
        return r, p.state == WorkflowState.ARCHIVED
    if action == "restaurer":
        p = _project(world, WorkflowState.PUBLISHED)
        from recensia.projects import services
        services.update_project(project=p, author=None, expected_version=None,
                                data=services.ProjectData(fields={"title": "Version 2"}),
                                check_permissions=False)
        r = client.post(reverse("projects:restore", args=[p.slug, 1]), {"version": 2})
        p.refresh_from_db()
        # A member's restoration of a published project waits for the moderation.
        proposed = p.proposals.filter(status="pending").values_list("snapshot", flat=True)
        return r, p.title == "Détection des fuites d'eau" or any(
            snap["title"] == "Détection des fuites d'eau" for snap in proposed)
    if action == "creer_pour_A":
        payload = {"kind": "ai_system", "title": "Projet créé", "short_description": "Court.",
                   "owner": world["a"].pk, "status": "idea", "decision_role": "unknown",
                   "secnumcloud": "unknown", "open_source": "unknown",
                   "personal_data": "unknown", "dpia_done": "unknown", "fria_done": "unknown",
                   "domains": [DomainFactory().pk], "techniques": [TechniqueFactory().pk],
                   "indicateurs-TOTAL_FORMS": 0, "indicateurs-INITIAL_FORMS": 0,
                   "sources-TOTAL_FORMS": 0, "sources-INITIAL_FORMS": 0}
        r = client.post(reverse("projects:create"), payload)
        return r, Project.objects.filter(title="Projet créé", owner=world["a"]).exists()
    if action == "valider_adhesion_A":
        m = MembershipFactory(organization=world["a"], pending=True)
        r = client.post(reverse("accounts:decide", args=[m.pk]), {"decision": "accept"})
        m.refresh_from_db()
        return r, m.status == MembershipStatus.ACTIVE
    raise AssertionError(action)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_permission_matrix(action, role, client, world):
    response, took_effect = run_action(action, _client(client, world, role), world)
    if role in EXPECTED[action]:
        assert took_effect, f"{role} devrait pouvoir : {action} ({response.status_code})"
        assert response.status_code in (200, 302)
    else:
        assert not took_effect, f"{role} ne devrait pas pouvoir : {action}"
        if role == "visiteur" and action != "voir_brouillon":
            assert _is_login_redirect(response)
        elif action != "creer_pour_A":
            assert response.status_code in (403, 404)


def test_member_of_b_cannot_touch_any_project_of_a_even_published(client, world):
    project = _project(world, WorkflowState.PUBLISHED)
    client.force_login(world["users"]["membre_B"])
    before = project.version
    for name in ("projects:edit", "projects:submit", "projects:archive"):
        assert client.post(reverse(name, args=[project.slug]),
                           _edit_payload(project, "Piraté")).status_code == 403
    project.refresh_from_db()
    assert project.version == before and project.title != "Piraté"


def test_member_of_b_cannot_move_own_project_to_a(client, world):
    client.force_login(world["users"]["membre_B"])
    project = make_project(owner=world["b"])
    payload = _edit_payload(project, project.title)
    payload["owner"] = world["a"].pk
    response = client.post(reverse("projects:edit", args=[project.slug]), payload)
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    project.refresh_from_db()
    assert project.owner == world["b"]


def test_a_pending_request_gives_no_right_until_the_referent_accepts_it(client, world):
    project = _project(world)
    applicant = world["users"]["demandeur_A"]
    request = Membership.objects.get(user=applicant)

    def edit(title):
        client.force_login(applicant)
        response = client.post(reverse("projects:edit", args=[project.slug]),
                               _edit_payload(project, title))
        project.refresh_from_db()
        return response

    assert edit("Titre du demandeur").status_code == 403
    assert project.title != "Titre du demandeur"
    # The référent of A accepts the request: the same request now succeeds.
    client.force_login(world["users"]["referent_A"])
    client.post(reverse("accounts:decide", args=[request.pk]), {"decision": "accept"})
    assert edit("Titre du demandeur").status_code == 302
    assert project.title == "Titre du demandeur"


def test_a_pending_request_gives_own_drafts_only(client, world):
    applicant = world["users"]["demandeur_A"]
    assert Membership.objects.get(user=applicant).status == MembershipStatus.PENDING
    own = make_project(owner=world["a"], author=applicant, title="Mon brouillon")
    others = _project(world)
    client.force_login(applicant)
    assert client.get(reverse("projects:edit", args=[own.slug])).status_code == 200
    assert client.get(reverse("projects:edit", args=[others.slug])).status_code == 403
    assert client.get(others.get_absolute_url()).status_code == 404
    page = html.unescape(client.get(own.get_absolute_url()).content.decode())
    assert "vous pourrez soumettre ce projet dès qu'elle sera acceptée" in page
    assert "Soumettre à la modération" not in page
    response = client.post(reverse("projects:submit", args=[own.slug]), follow=True)
    own.refresh_from_db()
    assert own.state == WorkflowState.DRAFT
    assert "attend la réponse d'un référent" in html.unescape(response.content.decode())
