"""Absurd inputs are refused with the field name and a French message."""

from __future__ import annotations

import dataclasses
import math

import pytest

from recensia.footprint import (
    ApiUsage,
    EdgeDevices,
    FootprintError,
    Gains,
    Inputs,
    SelfHosted,
    TrainingRun,
    assess,
)

API = ApiUsage("openai", "gpt-4o-mini", 1000, use_case="rédaction")
SERVER = SelfHosted("H100", 1, 16, 64, 730, 0.5, 1.3, "FRA")
EDGE = EdgeDevices("camera", 10, 6.0, 1.0, 7.0)


def _refused(inputs: Inputs) -> FootprintError:
    with pytest.raises(FootprintError) as exc:
        assess(inputs)
    return exc.value


@pytest.mark.parametrize(
    ("profile", "field", "words"),
    [
        (dataclasses.replace(API, requests_per_month=-3), "profiles[0].requests_per_month",
         "positif ou nul"),
        (dataclasses.replace(API, requests_per_month=math.nan), "profiles[0].requests_per_month",
         "nombre fini"),
        (dataclasses.replace(API, requests_per_month=1e15), "profiles[0].requests_per_month",
         "invraisemblable"),
        (dataclasses.replace(API, requests_per_month=math.inf), "profiles[0].requests_per_month",
         "nombre fini"),
        (dataclasses.replace(API, requests_per_month="beaucoup"),
         "profiles[0].requests_per_month", "doit être un nombre"),
        (dataclasses.replace(API, requests_per_month=True), "profiles[0].requests_per_month",
         "doit être un nombre"),
        (dataclasses.replace(API, output_tokens=0), "profiles[0].output_tokens",
         "strictement positif"),
        (dataclasses.replace(API, output_tokens=12.5), "profiles[0].output_tokens", "entier"),
        (dataclasses.replace(API, use_case="poésie"), "profiles[0].use_case",
         "Cas d'usage inconnu"),
        (dataclasses.replace(API, zone="Mars"), "profiles[0].zone", "Zone d'hébergement inconnue"),
        (dataclasses.replace(API, provider="openia"), "profiles[0].provider",
         "Fournisseur inconnu"),
        (dataclasses.replace(SERVER, utilisation=1.5), "profiles[0].utilisation", "entre 0 et 1"),
        (dataclasses.replace(SERVER, utilisation=80), "profiles[0].utilisation", "0,8"),
        (dataclasses.replace(SERVER, utilisation=-0.1), "profiles[0].utilisation", "entre 0 et 1"),
        (dataclasses.replace(SERVER, pue=0.9), "profiles[0].pue", "inférieur à 1"),
        (dataclasses.replace(SERVER, pue=math.nan), "profiles[0].pue", "doit être un nombre"),
        (dataclasses.replace(SERVER, pue=12), "profiles[0].pue", "invraisemblable"),
        (dataclasses.replace(SERVER, hours_per_month=800), "profiles[0].hours_per_month",
         "invraisemblable"),
        (dataclasses.replace(SERVER, gpu_count=2.5), "profiles[0].gpu_count", "entier"),
        (dataclasses.replace(SERVER, gpu_count=-1), "profiles[0].gpu_count", "positif"),
        (dataclasses.replace(SERVER, gpu_model="H1OO"), "profiles[0].gpu_model",
         "Modèle de GPU inconnu"),
        (dataclasses.replace(SERVER, country="Atlantide"), "profiles[0].country", "Pays inconnu"),
        (dataclasses.replace(SERVER, gpu_count=0, gpu_model=None, cpu_cores=0, ram_gb=0),
         "profiles[0].gpu_count", "Décrivez le matériel"),
        (dataclasses.replace(EDGE, count=-5), "profiles[0].count", "positif"),
        (dataclasses.replace(EDGE, duty_cycle=2), "profiles[0].duty_cycle", "entre 0 et 1"),
        (dataclasses.replace(EDGE, lifetime_years=0), "profiles[0].lifetime_years",
         "strictement positif"),
        (dataclasses.replace(EDGE, power_w=1e9), "profiles[0].power_w", "invraisemblable"),
        (dataclasses.replace(EDGE, device_class="drone"), "profiles[0].device_class",
         "Type d'appareil inconnu"),
    ],
)
def test_absurd_profile_values_are_refused(profile, field, words):
    err = _refused(Inputs(profiles=[profile]))
    assert err.field == field
    assert words in err.message
    assert str(err) == err.message


@pytest.mark.parametrize(
    ("inputs", "field"),
    [
        (Inputs(profiles=[API], gains=Gains(car_km=-10)), "gains.car_km"),
        (Inputs(profiles=[API], gains=Gains(water_m3=math.inf)), "gains.water_m3"),
        (Inputs(profiles=[API], inhabitants=0), "inhabitants"),
        (Inputs(profiles=[API], inhabitants=10**12), "inhabitants"),
        (Inputs(profiles=[], trainings=[TrainingRun(gpu_count=1)]), "trainings[0].hours"),
        (Inputs(profiles=[], trainings=[TrainingRun(hours=-2, gpu_count=1)]), "trainings[0].hours"),
        (Inputs(profiles=[], trainings=[TrainingRun(hours=5)]), "trainings[0].gpu_count"),
        (Inputs(profiles=[]), "profiles"),
    ],
)
def test_other_absurd_inputs_are_refused(inputs, field):
    err = _refused(inputs)
    assert err.field == field
    assert err.message[0].isupper()


def test_unknown_model_lists_close_names_in_french():
    err = _refused(Inputs(profiles=[ApiUsage("openai", "gpt4o-mini", 100)]))
    assert err.path == ("profiles", 0, "model")
    assert err.field == "profiles[0].model"
    assert "inconnu chez OpenAI" in err.message
    assert "Modèles proches" in err.message
    assert "gpt-4o-mini" in err.message


def test_unknown_model_says_which_provider_has_it():
    err = _refused(Inputs(profiles=[ApiUsage("anthropic", "gpt-4o-mini", 100)]))
    assert "Ce modèle existe chez : OpenAI" in err.message


def test_percentage_typed_for_a_fraction_gets_a_hint():
    err = _refused(Inputs(profiles=[dataclasses.replace(SERVER, utilisation=80)]))
    assert "pour 80 %, saisissez 0,8" in err.message


def test_bounds_are_inclusive_of_plausible_values():
    ok = Inputs(profiles=[dataclasses.replace(API, requests_per_month=1e9),
                          dataclasses.replace(SERVER, hours_per_month=744, utilisation=1, pue=1)])
    assert assess(ok).total.gwp_kgco2e.max > 0
