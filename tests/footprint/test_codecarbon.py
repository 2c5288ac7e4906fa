"""CodeCarbon's emissions.csv as the input of a training run."""

from __future__ import annotations

import pytest

from recensia.footprint import FootprintError, Inputs, TrainingRun, assess, parse_codecarbon_csv

from .conftest import CODECARBON_V2, CODECARBON_V3


def test_parses_a_codecarbon_2_file():
    s = parse_codecarbon_csv(CODECARBON_V2)
    assert s.rows == 2 and s.runs == 2
    assert s.duration_h == pytest.approx((3600.52 + 7201.03) / 3600)
    assert s.energy_kwh == pytest.approx(0.339649 + 0.679298)
    assert s.emissions_kg == pytest.approx(0.019035 + 0.038071)
    assert s.country_iso_code == "FRA"
    assert s.gpu_model_key == "A100-80" and s.gpu_count == 1 and s.cpu_count == 16
    assert s.pue == 1.0 and not s.pue_included
    assert s.codecarbon_versions == ("2.8.3",)


def test_parses_a_codecarbon_3_file_with_pue_included():
    s = parse_codecarbon_csv(CODECARBON_V3)
    assert s.gpu_model_key == "L4"
    assert s.pue == 1.5 and s.pue_included
    assert s.water_l == 0.0


def test_repeated_flushes_of_one_run_keep_the_last_cumulative_row():
    header, row1 = CODECARBON_V2.splitlines()[:2]
    flushed = row1.replace("3600.52,0.019035", "1800.10,0.009500").replace(
        ",0.339649,", ",0.170000,")
    s = parse_codecarbon_csv("\n".join([header, flushed, row1]) + "\n")
    assert s.rows == 2 and s.runs == 1
    assert s.energy_kwh == pytest.approx(0.339649)


def test_french_excel_export_with_semicolons():
    header, row = CODECARBON_V2.splitlines()[:2]
    fields = row.split(",")
    text = header.replace(",", ";") + "\n" + ";".join(f.replace(".", ",") for f in fields) + "\n"
    s = parse_codecarbon_csv(text)
    assert s.energy_kwh == pytest.approx(0.339649)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda lines: lines[:2] + [lines[2].replace(",0.679298,", ",abc,")],
         "Ligne 3, colonne « energy_consumed » : « abc » n'est pas un nombre"),
        (lambda lines: lines[:2] + [lines[2].replace(",7201.03,", ",-5,")],
         "Ligne 3, colonne « duration » : valeur négative"),
        (lambda lines: lines[:2] + [lines[2].replace(",0.038071,", ",,")],
         "Ligne 3, colonne « emissions » : valeur absente"),
        (lambda lines: lines[:2] + [lines[2] + ",en trop"], "Ligne 3 : 33 valeur(s) pour 32"),
        (lambda lines: [lines[0].replace("energy_consumed", "energie")] + lines[1:],
         "colonne(s) absente(s) de l'en-tête (ligne 1) : energy_consumed"),
        (lambda lines: lines[:1], "aucune mesure"),
        (lambda lines: [""], "vide"),
    ],
)
def test_malformed_files_are_refused_naming_line_and_column(mutate, expected):
    lines = CODECARBON_V2.splitlines()
    with pytest.raises(FootprintError) as exc:
        parse_codecarbon_csv("\n".join(mutate(lines)) + "\n")
    assert expected in exc.value.message


def test_training_from_codecarbon_in_an_assessment():
    result = assess(Inputs(profiles=[], trainings=[
        TrainingRun(codecarbon_csv=CODECARBON_V2, label="Réentraînement annuel")]))
    energy = 0.339649 + 0.679298
    assert result.usage.energy_kwh.central == pytest.approx(energy)
    assert result.usage.energy_kwh.max == pytest.approx(energy * 1.67)  # Green Algorithms v2.2
    cc = 0.019035 + 0.038071
    assert result.usage.gwp_kgco2e.min <= cc <= result.usage.gwp_kgco2e.max
    assert result.embodied.gwp_kgco2e.central > 0  # A100 share for 3 h
    assert any("CodeCarbon" in m for m in result.method)
    assert any(s["key"] == "codecarbon" for s in result.sources)
    assert result.by_profile[0].label == "Réentraînement annuel"


def test_malformed_file_in_an_assessment_names_the_field():
    bad = CODECARBON_V2.replace(",0.679298,", ",n/a,")
    with pytest.raises(FootprintError) as exc:
        assess(Inputs(profiles=[], trainings=[TrainingRun(codecarbon_csv=bad)]))
    assert exc.value.path == ("trainings", 0, "codecarbon_csv")
    assert exc.value.field == "trainings[0].codecarbon_csv"
    assert "Ligne 3" in exc.value.message
