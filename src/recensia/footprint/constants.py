"""Constants table of the footprint engine, each value with its source.

Nothing here is copied from a third-party data file: EcoLogits' own figures (models,
electricity mixes, regression coefficients) are read at run time from the pinned
``ecologits`` package; the other numbers below are *cited* (a handful of values from
publications, Green Algorithms, CodeCarbon, Boavizta and ADEME), each with a source key
that resolves in ``SOURCES``. Values marked ``hypothesis=True`` are Recensia's own
orders of magnitude where no open source was found: results using them say so.

Bump ``CONSTANTS_VERSION`` / ``CONSTANTS_DATE`` whenever a number changes, so a stored
assessment can be recomputed and compared (see ``recensia.footprint.recompute``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .ranges import Range

CONSTANTS_VERSION = "2026.11.3"
CONSTANTS_DATE = "2026-11-28"

HOURS_PER_YEAR = 8760.0
MONTHS_PER_YEAR = 12
LB_TO_KG = 0.45359237  # international avoirdupois pound (exact, 1959 agreement)

# --------------------------------------------------------------------------------------
# Sources. Keys are referenced everywhere below; a result lists the ones it used.
# --------------------------------------------------------------------------------------
SOURCES: dict[str, dict[str, str]] = {
    "ecologits": {
        "name": "EcoLogits (GenAI Impact, CodeCarbon) — impacts de l'IA générative via API",
        "url": "https://ecologits.ai/",
        "licence": "MPL-2.0 (code) ; CC BY-SA 4.0 (méthodologie)",
        "version": "paquet ecologits (version exacte dans « versions »)",
        "date": "2026-10",
    },
    "ecologits_calculator": {
        "name": "EcoLogits Calculator — scénarios d'usage (nombre de jetons générés)",
        "url": "https://huggingface.co/spaces/genai-impact/ecologits-calculator",
        "licence": "CC BY-SA 4.0",
        "version": "dépôt mlco2/ecologits-calculator, src/config/scenarios.py et constants.py",
        "date": "2025",
    },
    "green_algorithms": {
        "name": "Green Algorithms (Lannelongue, Grealey, Inouye, Advanced Science, 2021)",
        "url": "https://calculator.green-algorithms.org/",
        "licence": "CC BY 4.0",
        "version": "formule E = t·(cœurs·P·u + GPU·P·u + RAM·0,3725)·PUE ; données v2.2",
        "date": "2021 (article) ; 2022 (données v2.2)",
    },
    "green_algorithms_ci": {
        "name": "Green Algorithms, intensité carbone par pays (CI_aggregated.csv v2.2 : "
                "AIB 2021 sur données 2020, EPA eGRID 2019, AIE 2019 pour le monde)",
        "url": "https://github.com/GreenAlgorithms/green-algorithms-tool",
        "licence": "CC BY 4.0",
        "version": "v2.2",
        "date": "2022 (données 2019-2020)",
    },
    "codecarbon": {
        "name": "CodeCarbon — mesure de l'énergie des calculs et fichier emissions.csv",
        "url": "https://github.com/mlco2/codecarbon",
        "licence": "MIT",
        "version": "format emissions.csv 2.x-3.x ; PUE appliqué à l'énergie depuis 2.2.3",
        "date": "2023-2026",
    },
    "codecarbon_ci": {
        "name": "CodeCarbon, intensité carbone par pays (global_energy_mix.json, d'après "
                "Our World in Data) : France 56 g/kWh (données 2023), autres pays "
                "données 2021",
        "url": "https://github.com/mlco2/codecarbon",
        "licence": "MIT (données OWID CC BY 4.0)",
        "version": "global_energy_mix.json",
        "date": "2021-2023",
    },
    "rte_bilan_2023": {
        "name": "RTE, Bilan électrique 2023 : intensité carbone de la production "
                "d'électricité en France, 32 gCO2e par kWh produit (année 2023 ; émissions "
                "de la production, sans la fabrication des installations)",
        "url": "https://analysesetdonnees.rte-france.com/bilan-electrique-2023/emissions",
        "licence": "données publiques de RTE (citées)",
        "version": "Bilan électrique 2023, chapitre « Émissions »",
        "date": "2024 (données de l'année 2023)",
    },
    "boavizta": {
        "name": "BoaviztAPI (Boavizta) — impacts de fabrication du matériel",
        "url": "https://github.com/Boavizta/boaviztapi",
        "licence": "AGPL-3.0 — seuls des chiffres sont cités, ni code ni données repris",
        "version": "2.5.0",
        "date": "2025",
    },
    "nvidia_pcf": {
        "name": "NVIDIA, Product Carbon Footprint (PCF) Summary, HGX H100",
        "url": "https://images.nvidia.com/aem-dam/Solutions/documents/HGX-H100-PCF-Summary.pdf",
        "licence": "document public du fabricant (cité)",
        "version": "résumé PCF HGX H100",
        "date": "non datée (consultée en 2026)",
    },
    "nvidia_datasheets": {
        "name": "NVIDIA, fiches techniques des GPU (puissance maximale TDP, mémoire)",
        "url": "https://www.nvidia.com/en-us/data-center/",
        "licence": "documents publics du fabricant (cités)",
        "version": "H100, H200, L40S, L4, A10 ; GeForce RTX 4090",
        "date": "2020-2024",
    },
    "green_algorithms_tdp": {
        "name": "Green Algorithms, table des TDP des GPU (TDP_gpu.csv)",
        "url": "https://github.com/GreenAlgorithms/green-algorithms-tool",
        "licence": "CC BY 4.0",
        "version": "data/latest/TDP_gpu.csv",
        "date": "2022",
    },
    "recensia_h200": {
        "name": "Mesure Recensia : énergie d'un GPU NVIDIA H200 en génération Hugging Face "
                "(modèles de forme Llama 1,5 et 8 milliards de paramètres, lots 1, 8, 64)",
        "url": "shared/data/mesures/gpu_energy_h200_hf_generate.csv",
        "licence": "Recensia (données du projet)",
        "version": "6 mesures, repos 76 W",
        "date": "2026",
    },
    "thegreengrid_wue": {
        "name": "The Green Grid, Water Usage Effectiveness (WUE) — moyenne 1,8 L/kWh",
        "url": "https://www.thegreengrid.org/",
        "licence": "document public (cité)",
        "version": "WP #35",
        "date": "2011",
    },
    "ademe_impactco2": {
        "name": "ADEME, Impact CO2 — facteurs transport (Base Empreinte)",
        "url": "https://impactco2.fr/",
        "licence": "code MIT ; données ADEME (conditions de réutilisation d'Impact CO2)",
        "version": "fichier de données deplacement.json d'Impact CO2 : voiture thermique "
                   "0,218 kgCO2e/km ; voiture électrique 0,103 ; TGV 0,00293 ; avion "
                   "long-courrier 0,152 kgCO2e par passager et par km ; aller-retour "
                   "Paris–New York 1 770 kgCO2e pour 11 600 km",
        "date": "relevés le 28 novembre 2026",
    },
    "ademe_base_carbone_gas": {
        "name": "ADEME, Base Empreinte — gaz naturel (combustion et amont), 0,227 kgCO2e/kWh PCI",
        "url": "https://base-empreinte.ademe.fr/",
        "licence": "conditions générales d'utilisation de l'ADEME",
        "version": "gaz naturel, France continentale",
        "date": "2022",
    },
    "esu_tap_water": {
        "name": "Jungbluth, König, Keller (ESU-services), Écobilan de l'eau potable, Aqua & Gas "
                "n° 1 — environ 0,1 gCO2e par litre d'eau du robinet",
        "url": "https://esu-services.ch/",
        "licence": "article publié (cité)",
        "version": "Aqua & Gas n° 1",
        "date": "2015",
    },
    "fao_food_wastage": {
        "name": "FAO, Food Wastage Footprint: Impacts on Natural Resources — 3,3 Gt CO2e "
                "pour 1,3 Gt de nourriture perdue ou gaspillée (≈ 2,5 kgCO2e/kg)",
        "url": "https://www.fao.org/3/i3347e/i3347e.pdf",
        "licence": "document public FAO (cité)",
        "version": "rapport de synthèse",
        "date": "2013",
    },
    "ademe_food_waste": {
        "name": "ADEME, Pertes et gaspillages alimentaires : l'état des lieux et leur gestion "
                "par étapes de la chaîne alimentaire — 10 Mt, 15,3 Mt CO2e (≈ 1,5 kgCO2e/kg)",
        "url": "https://librairie.ademe.fr/",
        "licence": "document public ADEME (cité)",
        "version": "étude INCOME Consulting / AK2C pour l'ADEME",
        "date": "2016",
    },
    "ieee_poe": {
        "name": "IEEE 802.3af/at (Power over Ethernet) : environ 13 W puis 25,5 W au plus "
                "côté appareil alimenté",
        "url": "https://en.wikipedia.org/wiki/Power_over_Ethernet",
        "licence": "norme IEEE citée (résumé Wikipédia, CC BY-SA 4.0)",
        "version": "802.3af-2003, 802.3at-2009",
        "date": "2003-2009",
    },
    "nvidia_jetson": {
        "name": "NVIDIA, modules Jetson Orin (Nano 7-15 W, NX 10-25 W, AGX 15-60 W)",
        "url": "https://developer.nvidia.com/embedded/jetson-modules",
        "licence": "documents publics du fabricant (cités)",
        "version": "Jetson Orin",
        "date": "2023",
    },
    "axis_lca": {
        "name": "Axis Communications, analyse de cycle de vie d'une caméra PTZ Q6032-E (durée "
                "de vie 10 ans) : l'usage domine l'impact",
        "url": "https://stgwordpress.ifsecglobal.com/uncategorized/the-networker-sustainability-and-surveillance/amp/",
        "licence": "article public (cité)",
        "version": "article « The networker: sustainability and surveillance »",
        "date": "non datée",
    },
    "recensia_typical_models": {
        "name": "Modèles types d'un service acheté (liste RecensIA) : petits et grands modèles "
                "de Mistral AI, OpenAI et Anthropic, chacun dans la zone que déclare son "
                "fournisseur, quand l'acheteur ne connaît pas le modèle",
        "url": "shared/docs/empreinte-methodologie.md",
        "licence": "Recensia",
        "version": "table des constantes (version dans « versions »)",
        "date": CONSTANTS_DATE,
    },
    "recensia_service_hypothesis": {
        "name": "Hypothèse Recensia sur le nombre de questions par conversation, par appel ou "
                "par agent (ordre de grandeur, faute de mesure publiée) — à remplacer par le "
                "nombre de requêtes que donne l'éditeur",
        "url": "shared/docs/empreinte-methodologie.md",
        "licence": "Recensia",
        "version": "table des constantes (version dans « versions »)",
        "date": CONSTANTS_DATE,
    },
    "recensia_hypothesis": {
        "name": "Hypothèse Recensia (ordre de grandeur, faute de source ouverte) — à affiner "
                "avec la fiche environnementale du fabricant",
        "url": "shared/docs/empreinte-methodologie.md",
        "licence": "Recensia",
        "version": "table des constantes (version dans « versions »)",
        "date": CONSTANTS_DATE,
    },
    "uptime_pue": {
        "name": "Green Algorithms v2.2 (defaults_PUE.csv) — PUE d'un centre de données "
                "inconnu : 1,67, moyenne de l'Uptime Institute 2019 ; grands clouds 1,1 à "
                "1,2 (l'enquête Uptime 2024 donne 1,56)",
        "url": "https://github.com/GreenAlgorithms/green-algorithms-tool",
        "licence": "CC BY 4.0",
        "version": "data/v2.2/defaults_PUE.csv",
        "date": "2022 (donnée Uptime Institute 2019)",
    },
    "strubell2019": {
        "name": "Strubell, Ganesh, McCallum, Energy and Policy Considerations for Deep "
                "Learning in NLP, ACL 2019 (UMass Amherst)",
        "url": "https://aclanthology.org/P19-1355/",
        "licence": "ACL Anthology (CC BY 4.0)",
        "version": "tableau 1 et étude de cas (section 4)",
        "date": "2019",
    },
    "patterson2021": {
        "name": "Patterson et al., Carbon Emissions and Large Neural Network Training "
                "(GPT-3 : 1,3 GWh, 552 tCO2e)",
        "url": "https://arxiv.org/abs/2104.10350",
        "licence": "arXiv (cité)",
        "version": "v3",
        "date": "2021",
    },
    "li2023": {
        "name": "Li, Yang, Islam, Ren, Making AI Less “Thirsty” (UC Riverside, UT Arlington)",
        "url": "https://arxiv.org/abs/2304.03271",
        "licence": "arXiv (cité)",
        "version": "préprint",
        "date": "2023",
    },
    "afnor_spec_2314": {
        "name": "AFNOR Spec 2314, Référentiel général pour l'IA frugale (31 bonnes pratiques)",
        "url": "https://www.afnor.org/",
        "licence": "document gratuit de l'AFNOR (cité)",
        "version": "juin 2024, mis à jour en avril 2025",
        "date": "2024",
    },
}

# --------------------------------------------------------------------------------------
# Electricity: carbon intensity per country (gCO2e/kWh), spread of sources.
# EcoLogits' value is read from the installed package at import time (not copied).
# --------------------------------------------------------------------------------------


# (source key, gCO2e/kWh, note) per country; EcoLogits' own value is added at import time.
_COUNTRY_CITED: dict[str, tuple[str, tuple[tuple[str, float, str], ...]]] = {
    "FRA": ("France", (
        ("rte_bilan_2023", 32.0, "RTE, production 2023"),
        ("green_algorithms_ci", 51.28, "AIB, données 2020"),
        ("codecarbon_ci", 56.039, "OWID, données 2023"),
        ("boavizta", 98.0, "BoaviztAPI 2.5.0"),
    )),
    "DEU": ("Allemagne", (
        ("green_algorithms_ci", 338.66, "AIB, données 2020"),
        ("codecarbon_ci", 365.477, "OWID, données 2021"),
    )),
    "SWE": ("Suède", (("green_algorithms_ci", 5.67, "AIB, données 2020"),)),
    "IRL": ("Irlande", (("green_algorithms_ci", 335.99, "AIB, données 2020"),)),
    "NLD": ("Pays-Bas", (("green_algorithms_ci", 374.34, "AIB, données 2020"),)),
    "USA": ("États-Unis", (("green_algorithms_ci", 423.94, "EPA eGRID, données 2019"),)),
    "WOR": ("Monde (moyenne)", (("green_algorithms_ci", 475.0, "AIE, données 2019"),)),
    "BEL": ("Belgique", (("green_algorithms_ci", 161.89, "AIB, données 2020"),)),
    "ESP": ("Espagne", (
        ("green_algorithms_ci", 171.03, "AIB, données 2020"),
        ("codecarbon_ci", 193.863, "OWID, données 2021"),
    )),
    "ITA": ("Italie", (
        ("green_algorithms_ci", 323.84, "AIB, données 2020"),
        ("codecarbon_ci", 340.794, "OWID, données 2021"),
    )),
    "GBR": ("Royaume-Uni", (
        ("green_algorithms_ci", 231.12, "DEFRA/BEIS 2021"),
        ("codecarbon_ci", 268.329, "OWID, données 2021"),
    )),
    "FIN": ("Finlande", (
        ("green_algorithms_ci", 95.32, "AIB, données 2020"),
        ("codecarbon_ci", 145.541, "OWID, données 2021"),
    )),
    "POL": ("Pologne", (("green_algorithms_ci", 759.62, "AIB, données 2020"),)),
    "NOR": ("Norvège", (("green_algorithms_ci", 7.62, "AIB, données 2020"),)),
    "CHE": ("Suisse", (("green_algorithms_ci", 11.52, "AIB, données 2020"),)),
}


class LazyMapping(Mapping[str, Any]):
    """A read-only table computed on first use, not when the module is imported (building it
    reads EcoLogits' data files)."""

    def __init__(self, build: Callable[[], dict[str, Any]]) -> None:
        self._build = build
        self._data: dict[str, Any] | None = None

    @property
    def loaded(self) -> bool:
        return self._data is not None

    def _table(self) -> dict[str, Any]:
        if self._data is None:
            self._data = self._build()  # deterministic: a concurrent double build is harmless
        return self._data

    def __getitem__(self, key: str) -> Any:
        return self._table()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


def _build_countries() -> dict[str, dict]:
    from ecologits.electricity_mix_repository import electricity_mixes

    out: dict[str, dict] = {}
    for code, (name, cited) in _COUNTRY_CITED.items():
        mix = electricity_mixes.find_electricity_mix(zone=code)
        if mix is None:  # pragma: no cover - guarded by tests on the pinned version
            raise RuntimeError(f"zone {code} absente d'EcoLogits")
        values = [("ecologits", mix.gwp * 1000.0, "d'après Our World in Data")]
        values.extend(cited)
        ci = Range.spread([v for _, v, _ in values])
        out[code] = {
            "code": code,
            "name": name,
            "ci_g_per_kwh": ci,
            "ci_sources": tuple(values),
            "adpe_kgsb_per_kwh": mix.adpe,
            "pe_mj_per_kwh": mix.pe,
            "wue_mix_l_per_kwh": mix.wue,
        }
    return out


#: Countries accepted for self-hosting, training and edge devices (ISO 3166-1 alpha-3,
#: plus "WOR" for the world average). ``ci_g_per_kwh`` is a Range: min and max of the
#: sources, central = their median.
COUNTRIES: Mapping[str, dict] = LazyMapping(_build_countries)

# --------------------------------------------------------------------------------------
# Data centre (self-hosting): PUE and on-site water (WUE) when unknown.
# --------------------------------------------------------------------------------------
DEFAULT_PUE = Range(1.09, 1.67, 2.0)
DEFAULT_PUE_NOTE = (
    "PUE inconnu : 1,67 (valeur par défaut de Green Algorithms v2.2 pour un centre de "
    "données inconnu, moyenne de l'Uptime Institute 2019), de 1,09 (grands clouds) à 2,0 "
    "(petite salle informatique, hypothèse RecensIA)"
)
# On-site water of the data centre (L per kWh of IT energy): 0 for air cooling without
# evaporation, 0.569 = median of the providers' disclosed values in EcoLogits
# (Mistral 0.09, OpenAI/Microsoft 0.569, Google 0.999), 1.8 = The Green Grid average.
DEFAULT_WUE_SITE = Range(0.0, 0.569, 1.8)

# --------------------------------------------------------------------------------------
# Green Algorithms power model.
# --------------------------------------------------------------------------------------
CPU_CORE_POWER_W = 12.0  # Green Algorithms default per core
RAM_POWER_W_PER_GB = 0.3725  # Green Algorithms
GPU_DEFAULT_TDP_W = 200.0  # Green Algorithms "Any" GPU
H200_IDLE_W = 76.0  # Recensia measurement (CSV)
H200_TDP_W = 700.0
GPU_IDLE_FRACTION = H200_IDLE_W / H200_TDP_W  # ≈ 0.109, applied to GPUs not measured

# --------------------------------------------------------------------------------------
# Embodied impacts of hardware (manufacturing), cited numbers.
# --------------------------------------------------------------------------------------
#: One H100-class GPU, kgCO2e: NVIDIA PCF 164 · EcoLogits 273 · Boavizta ≈ 575.
GPU_EMBODIED_GWP = Range(164.0, 273.0, 575.0)
#: EcoLogits' per-GPU ADPe (kgSb eq) and PE (MJ), scaled with the same relative spread.
GPU_EMBODIED_ADPE = Range(0.00895 * 164 / 273, 0.00895, 0.00895 * 575 / 273)
GPU_EMBODIED_PE = Range(3721.0 * 164 / 273, 3721.0, 3721.0 * 575 / 273)
GPU_LIFETIME_YEARS = 3.0  # EcoLogits, Boavizta default for GPUs
#: Mid-size server without GPU, France, per year of a 4-year life (Boavizta): 240 (115–522).
SERVER_EMBODIED_GWP_PER_YEAR = Range(115.0, 240.0, 522.0)
SERVER_LIFETIME_YEARS = 4.0
#: EcoLogits' 8-GPU server chassis (5,700 kgCO2e over 3 years): upper bound for GPU servers.
ECOLOGITS_SERVER_GWP = 5700.0
ECOLOGITS_SERVER_LIFETIME_YEARS = 3.0
#: ADPe and PE per kgCO2e of manufacturing, taken from EcoLogits' server (0.37 kgSb,
#: 70,000 MJ for 5,700 kgCO2e) and GPU (0.00895 kgSb, 3,721 MJ for 273 kgCO2e).
SERVER_ADPE_PER_KGCO2E = 0.37 / 5700.0
SERVER_PE_PER_KGCO2E = 70000.0 / 5700.0
ELECTRONICS_ADPE_PER_KGCO2E = 0.00895 / 273.0
ELECTRONICS_PE_PER_KGCO2E = 3721.0 / 273.0
GPUS_PER_SERVER = 8


@dataclass(frozen=True)
class GpuModel:
    key: str
    label: str
    tdp_w: float
    idle_w: float
    memory_gb: float
    embodied_scale: float  # × the H100-class spread
    tdp_source: str
    idle_measured: bool = False
    notes: str = ""

    @property
    def embodied_gwp(self) -> Range:
        return GPU_EMBODIED_GWP * self.embodied_scale

    @property
    def embodied_adpe(self) -> Range:
        return GPU_EMBODIED_ADPE * self.embodied_scale

    @property
    def embodied_pe(self) -> Range:
        return GPU_EMBODIED_PE * self.embodied_scale


def _gpu(key, label, tdp, memory, source, scale=None, idle=None, notes=""):
    measured = idle is not None
    return GpuModel(
        key=key, label=label, tdp_w=tdp,
        idle_w=idle if measured else round(tdp * GPU_IDLE_FRACTION, 1),
        memory_gb=memory,
        embodied_scale=scale if scale is not None else min(1.0, memory / 80.0),
        tdp_source=source, idle_measured=measured, notes=notes,
    )


#: GPU models for self-hosting and training. Embodied: H100-class spread for HBM
#: data-centre GPUs; other GPUs scaled by memory / 80 GB (Recensia extrapolation: no LCA
#: is published for them). Idle power: measured for the H200, 10.9 % of TDP elsewhere.
GPU_MODELS: dict[str, GpuModel] = {
    g.key: g
    for g in (
        _gpu("H100", "NVIDIA H100 SXM 80 Go", 700, 80, "nvidia_datasheets", scale=1.0),
        _gpu("H200", "NVIDIA H200 SXM 141 Go", 700, 141, "nvidia_datasheets", scale=1.0,
             idle=H200_IDLE_W,
             notes="fabrication : fourchette H100 (probablement sous-estimée, 141 Go de HBM)"),
        _gpu("A100-80", "NVIDIA A100 80 Go (PCIe)", 300, 80, "green_algorithms_tdp", scale=1.0),
        _gpu("A100-40", "NVIDIA A100 40 Go (PCIe)", 250, 40, "green_algorithms_tdp"),
        _gpu("L40S", "NVIDIA L40S 48 Go", 350, 48, "nvidia_datasheets"),
        _gpu("L4", "NVIDIA L4 24 Go", 72, 24, "nvidia_datasheets"),
        _gpu("A10", "NVIDIA A10 24 Go", 150, 24, "nvidia_datasheets"),
        _gpu("T4", "NVIDIA Tesla T4 16 Go", 70, 16, "green_algorithms_tdp"),
        _gpu("V100", "NVIDIA Tesla V100 32 Go", 300, 32, "green_algorithms_tdp"),
        _gpu("RTX4090", "NVIDIA GeForce RTX 4090 24 Go", 450, 24, "nvidia_datasheets"),
        _gpu("GENERIC", "GPU non précisé", GPU_DEFAULT_TDP_W, 40, "green_algorithms_tdp",
             notes="valeurs par défaut de Green Algorithms (200 W) ; fabrication : moitié "
                   "de la fourchette H100"),
    )
}

# --------------------------------------------------------------------------------------
# Devices at the edge.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeviceClass:
    key: str
    label: str  # singular, French
    plural: str  # « des caméras »
    power_w: Range
    embodied_gwp: Range  # kgCO2e per device (manufacturing)
    lifetime_years: Range
    power_sources: tuple[str, ...]
    embodied_sources: tuple[str, ...]
    embodied_hypothesis: bool = True
    notes: str = ""


#: Default ranges per device class. Power is sourced (PoE limits, NVIDIA module
#: datasheets); manufacturing impacts are Recensia orders of magnitude (no open LCA found):
#: results using them carry a warning inviting the user to ask the maker for its PEP.
DEVICE_CLASSES: dict[str, DeviceClass] = {
    d.key: d
    for d in (
        DeviceClass(
            key="camera", label="caméra IA", plural="caméras",
            power_w=Range(4.0, 7.0, 12.95),
            embodied_gwp=Range(20.0, 40.0, 100.0),
            lifetime_years=Range(5.0, 7.0, 10.0),
            power_sources=("ieee_poe",),
            embodied_sources=("recensia_hypothesis", "axis_lca"),
            notes="caméra IP alimentée en PoE (802.3af : environ 13 W au plus) avec analyse vidéo",
        ),
        DeviceClass(
            key="sensor", label="capteur connecté", plural="capteurs",
            power_w=Range(0.001, 0.01, 0.1),
            embodied_gwp=Range(1.0, 3.0, 10.0),
            lifetime_years=Range(5.0, 8.0, 10.0),
            power_sources=("recensia_hypothesis",),
            embodied_sources=("recensia_hypothesis",),
            notes="capteur sur pile (LoRaWAN, NB-IoT) : puissance moyenne de l'ordre du mW",
        ),
        DeviceClass(
            key="edge_box", label="boîtier d'IA embarquée", plural="boîtiers d'IA embarquée",
            power_w=Range(7.0, 15.0, 60.0),
            embodied_gwp=Range(20.0, 50.0, 150.0),
            lifetime_years=Range(4.0, 5.0, 7.0),
            power_sources=("nvidia_jetson",),
            embodied_sources=("recensia_hypothesis",),
            notes="boîtier type NVIDIA Jetson Orin (Nano 7-15 W … AGX 15-60 W)",
        ),
        DeviceClass(
            key="gateway", label="passerelle radio", plural="passerelles radio",
            power_w=Range(3.0, 6.0, 12.0),
            embodied_gwp=Range(10.0, 30.0, 80.0),
            lifetime_years=Range(5.0, 7.0, 10.0),
            power_sources=("recensia_hypothesis",),
            embodied_sources=("recensia_hypothesis",),
            notes="passerelle LoRaWAN ou 4G alimentée sur secteur",
        ),
    )
}

# --------------------------------------------------------------------------------------
# Generative AI use cases: typical output tokens per request.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UseCase:
    key: str
    output_tokens: int
    produces_document: bool
    source: str
    note: str


#: Keys are the French labels users pick. Defaults follow the EcoLogits Calculator
#: scenarios (CC BY-SA 4.0): "Small conversation with a chatbot" 400 tokens, "Write an
#: email" 250, "Write an article summary" 250, "Write a 5-page report" 5,000 (→ 1,000
#: tokens a page, so a 2-page meeting report ≈ 2,000).
USE_CASES: dict[str, UseCase] = {
    u.key: u
    for u in (
        UseCase("assistant téléphonique ou conversationnel", 400, False, "ecologits_calculator",
                "une petite conversation avec un agent conversationnel (scénario EcoLogits "
                "Calculator : 400 jetons)"),
        UseCase("rédaction", 250, True, "ecologits_calculator",
                "un courriel ou un courrier court (scénario EcoLogits Calculator « écrire un "
                "courriel » : 250 jetons ; un rapport de 5 pages en compte 5 000)"),
        UseCase("compte rendu de réunion", 2000, True, "ecologits_calculator",
                "un compte rendu de 2 pages, à 1 000 jetons par page (scénario EcoLogits "
                "Calculator « rapport de 5 pages » : 5 000 jetons)"),
        UseCase("résumé", 250, True, "ecologits_calculator",
                "le résumé d'un document (scénario EcoLogits Calculator « résumé d'article » : "
                "250 jetons générés)"),
    )
}
DEFAULT_USE_CASE = "assistant téléphonique ou conversationnel"

# --------------------------------------------------------------------------------------
# Equivalences (ADEME Impact CO2).
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Equivalence:
    key: str
    label: str  # « km en voiture thermique »
    kgco2e_per_unit: float
    source: str


#: ADEME Impact CO2 (incubateur-ademe/impactco2, src/data/categories/deplacement.json):
#: per-km factors are the sum of the listed components (direct emissions, vehicle
#: manufacturing, fuel or electricity production); the Paris–New York round trip is the
#: file's own « total » (1,770 kg for 11,600 km), i.e. the long-haul factor
#: 0.083 + 0.00026 + 0.0687 = 0.152 kg per passenger-km, contrails included.
PARIS_NY_ROUND_TRIP_KGCO2E = 1770.0
PARIS_NY_ROUND_TRIP_KM = 11600.0
LONG_HAUL_FLIGHT_KGCO2E_PER_KM = 0.083 + 0.00026 + 0.0687
PETROL_CAR_KGCO2E_PER_KM = 0.192 + 0.0256
ELECTRIC_CAR_KGCO2E_PER_KM = 0.0198 + 0.0836
TGV_KGCO2E_PER_KM = 0.0023 + 0.00063

EQUIVALENCES: tuple[Equivalence, ...] = (
    Equivalence("car_km", "km en voiture thermique (essence ou diesel)",
                PETROL_CAR_KGCO2E_PER_KM, "ademe_impactco2"),
    Equivalence("ev_km", "km en voiture électrique", ELECTRIC_CAR_KGCO2E_PER_KM,
                "ademe_impactco2"),
    Equivalence("tgv_km", "km en TGV", TGV_KGCO2E_PER_KM, "ademe_impactco2"),
    Equivalence("paris_ny", "allers-retours Paris–New York en avion (par passager)",
                PARIS_NY_ROUND_TRIP_KGCO2E, "ademe_impactco2"),
)

# --------------------------------------------------------------------------------------
# Declared gains: conversion factors to kgCO2e.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GainFactor:
    key: str
    label: str
    unit: str
    kgco2e_per_unit: Range
    sources: tuple[str, ...]
    uncertain: bool
    note: str


def _build_gain_factors() -> dict[str, GainFactor]:
    return {g.key: g for g in (
        GainFactor(
            "water_m3", "eau économisée", "m³", Range.point(0.1), ("esu_tap_water",), True,
            "0,1 kgCO2e par m³ d'eau potable (production et distribution seules) : le "
            "traitement des eaux usées et l'eau chaude ne sont pas comptés, le gain est donc "
            "sous-estimé ; l'eau économisée est aussi comparée directement à l'eau consommée",
        ),
        GainFactor(
            "energy_kwh", "énergie économisée", "kWh",
            Range(COUNTRIES["FRA"]["ci_g_per_kwh"].min / 1000.0,
                  COUNTRIES["FRA"]["ci_g_per_kwh"].central / 1000.0, 0.227),
            ("ecologits", "codecarbon_ci", "ademe_base_carbone_gas"), True,
            "le type d'énergie économisée n'est pas connu : de l'électricité française "
            "(32 à 54 gCO2e/kWh selon les sources) au gaz naturel (227 gCO2e/kWh)",
        ),
        GainFactor(
            "car_km", "km évités en voiture", "km",
            Range(ELECTRIC_CAR_KGCO2E_PER_KM, PETROL_CAR_KGCO2E_PER_KM, PETROL_CAR_KGCO2E_PER_KM),
            ("ademe_impactco2",), True,
            "voiture thermique 0,218 kgCO2e/km (valeur centrale et haute), voiture "
            "électrique 0,103 (valeur basse) : la motorisation des trajets évités n'est pas "
            "connue",
        ),
        GainFactor(
            "food_waste_kg", "gaspillage alimentaire évité", "kg",
            Range(1.53, 2.04, 2.54), ("ademe_food_waste", "fao_food_wastage"), True,
            "de 1,5 kgCO2e/kg (ADEME 2016, France) à 2,5 (FAO 2013, monde) ; valeur centrale "
            "= milieu de la fourchette ; dépend fortement des aliments (viande ou légumes)",
        ),
    )}


#: Declared gains (« gains ») turned into kgCO2e; the energy factor uses the French mix.
GAIN_FACTORS: Mapping[str, GainFactor] = LazyMapping(_build_gain_factors)

# --------------------------------------------------------------------------------------
# Validation bounds (beyond them an input is taken as a typing mistake).
# --------------------------------------------------------------------------------------
MAX_REQUESTS_PER_MONTH = 1e9  # ≈ 33 million a day, far above any collectivité
MAX_OUTPUT_TOKENS = 200_000
MAX_GPU_COUNT = 10_000
MAX_CPU_CORES = 100_000
MAX_RAM_GB = 1_000_000.0
MAX_HOURS_PER_MONTH = 744.0  # 31 days × 24 h
MAX_PUE = 4.0
MAX_TRAINING_HOURS = 100_000.0
MAX_DEVICES = 10_000_000
MAX_DEVICE_POWER_W = 10_000.0
MAX_LIFETIME_YEARS = 50.0
MAX_INHABITANTS = 100_000_000
MAX_GAIN = {"water_m3": 1e10, "energy_kwh": 1e12, "car_km": 1e11, "food_waste_kg": 1e10}
MAX_CSV_BYTES = 20_000_000

# --------------------------------------------------------------------------------------
# Measurement used to sanity-check self-hosting (J per generated token, H200, HF generate).
# --------------------------------------------------------------------------------------
H200_MEASURED_J_PER_TOKEN = {
    ("8B", 1): 12.3648, ("8B", 8): 1.6641, ("8B", 64): 0.2363,
    ("1.5B", 1): 8.2938, ("1.5B", 8): 0.9970, ("1.5B", 64): 0.1302,
}
#: Batching 8 requests instead of 1 divides GPU time per token by this factor (8B model).
BATCH8_SPEEDUP = H200_MEASURED_J_PER_TOKEN[("8B", 1)] / H200_MEASURED_J_PER_TOKEN[("8B", 8)]

# Hypotheses for the "self-host instead of the API" variant.
SELF_HOST_VARIANT_GPU = "H100"
SELF_HOST_VARIANT_CPU_CORES = 32
SELF_HOST_VARIANT_RAM_GB = 256.0
API_VARIANT_PROVIDER = "mistralai"
API_VARIANT_MODEL = "mistral-small-latest"


@dataclass(frozen=True)
class SeedFigure:
    claim: str
    what_it_is: str
    sources: tuple[str, ...] = field(default_factory=tuple)


#: Figures quoted in the seed of the project, and what they really measure.
SEED_FIGURES: tuple[SeedFigure, ...] = (
    SeedFigure(
        "Entraîner une IA = 205 allers-retours Paris–New York",
        "Attribué par la presse à l'entraînement de GPT-3 : 1,3 GWh et 552 tCO2e selon "
        "Patterson et al. (2021), soit environ 310 allers-retours à 1,77 t (205 "
        "allers-retours feraient 360 t). Un seul entraînement d'un très grand modèle, pas "
        "une IA de collectivité.",
        ("patterson2021", "ademe_impactco2"),
    ),
    SeedFigure(
        "626 155 livres de CO2e (284 t)",
        "Strubell et al. (2019) : un Transformer entraîné avec une recherche automatique "
        "d'architecture (des milliers d'entraînements), environ 160 allers-retours "
        "Paris–New York à 1,77 t. Le même article chiffre à 78 468 livres (36 t, environ "
        "20 allers-retours) toute la recherche et développement d'une chaîne de traitement "
        "du langage : 172 jours, 4 789 entraînements, pas un modèle réglé une fois.",
        ("strubell2019", "ademe_impactco2"),
    ),
    SeedFigure(
        "25 requêtes = 0,5 L d'eau",
        "Li et al. (2023) : 500 mL pour 20 à 50 questions à GPT-3 dans des centres de données "
        "américains (refroidissement sur site et production d'électricité) ; 25 requêtes est "
        "dans cette fourchette. Entraînement de GPT-3 : 700 m³ sur site.",
        ("li2023",),
    ),
)


# --------------------------------------------------------------------------------------
# Zones of EcoLogits named in French (the method's sentences never show a bare code).
# --------------------------------------------------------------------------------------
ZONE_NAMES: Mapping[str, str] = {
    "FRA": "France", "SWE": "Suède", "USA": "États-Unis", "DEU": "Allemagne",
    "IRL": "Irlande", "NLD": "Pays-Bas", "BEL": "Belgique", "ESP": "Espagne",
    "ITA": "Italie", "GBR": "Royaume-Uni", "CHE": "Suisse", "FIN": "Finlande",
    "NOR": "Norvège", "DNK": "Danemark", "POL": "Pologne", "AUT": "Autriche",
    "LUX": "Luxembourg", "PRT": "Portugal", "CAN": "Canada", "JPN": "Japon",
    "WOR": "moyenne mondiale",
}


def zone_name(code: str) -> str:
    """« Suède » for SWE; the country table's name, else « la zone XXX »."""
    if code in ZONE_NAMES:
        return ZONE_NAMES[code]
    if code in COUNTRIES:
        return COUNTRIES[code]["name"]
    return f"la zone {code}"


# --------------------------------------------------------------------------------------
# A service bought from a vendor (chatbot, assistant, software): what a buyer knows.
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ServiceKind:
    key: str
    label: str
    use_case: str  # key of USE_CASES: the usual length of an answer
    short: str  # the name of the usage when the buyer gives none


SERVICE_KINDS: dict[str, ServiceKind] = {
    s.key: s
    for s in (
        ServiceKind("chatbot", "assistant conversationnel écrit (chatbot) pour les habitants "
                    "ou les agents", "assistant téléphonique ou conversationnel",
                    "Assistant conversationnel acheté"),
        ServiceKind("voicebot", "standard ou accueil téléphonique automatisé (callbot)",
                    "assistant téléphonique ou conversationnel",
                    "Accueil téléphonique automatisé acheté"),
        ServiceKind("writing", "assistant de rédaction (courriers, courriels, notes)",
                    "rédaction", "Assistant de rédaction acheté"),
        ServiceKind("minutes", "comptes rendus de réunion ou de conseil",
                    "compte rendu de réunion", "Comptes rendus automatiques achetés"),
        ServiceKind("summary", "résumé, tri ou analyse de documents", "résumé",
                    "Analyse de documents achetée"),
    )
}


@dataclass(frozen=True)
class VolumeUnit:
    key: str
    label: str  # « 1 200 {label} par mois »
    unit: str  # unit of service of the result (« par appel »)
    requests: Range  # requests to the model for one unit
    note: str
    source: str | None


VOLUME_UNITS: dict[str, VolumeUnit] = {
    v.key: v
    for v in (
        VolumeUnit("requests", "questions ou demandes", "requête", Range.point(1.0),
                   "une question posée au service = une requête", None),
        VolumeUnit("conversations", "conversations", "conversation", Range(3.0, 5.0, 10.0),
                   "une conversation compte 3 à 10 questions, 5 en moyenne",
                   "recensia_service_hypothesis"),
        VolumeUnit("calls", "appels pris par le service", "appel", Range(3.0, 6.0, 12.0),
                   "un appel compte 3 à 12 échanges avec le service, 6 en moyenne",
                   "recensia_service_hypothesis"),
        VolumeUnit("agents", "agents qui l'utilisent", "agent", Range(100.0, 300.0, 800.0),
                   "un agent fait 5 à 40 demandes par jour ouvré, 15 en moyenne, sur 20 jours "
                   "par mois", "recensia_service_hypothesis"),
        VolumeUnit("documents", "documents produits", "document", Range.point(1.0),
                   "un document = une requête", None),
    )
}

# When the buyer does not know the model, the range spans these models, each in the zone
# its provider declares (EcoLogits): small and large models of the providers that the
# vendors of assistants to collectivités use. Source: recensia_typical_models.
TYPICAL_SERVICE_MODELS: tuple[tuple[str, str], ...] = (
    ("mistralai", "mistral-small-latest"),
    ("mistralai", "mistral-medium-latest"),
    ("mistralai", "mistral-large-latest"),
    ("openai", "gpt-4o-mini"),
    ("openai", "gpt-4.1-mini"),
    ("openai", "gpt-4o"),
    ("openai", "gpt-4.1"),
    ("anthropic", "claude-haiku-4-5"),
    ("anthropic", "claude-sonnet-4-5"),
)
MAX_SERVICE_VOLUME = 1e9
