"""The clause library (sources, when to use, footprint data from the engine, AI Act
obligations by tier) and the three documents, parsed back from DOCX, ODT and PDF."""

from dataclasses import fields
from datetime import date

import pytest

from recensia.compliance import load_rules
from recensia.footprint import ApiUsage, EdgeDevices, SelfHosted
from recensia.footprint.inputs import FIELD_LABELS
from recensia.procurement import clauses, documents
from recensia.procurement.grid import grid_from_preset
from recensia.procurement.scoring import OfferData, score_offers, scoring_lines
from tests.procurement.documents import docx_tables, text_of

DAY = date(2026, 11, 28)


def test_every_clause_has_a_source_with_a_link_and_a_note_on_when_to_use_it():
    library = clauses.library()
    assert len(library) >= 15
    for clause in library.values():
        assert clause.when and clause.text and clause.sources
        assert all(s.url.startswith(("https://", "/")) for s in clause.sources), clause.id


def test_obligation_rules_named_by_clauses_exist_in_the_compliance_rules():
    known = {rule.id for rule in load_rules().rules}
    for clause in clauses.library().values():
        assert set(clause.obligation_rules) <= known, clause.id


def test_the_reporting_clause_asks_for_every_input_of_the_footprint_engine():
    text = clauses.library()["compte_rendu_empreinte"].text
    assert "{donnees_empreinte}" not in text
    for klass in (ApiUsage, SelfHosted, EdgeDevices):
        for f in fields(klass):
            if f.name == "label":
                continue
            label = clauses._REPORTED_LABELS.get(f.name) or FIELD_LABELS[f.name]
            assert label in text, f.name
    assert "CodeCarbon" in text and "méthode publique de RecensIA" in text


def test_ai_act_clauses_follow_the_tier_and_the_obligations_retained():
    high = {s.clause.id for s in clauses.suggested_clauses(tier="high_risk")}
    minimal = {s.clause.id for s in clauses.suggested_clauses(tier="minimal")}
    assert {"ai_haut_risque_conformite", "ai_haut_risque_fria", "journaux"} <= high
    assert not {"ai_haut_risque_conformite", "ai_haut_risque_fria"} & minimal
    by_rule = {s.clause.id for s in clauses.suggested_clauses(
        obligation_rules=["ai_art50_1_interaction"])}
    assert "ai_transparence_interaction" in by_rule
    always = {c.id for c in clauses.library().values() if c.always}
    assert always <= minimal and "compte_rendu_empreinte" in always
    assert "secnumcloud" not in high  # proposed only when the data call for it


def test_mcc_ai_clauses_cite_the_march_2025_version():
    cited = [c for c in clauses.library().values()
             if any("MCC-AI" in s.label for s in c.sources)]
    assert len(cited) >= 8
    assert all("5 mars 2025" in s.label for c in cited for s in c.sources if "MCC-AI" in s.label)


def _scoring():
    grid = grid_from_preset("chatbot")
    keys = [line.key for line in scoring_lines(grid) if line.method == "note"]
    offers = [OfferData("1", "Alpha", 30000, dict.fromkeys(keys, 8), (100, 150, 220)),
              OfferData("2", "Bêta", 25000, dict.fromkeys(keys, 6), (180, 260, 400)),
              OfferData("3", "Gamma", 40000, dict.fromkeys(keys, 9), (900, 1300, 2000))]
    return grid, score_offers(grid, offers), offers


@pytest.mark.parametrize("fmt", ["docx", "odt", "pdf"])
def test_the_three_documents_contain_the_criteria_and_weights(fmt):
    grid, result, offers = _scoring()
    rules = documents.render(documents.rules_blocks(
        grid, organization="Commune de Test", generated_on=DAY,
        methodology_url="https://recensia.example/empreinte/methodologie/"), fmt,
        title="RC", footer="Test", created=DAY)
    text = text_of(fmt, rules)
    for c in grid.criteria:
        assert c.label in text.replace("\n", " ")
    assert "Critère n° 1 : Prix (35 points)" in text
    assert "Exactitude des réponses au jeu d'essai : 15 points" in text
    assert "R2152-7" in text

    chosen = clauses.clauses_in_order(["compte_rendu_empreinte", "reversibilite"])
    clause_doc = documents.render(documents.clauses_blocks(
        chosen, title=grid.title, organization="Commune de Test", generated_on=DAY,
        site_url="https://recensia.example"), fmt, title="CCTP", footer="Test", created=DAY)
    text = " ".join(text_of(fmt, clause_doc).split())
    assert "Mesure et compte rendu de l'empreinte environnementale" in text
    assert "Réversibilité et restitution des données" in text
    assert "https://recensia.example/empreinte/methodologie/" in text

    report = documents.render(documents.analysis_blocks(
        grid, result, organization="Commune de Test", generated_on=DAY,
        prices={o.key: o.price for o in offers}, footprints={o.key: o.footprint for o in offers},
        comments={"1": {"1.0": "Réponses exactes à 47 questions sur 50."}},
        versions={"empreinte : engine": "1.0.0"}), fmt, title="Analyse", footer="Test",
        created=DAY)
    text = " ".join(text_of(fmt, report).split())
    assert "Rapport d'analyse des offres" in text
    assert "Alpha" in text and "Gamma" in text and "se chevauchent" in text
    assert "Réponses exactes à 47 questions sur 50." in text


def test_docx_criteria_table_lists_each_weight():
    grid, _result, _offers = _scoring()
    data = documents.render(documents.rules_blocks(
        grid, organization="Commune de Test", generated_on=DAY, methodology_url="x"), "docx",
        title="RC", footer="Test", created=DAY)
    table = docx_tables(data)[0]
    assert table[0] == ["Critère", "Poids (points sur 100)", "Sous-critères et leurs points"]
    weights = {row[0].split(". ", 1)[1].split(" (critère")[0]: row[1] for row in table[1:-1]}
    assert weights == {c.label: f"{c.weight:g}" for c in grid.criteria}
    assert table[-1][:2] == ["Total", "100"]


def test_documents_are_reproducible():
    grid, _result, _offers = _scoring()
    blocks = documents.rules_blocks(grid, organization="C", generated_on=DAY,
                                    methodology_url="x")
    for fmt in ("docx", "odt"):
        assert documents.render(blocks, fmt, title="t", footer="f", created=DAY) == \
            documents.render(blocks, fmt, title="t", footer="f", created=DAY)
