"""One search request for every entry point: the page « Projets », the suggestions, the API
and the exports read the same text, facets and sort the same way."""

import csv
import io

import pytest
from django.http import QueryDict

from recensia.core.text import SEARCH_MAX_WORD, SEARCH_MAX_WORDS
from recensia.projects.models import WorkflowState
from recensia.search.request import MAX_QUERY_LENGTH, SearchRequest
from tests.factories import OrganizationFactory, make_project

pytestmark = pytest.mark.django_db


def test_the_request_normalises_text_facets_and_sort():
    request = SearchRequest.from_params(QueryDict(
        "q=++fuites+&domaine=eau&domaine=&inconnu=x&solution=%C3%89COSYST%C3%88ME&tri=hasard"))
    assert request.q == "fuites"
    assert request.filters == {"domaine": ["eau"], "solution": ["ecosysteme"]}
    assert request.sort == "pertinence"
    # One bound for every search box: words, letters per word, characters in all.
    assert SearchRequest(q="x" * 500).q == "x" * SEARCH_MAX_WORD
    assert SearchRequest(q="fuite " * 50).q.split() == ["fuite"] * SEARCH_MAX_WORDS
    assert len(SearchRequest(q=" ".join(["y" * SEARCH_MAX_WORD] * 12)).q) == MAX_QUERY_LENGTH


def _csv_titles(response) -> list[str]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [row["title"] for row in csv.DictReader(io.StringIO(text))]


def test_every_entry_point_cuts_the_text_at_the_same_length(client):
    make_project(title="Détection des fuites", state=WorkflowState.PUBLISHED)
    make_project(title="Fuites et inondations", state=WorkflowState.PUBLISHED)
    # Beyond the limit of words, « inondations » is not part of the search anywhere.
    q = " ".join(["fuites"] * SEARCH_MAX_WORDS + ["inondations"])
    both = {"Détection des fuites", "Fuites et inondations"}
    page = client.get("/projets/", {"q": q})
    assert {p.title for p in page.context["results"].projects} == both
    api = client.get("/api/v1/projets", {"q": q}).json()
    assert {item["title"] for item in api["items"]} == both
    assert set(_csv_titles(client.get("/donnees/projets.csv", {"q": q}))) == both
    suggestions = client.get("/projets/suggestions/", {"q": q})
    assert {p.title for p in suggestions.context["projects"]} == both


def test_the_page_the_api_and_the_export_list_the_same_projects_in_the_same_order(client):
    for i, population in enumerate([500, 80_000, 3_000]):
        make_project(title=f"Fuites n° {i}", state=WorkflowState.PUBLISHED,
                     owner=OrganizationFactory(population=population))
    params = {"q": "fuites", "tri": "population"}
    page = [p.title for p in client.get("/projets/", params).context["results"].projects]
    api = [item["title"] for item in client.get("/api/v1/projets", params).json()["items"]]
    export = _csv_titles(client.get("/donnees/projets.csv", params))
    assert page == api == export == ["Fuites n° 1", "Fuites n° 2", "Fuites n° 0"]
