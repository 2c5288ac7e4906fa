"""The declaration in steps and the project page that leads to the next step, over HTTP:
each step saves the draft with only its own fields, nothing typed is lost, and the page
tells an author what is left to do and a moderator what to decide, at the top."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from recensia.projects import fields as F
from recensia.projects import services
from recensia.projects.models import Project, WorkflowState
from tests.factories import (
    DomainFactory,
    MembershipFactory,
    TechniqueFactory,
    UserFactory,
    make_project,
)
from tests.projects.test_pages import visible_text

pytestmark = pytest.mark.django_db


def _edit(project, step):
    return f"{reverse('projects:edit', args=[project.slug])}?etape={step}"


def _names(page: str) -> set[str]:
    """The names of the project fields a page's form holds (not the CSRF token)."""
    controls = re.findall(r'<(?:input|select|textarea)\b[^>]*\bname="([a-z_]+)"', page)
    return set(controls) & set(F.BY_NAME)


def test_every_section_belongs_to_exactly_one_step():
    placed = [key for step in F.STEPS for key in step.sections]
    assert sorted(placed) == sorted(s.key for s in F.SECTIONS)
    assert len(placed) == len(set(placed))
    # The steps the issue names, in this order.
    assert [s.title for s in F.STEPS] == [
        "Identité et objectif", "Collectivités, partenaires et contact",
        "Solution, fournisseur et coûts", "Données, contrôle et recours",
        "Résultats et sources"]


def test_the_terms_a_non_specialist_does_not_know_are_explained():
    for name in ("kind", "secnumcloud", "dpia_done", "fria_done", "vendor_siren",
                 "decision_role", "personal_data", "techniques", "open_source",
                 "hosting_provider", "investment_eur"):
        assert F.field(name).help_text, name
    for name in ("secnumcloud", "dpia_done", "fria_done", "vendor_siren", "decision_role"):
        assert F.field(name).more and F.field(name).more_url.startswith("https://"), name


def test_a_new_declaration_starts_with_the_first_step_only(client, reference_lists):
    member = MembershipFactory()
    client.force_login(member.user)
    response = client.get(reverse("projects:create"))
    page = response.content.decode()
    assert _names(page) == {f.name for f in F.FIELDS if f.step is F.STEPS[0]} - {"indicators",
                                                                                  "sources"}
    text = visible_text(response)
    assert "Étape 1 sur 5" in text
    assert "Étape suivante : Collectivités, partenaires et contact" in text
    assert 'class="fr-stepper__steps" data-fr-current-step="1" data-fr-steps="5"' in page
    # The only collectivité of the member is chosen for her.
    assert f'<option value="{member.organization.pk}" selected>' in page
    # A later step cannot be reached before the draft exists; an unknown step is not a page.
    assert client.get(reverse("projects:create") + "?etape=solution").status_code == 302
    assert client.get(reverse("projects:create") + "?etape=nimporte").status_code == 404


def test_each_step_saves_the_draft_and_leads_to_the_next(client, reference_lists):
    member = MembershipFactory()
    client.force_login(member.user)
    domain, technique = DomainFactory(), TechniqueFactory()
    response = client.post(reverse("projects:create"), {
        "etape": "identite", "suite": "collectivites", "kind": "ai_system",
        "title": "Assistant en ligne", "short_description": "Répond aux habitants.",
        "owner": member.organization.pk, "domains": [domain.pk],
        "techniques": [technique.pk], "status": "pilot", "decision_role": "not_applicable"})
    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _edit(project, "collectivites")
    assert project.state == WorkflowState.DRAFT
    # Step 3: only its fields are posted; French amounts are read as written.
    response = client.post(_edit(project, "solution"), {
        "etape": "solution", "suite": "donnees", "version": project.version,
        "solution_name": "Agent conversationnel", "vendor_name": "Parlons SAS",
        "investment_eur": "3 500,50", "yearly_cost_eur": "1 200 €",
        "secnumcloud": "unknown", "open_source": "no"})
    assert response.status_code == 302
    assert response["Location"] == _edit(project, "donnees")
    project.refresh_from_db()
    assert (project.investment_eur, project.yearly_cost_eur) == (Decimal("3500.50"),
                                                                 Decimal("1200.00"))
    assert project.vendor.name == "Parlons SAS"
    # What the other steps hold is kept: the domains and techniques were not on this page.
    assert list(project.domains.all()) == [domain]
    assert list(project.techniques.all()) == [technique]
    assert (project.title, project.status) == ("Assistant en ligne", "pilot")
    assert [r.changed_fields for r in project.revisions.order_by("number")][1] == [
        "solution_name", "investment_eur", "yearly_cost_eur", "open_source", "vendor"]
    # « Enregistrer et finir plus tard » goes back to the project page.
    response = client.post(_edit(project, "donnees"), {
        "etape": "donnees", "suite": "fiche", "version": project.version,
        "personal_data": "yes", "dpia_done": "unknown", "fria_done": "unknown",
        "human_oversight": "Un agent relit les conversations."})
    assert response["Location"] == project.get_absolute_url()
    project.refresh_from_db()
    assert project.personal_data == "yes"


def test_a_refused_value_keeps_what_was_typed_and_saves_nothing(client, reference_lists):
    member = MembershipFactory()
    project = make_project(owner=member.organization, author=member.user)
    client.force_login(member.user)
    response = client.post(_edit(project, "solution"), {
        "etape": "solution", "suite": "donnees", "version": project.version,
        "solution_name": "Agent conversationnel", "investment_eur": "beaucoup",
        "secnumcloud": "unknown", "open_source": "unknown"})
    assert response.status_code == 200
    text = visible_text(response)
    assert "Investissement (€) : « beaucoup » n'est pas un montant en euros" in text
    assert 'value="Agent conversationnel"' in response.content.decode()
    project.refresh_from_db()
    assert (project.solution_name, project.version) == ("", 1)


def test_a_step_saved_over_a_newer_version_shows_both_values_and_keeps_the_typing(
        client, reference_lists):
    member = MembershipFactory()
    project = make_project(owner=member.organization, author=member.user)
    colleague = MembershipFactory(organization=member.organization).user
    services.update_project(project=project, author=colleague, expected_version=1,
                            data=services.ProjectData(fields={"solution_name": "Autre"}))
    client.force_login(member.user)
    response = client.post(_edit(project, "solution"), {
        "etape": "solution", "suite": "donnees", "version": 1,
        "solution_name": "Agent conversationnel", "secnumcloud": "unknown",
        "open_source": "unknown"})
    # Both changed the same field: both values side by side, she chooses; nothing saved yet.
    assert response.status_code == 409
    text = visible_text(response)
    assert "La fiche a été modifiée pendant que vous la modifiiez" in text
    assert "Garder votre valeur Agent conversationnel" in text
    assert "Autre" in text
    project.refresh_from_db()
    assert (project.solution_name, project.version) == ("Autre", 2)


def test_the_solution_step_explains_its_terms(client, reference_lists):
    member = MembershipFactory()
    project = make_project(owner=member.organization, author=member.user)
    client.force_login(member.user)
    response = client.get(_edit(project, "solution"))
    text = visible_text(response)
    assert "SecNumCloud est la qualification de sécurité des hébergeurs" in text
    assert "Le numéro à 9 chiffres qui identifie l'entreprise" in text
    assert text.count("En savoir plus") == 2  # SecNumCloud and the vendor's SIREN
    assert _names(response.content.decode()) == {f.name for f in F.in_section("solution")}


def test_the_author_sees_what_is_left_with_links_to_the_steps(client, reference_lists):
    member = MembershipFactory()
    project = services.create_project(author=member.user, data=services.ProjectData(
        fields={"title": "Assistant", "short_description": "Répond aux habitants."},
        owner=member.organization))
    client.force_login(member.user)
    page = html.unescape(client.get(project.get_absolute_url()).content.decode())
    todo = page[page.index('id="reste-a-faire"'):page.index("</section>")]
    assert f'href="{_edit(project, "identite")}#checkboxes-id_domains"' in todo
    assert f'href="{_edit(project, "identite")}#checkboxes-id_techniques"' in todo
    assert f'href="{_edit(project, "collectivites")}#id_contact_email"' in todo
    assert "Soumettre à la modération" not in page
    # The block comes before the content of the page.
    assert page.index('id="reste-a-faire"') < page.index("<h2>Avancement</h2>")
    # Once complete, the submit button is in the block.
    services.update_project(project=project, author=member.user, expected_version=1,
                            data=services.ProjectData(
                                fields={"contact_email": "mairie@example.fr"},
                                domains=[DomainFactory()], techniques=[TechniqueFactory()]))
    page = html.unescape(client.get(project.get_absolute_url()).content.decode())
    todo = page[page.index('id="reste-a-faire"'):page.index("</section>")]
    assert "Votre fiche peut être soumise" in todo
    assert 'action="' + reverse("projects:submit", args=[project.slug]) + '"' in todo
    assert "Estimer l'empreinte du projet" in todo and "Évaluer la conformité" in todo


def test_the_moderator_decides_at_the_top_of_a_submitted_project(client, reference_lists):
    project = make_project(state=WorkflowState.SUBMITTED)
    client.force_login(UserFactory(moderator=True))
    page = html.unescape(client.get(project.get_absolute_url()).content.decode())
    publish = page.index('action="' + reverse("projects:publish", args=[project.slug]) + '"')
    assert publish < page.index("<h2>Avancement</h2>")
    assert page.count(reverse("projects:publish", args=[project.slug])) == 1
    assert "Refuser avec un motif" in page[publish:page.index("<h2>Avancement</h2>")]
    assert 'id="reste-a-faire"' not in page
