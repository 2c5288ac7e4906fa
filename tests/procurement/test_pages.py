"""Purchase pages over HTTP: build a grid from a preset, legal warnings, offers scored with
the footprint engine, documents, publication and reuse, permissions, history."""

import pytest
from django.urls import reverse

from recensia import footprint
from recensia.evaluations import services as evaluation_services
from recensia.procurement import services
from recensia.procurement.models import GridRevision, GridState, Offer, PurchaseGrid
from recensia.projects.models import WorkflowState
from tests.factories import MembershipFactory, OrganizationFactory, make_project
from tests.procurement.documents import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return MembershipFactory(organization=OrganizationFactory(name="Saint-Achat")).user


def _grid(user, preset="chatbot", **kwargs):
    org = user.memberships.get().organization
    return services.create_grid(author=user, organization=org, preset=preset, **kwargs)


def _builder_data(grid, *, drop=(), weights=None, subcriteria=None):
    data = {"title": grid.title, "subject": grid.subject, "launch_date": "2026-12-01",
            "formalised": "yes", "version": grid.version,
            "criteres-TOTAL_FORMS": len(grid.criteria) + 1, "criteres-INITIAL_FORMS":
                len(grid.criteria), "criteres-MIN_NUM_FORMS": 0, "criteres-MAX_NUM_FORMS": 12,
            # the empty row for a new criterion, as a browser sends it
            f"criteres-{len(grid.criteria)}-method": "note"}
    for i, c in enumerate(grid.criteria):
        p = f"criteres-{i}-"
        data.update({p + "label": c["label"], p + "weight": (weights or {}).get(i, c["weight"]),
                     p + "method": c["method"], p + "description": c["description"],
                     p + "assessment": c["assessment"], p + "subject_link": c["subject_link"],
                     p + "subcriteria": (subcriteria or {}).get(i, "\n".join(
                         f"{s['label']} ; {s['weight']:g}" for s in c["subcriteria"]))})
        if c["environmental"]:
            data[p + "environmental"] = "on"
        if i in drop:
            data[p + "DELETE"] = "on"
    return data


def test_member_starts_a_grid_from_the_chatbot_preset(client, member):
    client.force_login(member)
    response = client.post(reverse("procurement:create"), {"preset": "chatbot"})
    grid = PurchaseGrid.objects.get()
    assert response.url == reverse("procurement:edit", args=[grid.pk])
    assert grid.owner.name == "Saint-Achat" and grid.state == GridState.DRAFT
    assert sum(c["weight"] for c in grid.criteria) == 100
    assert {"compte_rendu_empreinte", "ai_transparence_interaction"} <= set(grid.clause_ids)
    assert [r.action for r in grid.revisions.all()] == [
        "Création à partir de la grille « Agent conversationnel ou assistant vocal »"]


def test_removing_the_environmental_criteria_is_saved_as_draft_with_the_article(client, member):
    grid = _grid(member)
    client.force_login(member)
    env = [i for i, c in enumerate(grid.criteria) if c["environmental"]]
    data = _builder_data(grid, drop=env, weights={0: 55})
    response = client.post(reverse("procurement:edit", args=[grid.pk]), data, follow=True)
    html = response.content.decode()
    grid.refresh_from_db()
    assert not any(c["environmental"] for c in grid.criteria) and grid.version == 2
    assert "Aucun critère ne porte sur les caractéristiques environnementales" in html
    assert "art. L2152-7" in html and "R2152-7" in html
    assert "https://www.legifrance.gouv.fr/eli/decret/2022/5/2/2022-767/jo/texte" in html
    assert "point est à corriger" in html or "points sont à corriger" in html


def test_weights_that_do_not_sum_to_100_are_reported_with_the_total(client, member):
    grid = _grid(member)
    client.force_login(member)
    response = client.post(reverse("procurement:edit", args=[grid.pk]),
                           _builder_data(grid, weights={0: 40}), follow=True)
    assert "La somme des poids fait 105 points au lieu de 100" in response.content.decode()


def test_a_malformed_subcriteria_line_names_the_criterion_and_line_and_saves_nothing(
        client, member):
    grid = _grid(member)
    client.force_login(member)
    response = client.post(reverse("procurement:edit", args=[grid.pk]),
                           _builder_data(grid, subcriteria={1: "Exactitude quinze points"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Critère n° 2" in html and "Ligne 1" in html
    grid.refresh_from_db()
    assert grid.version == 1


def test_a_stale_version_is_refused_and_nothing_is_lost(client, member):
    grid = _grid(member)
    client.force_login(member)
    data = _builder_data(grid, weights={0: 30})
    services.set_clauses(grid=grid, author=member, clause_ids=["reversibilite"], tier="",
                         expected_version=1)
    response = client.post(reverse("procurement:edit", args=[grid.pk]), data)
    assert "a été modifiée par quelqu" in response.content.decode()
    grid.refresh_from_db()
    assert grid.criteria[0]["weight"] == 35


def test_other_collectivites_cannot_see_a_draft_nor_edit_a_published_grid(client, member):
    grid = _grid(member)
    outsider = MembershipFactory().user
    client.force_login(outsider)
    assert client.get(reverse("procurement:detail", args=[grid.pk])).status_code == 404
    services.publish_grid(grid=grid, author=member)
    assert client.get(reverse("procurement:detail", args=[grid.pk])).status_code == 200
    assert client.get(reverse("procurement:edit", args=[grid.pk])).status_code == 403
    assert client.get(reverse("procurement:offers", args=[grid.pk])).status_code == 403
    assert client.get(reverse("procurement:document",
                              args=[grid.pk, "analyse", "pdf"])).status_code == 403


OFFERS = [("Alpha", "30000", 8, "mistral-small-latest", 3000),
          ("Bêta", "25000", 6, "mistral-small-latest", 4000),
          ("Gamma", "40000", 9, "mistral-large-latest", 300000)]


def _offer_data(grid, vendor, price, note, model, requests):
    from recensia.procurement.scoring import scoring_lines

    data = {"vendor": vendor, "price_eur": price, "footprint_kind": "api",
            "api-provider": "mistralai", "api-model": model, "api-requests_per_month": requests,
            "api-use_case": "assistant téléphonique ou conversationnel"}
    for line in scoring_lines(grid.to_grid()):
        if line.method == "note":
            data[f"notes-note_{line.key}"] = note
            data[f"notes-comment_{line.key}"] = f"Justification {vendor} {line.key}"
    return data


def test_three_offers_are_scored_with_footprints_computed_by_the_engine(client, member):
    grid = _grid(member)
    client.force_login(member)
    for row in OFFERS:
        response = client.post(reverse("procurement:offer_add", args=[grid.pk]),
                               _offer_data(grid, *row))
        assert response.status_code == 302, response.content.decode()[:3000]
    gamma = Offer.objects.get(vendor="Gamma")
    expected = footprint.assess(footprint.Inputs(profiles=[footprint.ApiUsage(
        "mistralai", "mistral-large-latest", 300000,
        use_case="assistant téléphonique ou conversationnel")]))
    assert gamma.footprint_range == expected.total.gwp_kgco2e.as_tuple()
    assert gamma.footprint_versions["engine"] == footprint.ENGINE_VERSION
    html = client.get(reverse("procurement:offers", args=[grid.pk])).content.decode()
    assert "Classement" in html and "Alpha" in html and "kg éq. CO2" in html
    assert "Explication du classement" in html
    # criteria are now frozen
    grid.refresh_from_db()
    response = client.post(reverse("procurement:edit", args=[grid.pk]),
                           _builder_data(grid, weights={0: 30}))
    assert "Critères figés" in response.content.decode()
    grid.refresh_from_db()
    assert grid.criteria[0]["weight"] == 35
    report = client.get(reverse("procurement:document", args=[grid.pk, "analyse", "docx"]))
    text = text_of("docx", report.content)
    assert "Justification Alpha 1.0" in text and "Gamma" in text


def test_an_unknown_model_is_reported_on_the_field_and_the_offer_not_saved(client, member):
    grid = _grid(member)
    client.force_login(member)
    data = _offer_data(grid, "Delta", "10000", 5, "mistral-smal", 100)
    response = client.post(reverse("procurement:offer_add", args=[grid.pk]), data)
    assert response.status_code == 200
    assert "mistral-small-latest" in response.content.decode()
    assert not Offer.objects.exists()


def test_a_withdrawn_offer_leaves_the_ranking_but_stays_in_the_history(client, member):
    grid = _grid(member)
    client.force_login(member)
    client.post(reverse("procurement:offer_add", args=[grid.pk]), _offer_data(grid, *OFFERS[0]))
    offer = Offer.objects.get()
    client.post(reverse("procurement:offer_withdraw", args=[grid.pk, offer.pk]),
                {"reason": "Offre remise hors délai"})
    offer.refresh_from_db()
    assert offer.withdrawn and Offer.objects.count() == 1
    assert GridRevision.objects.filter(
        grid=grid, action__contains="Offre remise hors délai").exists()
    html = client.get(reverse("procurement:offers", args=[grid.pk])).content.decode()
    assert "Offres retirées" in html and "Aucune offre n'est encore saisie" in html


def test_publication_is_refused_while_a_legal_check_fails(client, member):
    grid = _grid(member)
    criteria = [c for c in grid.criteria if not c["environmental"]]
    criteria[0]["weight"] = 55
    PurchaseGrid.objects.filter(pk=grid.pk).update(criteria=criteria)
    client.force_login(member)
    response = client.post(reverse("procurement:publish", args=[grid.pk]), follow=True)
    assert "ne peut pas être publiée" in response.content.decode()
    grid.refresh_from_db()
    assert grid.state == GridState.DRAFT


def test_published_grid_is_reused_and_counted_per_collectivite(client, member):
    grid = _grid(member)
    services.publish_grid(grid=grid, author=member)
    for name in ("Commune A", "Commune B"):
        other = MembershipFactory(organization=OrganizationFactory(name=name)).user
        client.force_login(other)
        response = client.post(reverse("procurement:reuse", args=[grid.pk]),
                               {"organization": other.memberships.get().organization_id})
        copy = PurchaseGrid.objects.get(owner__name=name)
        assert response.url == reverse("procurement:edit", args=[copy.pk])
        assert copy.based_on == grid and copy.criteria == grid.criteria
    client.logout()
    html = client.get(reverse("procurement:index")).content.decode()
    assert "utilisée par 2 collectivités" in html
    assert client.get(reverse("procurement:document",
                              args=[grid.pk, "reglement", "odt"])).status_code == 200


def test_archiving_keeps_the_grid(client, member):
    grid = _grid(member)
    client.force_login(member)
    client.post(reverse("procurement:archive", args=[grid.pk]))
    grid.refresh_from_db()
    assert grid.state == GridState.ARCHIVED and PurchaseGrid.objects.count() == 1
    client.post(reverse("procurement:restore", args=[grid.pk]))
    grid.refresh_from_db()
    assert grid.state == GridState.DRAFT
    html = client.get(reverse("procurement:history", args=[grid.pk])).content.decode()
    assert "Archivage" in html and "Sortie des archives" in html


def test_project_page_links_to_purchases_and_clauses_follow_its_compliance(client, member):
    org = member.memberships.get().organization
    project = make_project(owner=org, state=WorkflowState.PUBLISHED)
    html = client.get(project.get_absolute_url()).content.decode()
    assert f"/achats/?projet={project.slug}" in html
    evaluation_services.save_compliance(
        project=project, author=member,
        answers={"declared_role": "deployer", "a3_public_benefits": True, "profiling": True},
        opportunity_answers={}, ethics_answers={})
    project.refresh_from_db()
    assert project.ai_act_tier == "high_risk"
    client.force_login(member)
    client.post(reverse("procurement:create"), {"preset": "documents", "projet": project.slug,
                                                 "organization": org.pk})
    grid = PurchaseGrid.objects.get(project=project)
    assert grid.tier == "high_risk"
    assert {"ai_haut_risque_conformite", "ai_haut_risque_fria", "journaux"} <= set(
        grid.clause_ids)


def test_library_page_lists_every_clause_with_its_source(client):
    html = client.get(reverse("procurement:library")).content.decode()
    assert "Mesure et compte rendu de l&#x27;empreinte environnementale" in html
    assert "MCC-AI" in html and "5 mars 2025" in html


def test_the_service_refuses_new_criteria_once_offers_are_received(member):
    grid = _grid(member)
    services.save_offer(grid=grid, author=member, data=services.OfferData(
        vendor="Alpha", price_eur=None, notes={}, footprint_inputs=None))
    grid.refresh_from_db()
    criteria = [dict(c) for c in grid.criteria]
    criteria[0]["weight"], criteria[1]["weight"] = 30, 35
    data = services.GridData(title=grid.title, subject=grid.subject, launch_date=None,
                             formalised=None, criteria=criteria)
    with pytest.raises(services.GridLocked, match="R2152-11"):
        services.update_grid(grid=grid, author=member, data=data, expected_version=None)
    # the title alone may still change
    data.criteria = grid.criteria
    data.title = "Nouveau titre"
    assert services.update_grid(grid=grid, author=member, data=data,
                                expected_version=None).title == "Nouveau titre"
