"""Fixtures of the footprint engine tests: plain data, no database."""

from __future__ import annotations

import pytest

from recensia.footprint import ApiUsage, EdgeDevices, Gains, Inputs, SelfHosted, TrainingRun

# A realistic CodeCarbon 2.x emissions.csv (OfflineEmissionsTracker, country_iso_code="FRA"):
# two runs of a fine-tuning on one A100 80 GB; emissions = energy × 56.039 g/kWh.
CODECARBON_V2 = (
    "timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,cpu_power,"
    "gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,"
    "country_iso_code,region,cloud_provider,cloud_region,os,python_version,codecarbon_version,"
    "cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,ram_total_size,tracking_mode,"
    "on_cloud,pue\n"
    "2026-03-02T10:15:42,prevision-fuites,3f0b5c1e-8c1d-4d7e-9a51-0c2f1e7b9d10,"
    "5b0fa12a-3dd7-45bb-9766-cc326314d9f1,3600.52,0.019035,5.2868e-06,42.5,285.3,11.8,"
    "0.042506,0.285341,0.011802,0.339649,France,FRA,,,,Linux-5.15.0-105-generic-x86_64-with-"
    "glibc2.35,3.11.7,2.8.3,16,AMD EPYC 7313 16-Core Processor,1,1 x NVIDIA A100-SXM4-80GB,"
    "2.3522,48.8566,31.4,machine,N,1.0\n"
    "2026-03-03T09:02:11,prevision-fuites,a7d4e2f0-1b2c-4e5f-8a9b-0c1d2e3f4a5b,"
    "5b0fa12a-3dd7-45bb-9766-cc326314d9f1,7201.03,0.038071,5.2868e-06,42.5,285.3,11.8,"
    "0.085012,0.570682,0.023604,0.679298,France,FRA,,,,Linux-5.15.0-105-generic-x86_64-with-"
    "glibc2.35,3.11.7,2.8.3,16,AMD EPYC 7313 16-Core Processor,1,1 x NVIDIA A100-SXM4-80GB,"
    "2.3522,48.8566,31.4,machine,N,1.0\n"
)

# CodeCarbon 3.x adds utilisation, water and WUE columns (in another order).
CODECARBON_V3 = (
    "timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,"
    "cpu_utilization_percent,ram_utilization_percent,ram_used_gb,cpu_power,gpu_power,"
    "ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,water_consumed,country_name,"
    "country_iso_code,region,cloud_provider,cloud_region,os,python_version,codecarbon_version,"
    "cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,ram_total_size,tracking_mode,"
    "on_cloud,pue,wue\n"
    "2026-09-14T16:36:57,classification-courriers,0b6f2a8e-5f2d-4c55-a3f3-58d7c6b7e0a1,"
    "e3b0c442-98fc-1c14-9afb-f4c8996fb924,5400.0,0.039730,7.3574e-06,71.2,38.5,24.6,65.0,"
    "240.1,10.0,0.097501,0.360150,0.015001,0.708978,0.0,France,FRA,occitanie,,,Linux-6.8.0-"
    "x86_64-with-glibc2.39,3.12.3,3.0.6,32,Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz,1,"
    "1 x NVIDIA L4,1.4442,43.6047,64.0,machine,N,1.5,0.0\n"
)


@pytest.fixture
def typical_inputs() -> Inputs:
    """A typical 3-profile project of a collectivité."""
    return Inputs(
        profiles=[
            ApiUsage("mistralai", "mistral-small-latest", 3000, use_case="résumé",
                     label="Résumés de délibérations"),
            SelfHosted("L4", 1, 16, 64, 730, 0.2, None, "FRA", requests_per_month=1500,
                       label="Prévision de consommation d'eau"),
            EdgeDevices("camera", 12, None, 1.0, None, label="Caméras de comptage"),
        ],
        trainings=[TrainingRun(hours=20, gpu_model="L4", gpu_count=1, cpu_cores=16, ram_gb=64)],
        gains=Gains(water_m3=1200, energy_kwh=5000, car_km=8000, food_waste_kg=300),
        inhabitants=42_000,
    )
