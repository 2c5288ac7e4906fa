"""The compliance questionnaire of a project, page by page, as a person goes through it
without JavaScript: what the project's form says is reused, follow-ups appear only when
earlier answers make them relevant, and the result reads in plain French."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from recensia.evaluations.models import ComplianceAssessment
from recensia.projects.models import WorkflowState
from tests.evaluations._pages import visible_text
from tests.factories import MembershipFactory, OrganizationFactory, TechniqueFactory, make_project

pytestmark = pytest.mark.django_db


class _Fields(HTMLParser):
    """Names of the questions a person can answer on a page (not the hidden fields)."""

    def __init__(self):
        super().__init__()
        self.asked: list[str] = []
        self.hidden: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name") or ""
        if tag == "input" and a.get("type") == "hidden":
            self.hidden[name] = a.get("value") or ""
        elif tag in ("input", "select") and name.startswith("q-") and name not in self.asked:
            self.asked.append(name)


def fields(html: str) -> _Fields:
    parser = _Fields()
    parser.feed(html)
    return parser


@pytest.fixture
def chatbot():
    member = MembershipFactory(organization=OrganizationFactory(population=924))
    chat = TechniqueFactory(name="Agent conversationnel (chatbot, callbot)", slug="chatbot")
    gen = TechniqueFactory(name="IA générative (modèles de langage)", slug="generative")
    project = make_project(owner=member.organization, state=WorkflowState.DRAFT,
                           title="Assistant du standard", personal_data="yes",
                           decision_role="not_applicable", status="deployed",
                           purpose="Répondre aux appels du standard")
    project.techniques.set([chat, gen])
    return member.user, project


def walk(client, url, answer) -> tuple[list[str], str]:
    """Answers every page with ``answer(field name)`` until the last step; returns the
    questions asked and the last page."""
    html = client.get(url).content.decode()
    asked: list[str] = []
    for _ in range(20):
        page = fields(html)
        if "q-done" in page.hidden:
            return asked, html
        data = {**page.hidden, "action": "continue"}
        for name in page.asked:
            asked.append(name)
            data[name] = answer(name)
        response = client.post(url, data)
        assert response.status_code == 200
        html = response.content.decode()
    raise AssertionError("the questionnaire never ends")


def test_a_bought_chatbot_is_evaluated_in_few_questions_reusing_the_project(client, chatbot):
    user, project = chatbot
    client.force_login(user)
    url = reverse("evaluations:compliance_edit", args=[project.slug])
    first = client.get(url).content.decode()
    text = visible_text(first)
    assert "Déjà indiqué dans la fiche du projet" in text
    assert "Le système utilise-t-il des données personnelles ?" in text
    asked_first = fields(first).asked
    assert "q-declared_role" in asked_first and "q-assesses_people" in asked_first
    for reused in ("q-personal_data", "q-decides_individual", "q-interacts_with_people",
                   "q-generates_content"):
        assert reused not in asked_first  # never asked twice

    answers = {"q-declared_role": "deployer"}
    asked, last = walk(client, url, lambda name: answers.get(name, "no"))
    assert len(asked) <= 15, asked
    assert "q-profiling" not in asked and "q-p_social_scoring" not in asked
    assert "q-deepfake" not in asked  # ruled out: no images, sounds or videos
    assert "q-sensitive_data" in asked  # personal data: the DPIA criteria are asked

    data = {**fields(last).hidden, "action": "save", "o-need": "Répondre aux appels"}
    response = client.post(url, data)
    assert response.status_code == 302
    assessment = ComplianceAssessment.objects.get(project=project)
    assert assessment.tier == "transparency"
    assert assessment.answers["legal"]["personal_data"] is True  # from the project

    page = client.get(reverse("evaluations:compliance", args=[project.slug])).content.decode()
    text = visible_text(page)
    assert "Obligations de transparence" in text
    assert not re.search(r"\b(a3|p|b|cnil)_[a-z_]+\b", text), "an internal id is shown"
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text), "an ISO date is shown"
    assert re.search(r"\b2 août 2026\b", text)


def test_follow_ups_appear_only_when_an_answer_makes_them_relevant(client, chatbot):
    user, project = chatbot
    client.force_login(user)
    url = reverse("evaluations:compliance_edit", args=[project.slug])
    yes_people = {"q-declared_role": "deployer", "q-assesses_people": "yes"}
    asked, _ = walk(client, url, lambda name: yes_people.get(name, "no"))
    assert "q-profiling" in asked and "q-a3_public_benefits" in asked
    asked_no, _ = walk(client, url, lambda name: "deployer" if name == "q-declared_role"
                       else "no")
    assert "q-profiling" not in asked_no and "q-a3_public_benefits" not in asked_no


def test_going_back_keeps_the_answers(client, chatbot):
    user, project = chatbot
    client.force_login(user)
    url = reverse("evaluations:compliance_edit", args=[project.slug])
    page = fields(client.get(url).content.decode())
    data = {**page.hidden, "action": "continue", "q-declared_role": "provider",
            "q-assesses_people": "no"}
    second = fields(client.post(url, data).content.decode())
    back = client.post(url, {**second.hidden, "action": "back"}).content.decode()
    assert 'value="provider" checked' in back or re.search(
        r'<option value="provider" selected', back)
