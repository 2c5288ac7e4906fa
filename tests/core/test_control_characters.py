"""NUL and the other control characters are refused with a French 4xx everywhere a user
enters text: forms, search boxes (addresses), the API and imports. Nothing is stored (the
suite runs on SQLite and on PostgreSQL, which would fail on NUL)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recensia.accounts.services import create_api_token
from recensia.core.text import control_character, validate_no_control_characters
from recensia.opendata.importing import ImportFailed, import_projects
from recensia.opendata.tabular import import_table, read_table
from recensia.projects.models import Project
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("text", "found"), [
    ("a\x00b", "U+0000"), ("\x01", "U+0001"), ("fin\x7f", "U+007F"), ("\x9b", "U+009B"),
    ("Ligne 1\r\nLigne 2\tcolonne", None), ("Œuvre « été » — 12 €", None),
])
def test_control_characters_are_found_but_not_line_ends_nor_tabs(text, found):
    assert control_character(text) == found


@pytest.mark.parametrize("url", ["/projets/?q=fuite%00", "/collectivites/?q=%01Paris",
                                 "/projets/?domaine=%00", "/projets/?q%00=x"])
def test_an_address_with_a_control_character_gets_a_french_400_page(client, url):
    response = client.get(url)
    assert response.status_code == 400
    page = response.content.decode()
    assert "caractère de contrôle invisible" in page and "<main" in page


def test_the_api_refuses_them_in_parameters_and_bodies_with_a_422(client):
    response = client.get("/api/v1/projets?q=%00")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["q"]
    member = MembershipFactory()
    _token, key = create_api_token(user=member.user, organization=member.organization,
                                   name="Outil")
    response = client.post("/api/v1/projets",
                           {"title": "Fuites\u0000", "short_description": "Court.",
                            "sources": [{"url": "https://a.fr", "title": "Titre\u0001"}]},
                           content_type="application/json",
                           headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 422
    assert "title" in response.json()["errors"]
    assert not Project.objects.exists()


def test_a_form_names_the_field_and_keeps_nothing(client):
    member = MembershipFactory()
    client.force_login(member.user)
    response = client.post(reverse("projects:create"), {
        "kind": "ai_system", "title": "Prévision\x01 des repas", "short_description": "Court.",
        "owner": member.organization.pk, "status": "idea", "decision_role": "unknown",
        "secnumcloud": "unknown", "open_source": "unknown", "personal_data": "unknown",
        "dpia_done": "unknown", "fria_done": "unknown",
        "indicateurs-TOTAL_FORMS": 0, "indicateurs-INITIAL_FORMS": 0,
        "sources-TOTAL_FORMS": 0, "sources-INITIAL_FORMS": 0})
    assert response.status_code == 200
    assert "Ce champ contient un caractère de contrôle invisible (U+0001)" in \
        response.content.decode()
    assert not Project.objects.exists()


def test_every_text_field_of_the_site_forms_has_the_check():
    from recensia.accounts.forms import SignupForm
    from recensia.projects.forms import RejectForm
    for form in (SignupForm(), RejectForm()):
        for name, field in form.fields.items():
            if hasattr(field, "max_length"):
                assert validate_no_control_characters in field.validators, name


def test_an_imported_cell_is_refused_with_its_line_and_column(reference_lists):
    member = MembershipFactory()
    content = ("source_id,title,short_description,owner_code\r\n"
               f"a-1,Titre\x00,Court.,{member.organization.insee_code}\r\n").encode()
    report = import_table(read_table("projets.csv", content))
    assert [(p.line, p.column) for p in report.problems] == [(2, "title")]
    assert "caractère de contrôle invisible (U+0000)" in str(report)
    assert not Project.objects.exists()
    with pytest.raises(ImportFailed) as failed:
        import_projects({"format": "recensia-projets", "version": 1, "projects": [
            {"source_id": "b-1", "title": "Titre", "short_description": "Court\x02",
             "owner": {"kind": "commune",
                       "insee_code": member.organization.insee_code}}]})
    assert [p.field for p in failed.value.report.problems] == ["short_description"]


# ---------------------------------------------------------------- search boxes

def test_search_queries_are_cut_to_bounded_words_and_length():
    from recensia.core.text import SEARCH_MAX_WORDS, clip_search
    assert clip_search("  fuites   d'eau ") == "fuites d'eau"
    assert len(clip_search(" ".join(["paris"] * 1000)).split()) == SEARCH_MAX_WORDS
    assert clip_search("a" * 4000) == "a" * 40
    assert len(clip_search(" ".join(["b" * 39] * 12))) == 200


@pytest.mark.parametrize("url", ["/collectivites/?q={}", "/api/v1/collectivites?q={}",
                                 "/projets/?q={}", "/projets/suggestions/?q={}",
                                 "/api/v1/projets?q={}"])
def test_a_thousand_words_or_a_huge_word_in_a_search_box_is_answered(client, url):
    for query in (" ".join(["saint"] * 1000), "x" * 4000):
        assert client.get(url.format(query)).status_code == 200


# ---------------------------------------------------------------- web addresses

@pytest.mark.parametrize("url", ["ftp://example.fr/a", "//example.fr/a", "javascript:alert(1)",
                                 "file:///etc/passwd", "example"])
def test_web_addresses_are_http_or_https_only(client, url):
    member = MembershipFactory()
    _token, key = create_api_token(user=member.user, organization=member.organization,
                                   name="Outil")
    response = client.post("/api/v1/projets",
                           {"title": "Fuites", "short_description": "Court.",
                            "sources": [{"url": url, "title": "Titre"}]},
                           content_type="application/json",
                           headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 422
    assert response.json()["errors"]["sources"] == [
        "Source n° 1, adresse de la source : Adresse web invalide : elle doit commencer par "
        "http:// ou https:// (par exemple https://www.ville.fr/projet)."]
    assert not Project.objects.exists()
