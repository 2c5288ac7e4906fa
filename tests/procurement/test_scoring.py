"""Scoring offers: price formula, committee notes, footprint ranges with no false
precision (overlapping ranges get the same points), ranking and its explanation."""

import pytest

from recensia import footprint
from recensia.procurement.grid import grid_from_preset
from recensia.procurement.scoring import (
    OfferData,
    ScoringError,
    footprint_groups,
    score_offers,
    scoring_lines,
)

GRID = grid_from_preset("chatbot")
NOTE_LINES = [line.key for line in scoring_lines(GRID) if line.method == "note"]


def _offer(key, price, note, fp):
    return OfferData(key, key.capitalize(), price, dict.fromkeys(NOTE_LINES, note), fp)


def test_lines_are_criteria_or_their_subcriteria_and_weigh_100():
    lines = scoring_lines(GRID)
    assert sum(line.weight for line in lines) == 100
    assert [line.method for line in lines].count("footprint") == 1
    assert "Valeur technique — Exactitude des réponses au jeu d'essai" in [
        line.label for line in lines]


def test_price_points_follow_the_announced_formula():
    result = score_offers(GRID, [_offer("a", 20000, 5, None), _offer("b", 40000, 5, None)])
    assert result.offer("a").by_criterion["Prix"] == pytest.approx(35)
    assert result.offer("b").by_criterion["Prix"] == pytest.approx(17.5)


def test_overlapping_ranges_get_the_same_environmental_points():
    offers = [_offer("a", 30000, 5, (100, 150, 220)), _offer("b", 30000, 5, (180, 260, 400)),
              _offer("c", 30000, 5, (900, 1300, 2000))]
    result = score_offers(GRID, offers)
    env = "Empreinte environnementale du service"
    a, b, c = (result.offer(k).by_criterion[env] for k in "abc")
    assert a == b == 15  # indistinguishable: same points, although centrals differ
    assert c == pytest.approx(15 * ((150 + 260) / 2) / 1300)
    assert result.groups[0].offers == ["a", "b"] and result.groups[0].is_tie
    assert any("se chevauchent" in line for line in result.explanation)


def test_a_chain_of_overlaps_is_one_group():
    offers = [_offer("a", 1, 5, (1, 2, 3)), _offer("b", 1, 5, (2.5, 4, 5)),
              _offer("c", 1, 5, (4.5, 6, 8)), _offer("d", 1, 5, (9, 10, 11))]
    groups = footprint_groups(offers)
    assert [g.offers for g in groups] == [["a", "b", "c"], ["d"]]


def test_separate_ranges_are_scored_in_proportion():
    offers = [_offer("a", 1, 5, (90, 100, 110)), _offer("b", 1, 5, (190, 200, 210))]
    result = score_offers(GRID, offers)
    env = "Empreinte environnementale du service"
    assert result.offer("a").by_criterion[env] == 15
    assert result.offer("b").by_criterion[env] == pytest.approx(7.5)


def test_ranges_computed_by_the_engine_for_three_offers():
    def api(model, requests):
        return footprint.assess(footprint.Inputs(profiles=[footprint.ApiUsage(
            "mistralai", model, requests, use_case="assistant téléphonique ou conversationnel")]))

    small, large, huge = (api("mistral-small-latest", 3000), api("mistral-large-latest", 3000),
                          api("mistral-large-latest", 300000))
    ranges = [r.total.gwp_kgco2e.as_tuple() for r in (small, large, huge)]
    result = score_offers(GRID, [_offer(k, 30000, 5, fp) for k, fp in zip("abc", ranges,
                                                                        strict=True)])
    groups = {k: result.offer(k).footprint_group for k in "abc"}
    assert groups["c"] > groups["a"]  # a hundred times the requests: clearly heavier
    env = "Empreinte environnementale du service"
    assert result.offer("a").by_criterion[env] >= result.offer("c").by_criterion[env]


def test_ranking_ties_share_a_rank_and_the_explanation_says_so():
    offers = [_offer("a", 30000, 7, None), _offer("b", 30000, 7, None),
              _offer("c", 60000, 7, None)]
    result = score_offers(GRID, offers)
    assert [o.rank for o in result.offers] == [1, 1, 3]
    assert any("à égalité en tête" in line for line in result.explanation)


def test_explanation_names_the_winner_the_gap_and_the_deciding_criterion():
    offers = [_offer("a", 30000, 9, (100, 150, 220)), _offer("b", 25000, 5, (180, 260, 400))]
    result = score_offers(GRID, offers)
    assert result.offers[0].offer.key == "a"
    text = " ".join(result.explanation)
    assert "L'offre « A » est classée première" in text
    assert "Elle devance « B »" in text and "« Valeur technique »" in text


def test_missing_data_scores_zero_and_is_reported():
    result = score_offers(GRID, [OfferData("a", "Alpha", None, {}, None),
                                 _offer("b", 30000, 5, (1, 2, 3))])
    alpha = result.offer("a")
    assert alpha.total == 0 and alpha.missing
    assert any("Données manquantes pour « Alpha »" in line for line in result.explanation)


def test_the_environmental_criterion_changing_the_winner_is_said():
    offers = [_offer("a", 30000, 8, (5000, 6000, 7000)), _offer("b", 30000, 7, (10, 20, 30))]
    result = score_offers(GRID, offers)
    assert result.offers[0].offer.key == "b"
    assert any("change le classement" in line for line in result.explanation)


@pytest.mark.parametrize("offer, field", [
    (OfferData("a", "A", -5), "offers[0].price"),
    (OfferData("a", "A", 10, {"1.0": 11}), "offers[0].notes.1.0"),
    (OfferData("a", "A", 10, {}, (5, 2, 3)), "offers[0].footprint"),
])
def test_invalid_offers_are_refused_with_the_field(offer, field):
    with pytest.raises(ScoringError) as exc:
        score_offers(GRID, [offer])
    assert exc.value.field == field and "Offre n° 1 (A)" in exc.value.message
