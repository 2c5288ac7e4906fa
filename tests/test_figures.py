"""One rounding policy for every figure shown (pure function, no Django)."""

from __future__ import annotations

import pytest

from recensia import figures as display
from recensia.footprint import Range

NB = "\u202f"


@pytest.mark.parametrize(("value", "digits", "text"), [
    (56.039, 2, "56"),
    (56.039, 3, "56"),
    (0.0000024, 2, "0,0000024"),
    (12345.6, 2, f"12{NB}000"),
    (9.96, 2, "10"),
    (0.152, 3, "0,152"),
    (1.5, 2, "1,5"),
    (32.0, 3, "32"),
    (-0.5, 2, "−0,5"),
    (0, 2, "0"),
])
def test_format_number_keeps_at_most_the_significant_digits(value, digits, text):
    assert display.format_number(value, digits) == text
    assert display.significant_digits(text) <= digits


@pytest.mark.parametrize(("value", "kind", "text"), [
    (1770.0, "gwp", "1,8 t éq. CO2"),
    (0.0025, "gwp", "2,5 g éq. CO2"),
    (0.0000024, "adpe", "2,4 mg éq. antimoine"),
    (850.0, "water", "850 L"),
    (12_000.0, "water", "12 m³"),
    (0.5, "water", "500 mL"),
    (0.032, "energy", "32 Wh"),
    (0.00014, "energy", "0,14 Wh"),  # never « mWh », too close to « MWh »
    (4_500.0, "energy", "4,5 MWh"),
    (0.0, "gwp", "0 kg éq. CO2"),
])
def test_units_keep_numbers_readable(value, kind, text):
    assert display.format_quantity(value, kind) == text


def test_cited_constant_keeps_three_digits():
    assert display.format_quantity(1770.0, "gwp", display.CONSTANT_DIGITS) == "1,77 t éq. CO2"


def test_range_has_one_unit_and_two_digits():
    text = display.format_range(Range(1234.5, 2345.6, 5678.9), "gwp")
    assert text == "1,2 à 5,7 t éq. CO2 (valeur centrale : 2,3 t éq. CO2)"
    assert display.format_range({"min": 3.0, "central": 3.0, "max": 3.0}, "water") == "3 L"


def test_huge_relative_changes_are_said_as_factors():
    assert display.format_change(15318.2) == f"× 15{NB}000"
    assert display.format_change(0.153) == f"+15{NB}%"
    assert display.format_change(-0.5) == f"−50{NB}%"
    assert display.format_change(None) == "—"
    assert display.format_share(0.934) == f"93{NB}%"


def test_impacts_text_covers_the_five_criteria():
    impacts = {f: {"min": 1.0, "central": 2.0, "max": 3.0} for f in display.IMPACT_KINDS}
    text = display.impacts_text(impacts)
    assert set(text) == set(display.IMPACT_KINDS)
    assert text["gwp_kgco2e"].endswith("éq. CO2)") and "kWh" in text["energy_kwh"]


@pytest.mark.parametrize(("text", "digits"), [
    ("56,039", 5), (f"11{NB}600", 3), ("0,0024", 2), ("1531820", 6), ("2", 1), ("10,9", 3),
])
def test_significant_digits_counts_like_a_reader(text, digits):
    assert display.significant_digits(text) == digits
