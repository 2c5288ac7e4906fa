"""Storage and reproducibility: to_dict / from_dict, recomputation."""

from __future__ import annotations

import json

from recensia.footprint import (
    ENGINE_VERSION,
    Inputs,
    Result,
    TrainingRun,
    assess,
    compare_results,
    recompute,
)

from .conftest import CODECARBON_V2


def test_inputs_round_trip(typical_inputs):
    data = typical_inputs.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert Inputs.from_dict(json.loads(json.dumps(data))) == typical_inputs
    with_csv = Inputs(profiles=[], trainings=[TrainingRun(codecarbon_csv=CODECARBON_V2)])
    assert Inputs.from_dict(with_csv.to_dict()) == with_csv


def test_result_round_trip_is_stable(typical_inputs):
    result = assess(typical_inputs)
    data = result.to_dict()
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    again = Result.from_dict(json.loads(text))
    assert again.to_dict() == data
    assert again.total == result.total and again.per_unit == result.per_unit
    assert again.terms == result.terms and again.balance == result.balance
    assert json.dumps(assess(typical_inputs).to_dict(), ensure_ascii=False, sort_keys=True) == text
    assert data["versions"]["engine"] == ENGINE_VERSION


def test_recompute_gives_identical_result_for_identical_data(typical_inputs):
    stored = json.loads(json.dumps(assess(typical_inputs).to_dict()))
    new = recompute(stored)
    assert new.to_dict() == stored
    diff = compare_results(stored, new)
    assert diff["identical"] and diff["versions_changed"] == {}
    assert diff["totals"]["gwp_kgco2e"]["relative_change"] == 0


def test_compare_flags_changed_data_versions(typical_inputs):
    stored = assess(typical_inputs).to_dict()
    stored["versions"]["constants"] = "2020.1"
    stored["total"]["gwp_kgco2e"]["central"] *= 2
    diff = compare_results(stored, recompute(stored))
    assert not diff["identical"]
    assert diff["versions_changed"]["constants"]["old"] == "2020.1"
    assert diff["totals"]["gwp_kgco2e"]["relative_change"] < 0
