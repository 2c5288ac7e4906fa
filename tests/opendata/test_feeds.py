"""Atom feed of the newest published projects."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from recensia.opendata.feeds import FEED_SIZE
from recensia.projects.models import Project, WorkflowState
from tests.factories import OrganizationFactory, make_project

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _entries(client):
    response = client.get(reverse("projects-feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)  # noqa: S314 (our own feed)
    return feed, feed.findall(f"{ATOM}entry")


def test_the_feed_lists_the_50_newest_published_projects_newest_first(client):
    owner = OrganizationFactory(name="Plaisir")
    start = timezone.now() - dt.timedelta(days=100)
    for i in range(FEED_SIZE + 3):
        project = make_project(owner=owner, title=f"Projet n° {i}", state=WorkflowState.PUBLISHED)
        Project.objects.filter(pk=project.pk).update(published_at=start + dt.timedelta(days=i))
    make_project(owner=owner, title="Brouillon jamais annoncé")
    feed, entries = _entries(client)
    assert feed.findtext(f"{ATOM}title") == "RecensIA — nouveaux projets publiés"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert len(entries) == FEED_SIZE == 50
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles[0] == "Projet n° 52 — Plaisir"
    assert titles[-1] == "Projet n° 3 — Plaisir"
    assert not any("Brouillon" in t for t in titles)


def test_an_entry_links_to_the_project_and_escapes_its_summary(client):
    project = make_project(title="Tri des courriers", state=WorkflowState.PUBLISHED,
                           short_description="Classer le courrier <script>alert(1)</script> "
                                             "& répondre.")
    _feed, [entry] = _entries(client)
    assert entry.find(f"{ATOM}link").get("href") == \
        f"http://testserver{project.get_absolute_url()}"
    summary = entry.findtext(f"{ATOM}summary")
    assert summary == ("Classer le courrier &lt;script&gt;alert(1)&lt;/script&gt; "
                       "&amp; répondre.")
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == project.owner.name
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == [
        "Eau et assainissement"]
    assert entry.findtext(f"{ATOM}published")
