"""The country table is built from EcoLogits' data on first use, not when the engine is
imported (importing the product must not read data files it may not need)."""

import subprocess
import sys

CHECK = """
from recensia import footprint
from recensia.footprint import constants
assert not constants.COUNTRIES.loaded, "COUNTRIES built at import"
assert not constants.GAIN_FACTORS.loaded, "GAIN_FACTORS built at import"
assert footprint.COUNTRIES["FRA"]["name"] == "France"
assert constants.COUNTRIES.loaded
assert constants.GAIN_FACTORS["energy_kwh"].kgco2e_per_unit.min == (
    constants.COUNTRIES["FRA"]["ci_g_per_kwh"].min / 1000.0)
"""


def test_the_country_table_is_built_on_first_use_only():
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True,  # noqa: S603
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
