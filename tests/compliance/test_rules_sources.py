"""Every rule links to the article itself and says when it was last checked."""

from __future__ import annotations

import re
from datetime import date

import pytest

from recensia.compliance import load_rules

from ._support import fired, run

RULES = load_rules().rules
# An article, not a whole code: Légifrance article pages, EUR-Lex anchors on an article or
# an annex, or a single non-codified document (a decision, a deliberation, guidelines, a
# report, a set of model clauses).
ARTICLE_LEVEL = (
    re.compile(r"^https://www\.legifrance\.gouv\.fr/codes/article_lc/LEGIARTI\d{12}$"),
    re.compile(r"^https://eur-lex\.europa\.eu/legal-content/FR/TXT/\?uri=CELEX:[0-9A-Z-]+"
               r"#(art_\d+|anx_[IVX]+)$"),
    re.compile(r"^https://www\.conseil-constitutionnel\.fr/decision/\d{4}/\w+\.htm$"),
    re.compile(r"^https://www\.cnil\.fr/fr/[\w-]+$"),
    re.compile(r"^https://ec\.europa\.eu/newsroom/article29/items/\d+$"),
    re.compile(r"^https://www\.senat\.fr/rap/r\d\d-\d+/r\d\d-\d+\.html$"),
    re.compile(r"^https://public-buyers-community\.ec\.europa\.eu/communities/[\w-]+$"),
)


def _article_level(url: str) -> bool:
    return any(p.match(url) for p in ARTICLE_LEVEL)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_has_a_checked_date(rule):
    assert isinstance(rule.checked, date)
    assert date(2026, 11, 1) <= rule.checked <= date(2026, 11, 28)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_links_to_the_article_itself_or_says_why_not(rule):
    if _article_level(rule.source_url):
        assert rule.link_note is None
    else:
        # only purchase rules whose Légifrance article id could not be verified, and they
        # say so to the reader
        assert rule.group == "achat", rule.source_url
        assert rule.link_note
        assert "vérifié" in rule.link_note or "non trouvée" in rule.link_note


def test_only_few_rules_miss_an_article_level_link():
    missing = [r.id for r in RULES if not _article_level(r.source_url)]
    assert len(missing) <= 11, missing
    assert all(r.startswith("achat_") for r in missing)


def test_eur_lex_anchor_matches_the_article_cited():
    for rule in RULES:
        match = re.search(r"#art_(\d+)$", rule.source_url)
        if match:
            assert f"art. {match.group(1)}" in rule.legal_reference, rule.id


def test_legifrance_links_of_the_crpa_rules_are_article_pages():
    by_id = {r.id: r for r in RULES}
    assert by_id["crpa_l311_3_1_explicit_mention"].source_url.endswith("LEGIARTI000033205535")
    assert by_id["crpa_r311_3_1_2_on_request"].source_url.endswith("LEGIARTI000034195881")
    assert by_id["crpa_l312_1_3_publish_rules"].source_url.endswith("LEGIARTI000033205516")


def test_the_link_and_the_checked_date_reach_the_result():
    result = fired(run(decides_individual="partly"), "crpa_l311_3_1_explicit_mention")
    data = result.to_dict()
    assert data["checked"] == "2026-11-28" and data["checked_fr"] == "28 novembre 2026"
    assert data["source_url"].startswith("https://www.legifrance.gouv.fr/codes/article_lc/")


def test_concessions_cite_their_own_article():
    rule = next(r for r in RULES if r.id == "achat_concessions")
    assert "L3124-5" in rule.legal_reference and rule.uncertain is None
