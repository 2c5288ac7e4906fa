"""Legal checks of a criteria grid: each names its article and its Légifrance link."""

from dataclasses import replace
from datetime import date

import pytest

from recensia.procurement.grid import (
    ERROR,
    METHOD_NOTE,
    METHOD_PRICE,
    OK,
    WARNING,
    Criterion,
    Grid,
    GridError,
    SubCriterion,
    check_grid,
    environmental_obligation_date,
    grid_from_preset,
    presets,
)

AFTER = date(2026, 11, 28)
BEFORE = date(2026, 8, 20)


def _status(grid, check_id, as_of=AFTER):
    check = next(c for c in check_grid(grid, as_of=as_of) if c.id == check_id)
    return check.status, " ".join(check.messages)


def _without_environment(grid):
    return replace(grid, criteria=tuple(c for c in grid.criteria if not c.is_environmental))


def test_the_obligation_date_is_the_one_of_decret_2022_767():
    # Décret n° 2022-767 du 2 mai 2022, art. 13: articles 2 (R2152-7) … in force on
    # 21 August 2026 for consultations launched from that date.
    assert environmental_obligation_date() == date(2026, 8, 21)


@pytest.mark.parametrize("key", ["chatbot", "video", "maintenance", "documents"])
def test_every_preset_passes_every_check(key):
    grid = grid_from_preset(key)
    assert grid.total_weight == 100
    assert [c.id for c in check_grid(grid, as_of=AFTER) if c.status != OK] == []
    assert any(c.is_environmental for c in grid.criteria)


def test_the_four_presets_cover_the_common_purchases():
    assert set(presets()) == {"chatbot", "video", "maintenance", "documents"}


def test_removing_the_environmental_criterion_is_an_error_after_21_august_2026():
    grid = _without_environment(grid_from_preset("chatbot"))
    status, message = _status(grid, "environmental_criterion")
    assert status == ERROR and "21 août 2026" in message
    # before the date it is advice only
    status, _ = _status(replace(grid, launch_date=BEFORE), "environmental_criterion")
    assert status == WARNING


def test_launch_date_rules_over_today():
    grid = replace(_without_environment(grid_from_preset("chatbot")), launch_date=BEFORE)
    assert _status(grid, "environmental_criterion", as_of=AFTER)[0] == WARNING
    grid = replace(grid, launch_date=date(2026, 8, 21))
    assert _status(grid, "environmental_criterion", as_of=BEFORE)[0] == ERROR


def test_an_environmental_criterion_with_no_weight_does_not_count():
    grid = grid_from_preset("chatbot")
    criteria = tuple(replace(c, weight=0) if c.is_environmental else c for c in grid.criteria)
    assert _status(replace(grid, criteria=criteria), "environmental_criterion")[0] == ERROR


def test_weights_must_sum_to_100_and_the_message_gives_the_total():
    grid = grid_from_preset("chatbot")
    first = replace(grid.criteria[0], weight=30)
    status, message = _status(replace(grid, criteria=(first, *grid.criteria[1:])),
                              "weights_sum")
    assert status == ERROR and "95 points au lieu de 100" in message


def test_subcriteria_must_add_up_to_their_criterion():
    grid = grid_from_preset("chatbot")
    technical = grid.criteria[1]
    broken = replace(technical, subcriteria=(SubCriterion("Exactitude", 10),
                                             *technical.subcriteria[1:]))
    status, message = _status(replace(grid, criteria=(grid.criteria[0], broken,
                                                      *grid.criteria[2:])),
                              "subcriteria_weights")
    assert status == ERROR and "« Valeur technique »" in message and "25 points" in message


def test_price_alone_is_refused_unless_it_is_a_life_cycle_cost_with_environment():
    price = Criterion("Prix", 100, METHOD_PRICE, assessment="Prix le plus bas / prix.",
                      subject_link="Le prix.")
    grid = Grid("Achat", "Un service", (price,))
    assert _status(grid, "price_or_cost")[0] == ERROR
    assert _status(grid, "price_or_cost", as_of=BEFORE)[0] == WARNING
    lifecycle = replace(price, label="Coût du cycle de vie", environmental=True)
    assert _status(replace(grid, criteria=(lifecycle,)), "price_or_cost")[0] == OK


def test_several_criteria_without_price_or_cost_are_refused():
    grid = grid_from_preset("chatbot")
    grid = replace(grid, criteria=tuple(c for c in grid.criteria if c.method != METHOD_PRICE))
    assert _status(grid, "price_or_cost")[0] == ERROR


def test_a_criterion_without_scoring_method_or_link_is_flagged():
    grid = grid_from_preset("video")
    vague = replace(grid.criteria[1], assessment="", subject_link="")
    grid = replace(grid, criteria=(grid.criteria[0], vague, *grid.criteria[2:]))
    assert _status(grid, "criteria_measurable")[0] == ERROR
    assert _status(grid, "criteria_linked")[0] == WARNING


def test_a_local_preference_is_flagged_as_contrary_to_equal_treatment():
    grid = grid_from_preset("chatbot")
    local = Criterion("Entreprise locale", 5, METHOD_NOTE, assessment="Oui ou non.",
                      subject_link="Proximité.")
    first = replace(grid.criteria[0], weight=30)
    status, message = _status(replace(grid, criteria=(first, *grid.criteria[1:], local)),
                              "criteria_linked")
    assert status == ERROR and "égalité de traitement" in message


def test_a_low_environmental_weight_is_advice_not_an_error():
    grid = grid_from_preset("chatbot")
    criteria = [replace(c, weight=3) if c.method == "footprint" else c for c in grid.criteria]
    criteria[0] = replace(criteria[0], weight=47)
    status, message = _status(replace(grid, criteria=tuple(criteria)), "environmental_weight")
    assert status == WARNING
    assert "ne fixent pas de minimum" in message


def test_every_check_names_an_article_and_a_legifrance_link():
    for check in check_grid(_without_environment(grid_from_preset("chatbot")), as_of=AFTER):
        assert check.article.startswith(("Code de la commande publique", "Conseil d'État"))
        assert check.url.startswith("https://www.legifrance.gouv.fr/")


def test_malformed_grids_are_refused_with_the_row_named():
    data = grid_from_preset("chatbot").to_dict()
    data["criteria"][2]["weight"] = "quinze"
    with pytest.raises(GridError) as exc:
        Grid.from_dict(data)
    assert exc.value.field == "criteria[2].weight" and "Critère n° 3" in exc.value.message
    data = grid_from_preset("chatbot").to_dict()
    data["criteria"][0]["subcriteria"] = [{"label": "Remise", "weight": 5}]
    with pytest.raises(GridError, match="formule"):
        Grid.from_dict(data)
    data = grid_from_preset("chatbot").to_dict()
    data["criteria"][3]["label"] = data["criteria"][1]["label"]
    with pytest.raises(GridError, match="déjà celui du critère n° 2"):
        Grid.from_dict(data)


def test_round_trip_through_dict():
    grid = replace(grid_from_preset("maintenance"), launch_date=AFTER, formalised=True)
    assert Grid.from_dict(grid.to_dict()) == grid


def test_pure_modules_import_no_django():
    import subprocess
    import sys

    code = ("import sys; import recensia.procurement.grid, recensia.procurement.scoring, "
            "recensia.procurement.clauses, recensia.procurement.documents as d; "
            "d.render(d.rules_blocks(recensia.procurement.grid.grid_from_preset('video'), "
            "organization='C', generated_on=__import__('datetime').date(2026, 11, 28), "
            "methodology_url='x'), 'pdf', title='t', footer='f', "
            "created=__import__('datetime').date(2026, 11, 28)); "
            "assert not any(m.split('.')[0] == 'django' for m in sys.modules), "
            "[m for m in sys.modules if m.startswith('django')]")
    done = subprocess.run([sys.executable, "-W", "error", "-c", code],  # noqa: S603
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
