"""Two people save the same project: fields changed by one are merged, fields both changed
are shown side by side for the second to choose; nothing is taken back silently."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from recensia.projects import services
from recensia.projects.merge import merge, settle
from recensia.projects.models import WorkflowState
from tests.factories import MembershipFactory, OrganizationFactory, make_project
from tests.projects.test_moderated_changes import _edit_payload
from tests.projects.test_pages import visible_text

# ---------------------------------------------------------------- the pure function


def test_fields_changed_on_one_side_are_merged_and_both_sides_are_conflicts():
    base = {"title": "A", "summary": "x", "status": "idea", "sources": [{"url": "u"}]}
    mine = {"title": "Mon titre", "summary": "x", "status": "pilot", "sources": [{"url": "u"}]}
    theirs = {"title": "A", "summary": "y", "status": "deployed", "sources": []}
    result = merge(base, mine, theirs)
    assert result.merged["title"] == "Mon titre"  # mine only
    assert result.merged["summary"] == "y" and result.merged["sources"] == []  # theirs only
    assert [(c.key, c.base, c.mine, c.theirs) for c in result.conflicts] == [
        ("status", "idea", "pilot", "deployed")]
    assert result.mine_only == ["title"] and result.theirs_only == ["summary", "sources"]
    assert settle(result, keep_theirs=["status"])["status"] == "deployed"
    assert settle(result, keep_theirs=[])["status"] == "pilot"


def test_the_same_change_on_both_sides_is_no_conflict():
    result = merge({"title": "A"}, {"title": "B"}, {"title": "B"})
    assert result.clean and result.merged == {"title": "B"}


# ---------------------------------------------------------------- the double save


@pytest.fixture
def pair(db):
    org = OrganizationFactory()
    first = MembershipFactory(organization=org).user
    second = MembershipFactory(organization=org).user
    project = make_project(owner=org, author=first, state=WorkflowState.DRAFT,
                           results_summary="Rien de mesuré.")
    return first, second, project


def test_double_save_keeps_both_peoples_changes(client, pair):
    first, second, project = pair
    client.force_login(second)
    form_at_v1 = _edit_payload(project)
    # The first person saves while the second has the form open at version 1.
    services.update_project(project=project, author=first, expected_version=1,
                            data=services.ProjectData(fields={"results_summary": "40 fuites"}))
    response = client.post(reverse("projects:edit", args=[project.slug]),
                           {**form_at_v1, "title": "Titre de la seconde personne"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Titre de la seconde personne"
    assert project.results_summary == "40 fuites"  # not reverted by the stale form
    assert project.version == 3


def test_double_save_on_the_same_field_shows_both_values_and_the_person_chooses(client, pair):
    first, second, project = pair
    client.force_login(second)
    form_at_v1 = _edit_payload(project)
    services.update_project(project=project, author=first, expected_version=1,
                            data=services.ProjectData(fields={"results_summary": "40 fuites",
                                                              "status_detail": "Phase 2"}))
    response = client.post(reverse("projects:edit", args=[project.slug]),
                           {**form_at_v1, "results_summary": "35 fuites",
                            "title": "Nouveau titre"})
    assert response.status_code == 409
    text = visible_text(response)
    assert "La fiche a été modifiée pendant que vous la modifiiez" in text
    assert "Garder votre valeur 35 fuites" in text
    assert f"Garder la valeur de {first.get_full_name()} 40 fuites" in text
    project.refresh_from_db()
    assert (project.results_summary, project.version) == ("40 fuites", 2)  # nothing saved
    token = re.search(r'name="jeton" value="([^"]+)"', response.content.decode()).group(1)
    merge_url = reverse("projects:merge", args=[project.slug])
    # No choice made: asked again, nothing saved.
    again = client.post(merge_url, {"jeton": token})
    assert again.status_code == 409 and "Choisissez une valeur" in visible_text(again)
    done = client.post(merge_url, {"jeton": token, "choix-results_summary": "autre"})
    assert done.status_code == 302
    project.refresh_from_db()
    assert project.results_summary == "40 fuites"  # their value, as chosen
    assert project.title == "Nouveau titre"  # my other change
    assert project.status_detail == "Phase 2"  # their other change


def test_choosing_ones_own_value_keeps_it(client, pair):
    first, second, project = pair
    services.update_project(project=project, author=first, expected_version=1,
                            data=services.ProjectData(fields={"results_summary": "40 fuites"}))
    with pytest.raises(services.MergeNeeded) as exc:
        services.update_project(project=project, author=second, expected_version=1,
                                data=services.ProjectData(fields={"results_summary": "35"}))
    conflict = exc.value
    services.settle_conflict(project=project, author=second, seen=conflict.seen,
                             merged=conflict.result.merged, keep_theirs=[],
                             action="Modification")
    project.refresh_from_db()
    assert project.results_summary == "35"
    assert project.revisions.get(number=3).author == second


def test_a_stolen_merge_token_is_refused(client, pair):
    first, second, project = pair
    services.update_project(project=project, author=first, expected_version=1,
                            data=services.ProjectData(fields={"results_summary": "40 fuites"}))
    client.force_login(second)
    response = client.post(reverse("projects:edit", args=[project.slug]),
                           {**_edit_payload(project), "version": 1,
                            "results_summary": "35 fuites"})
    token = re.search(r'name="jeton" value="([^"]+)"', response.content.decode()).group(1)
    client.force_login(first)
    client.post(reverse("projects:merge", args=[project.slug]),
                {"jeton": token, "choix-results_summary": "mienne"})
    project.refresh_from_db()
    assert project.results_summary == "40 fuites"
