#!/usr/bin/env python3
"""Build the bundled territories reference data from Etalab's « découpage administratif ».

Reads the JSON files of the npm package @etalab/decoupage-administratif (version 6.0.0,
vintage 2026) and writes compact, sorted, UTF-8 CSV files into
src/recensia/territories/data/, which `recensia load_territories` then loads.

Usage:
    python scripts/build_territories_data.py [SOURCE_DIR] [--shared SHARED_DIR]
                                             [--output OUTPUT_DIR]

SOURCE_DIR defaults to data/decoupage-administratif-6.0.0 in the shared data folder
(--shared), itself ../shared next to the repository.

Only the standard library is used, so the script runs without the project installed.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
from collections import Counter
from pathlib import Path

PACKAGE_VERSION = "6.0.0"
VINTAGE = "2026"
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"
SOURCE_IN_SHARED = Path("data") / f"decoupage-administratif-{PACKAGE_VERSION}"
DEFAULT_OUTPUT = ROOT / "src" / "recensia" / "territories" / "data"

EPCI_TYPES = {"CC", "CA", "CU", "METRO", "MET69"}

README = """\
# Référentiel des collectivités territoriales

Fichiers générés par `scripts/build_territories_data.py` et chargés par
`recensia load_territories`. Ne pas les modifier à la main : relancer le script.

## Source

Paquet [@etalab/decoupage-administratif](https://github.com/datagouv/decoupage-administratif)
version {version}, millésime {vintage} (Code officiel géographique de l'INSEE, liste des EPCI
à fiscalité propre de la DGCL, liste des EPT de l'INSEE, populations légales de l'INSEE).

## Fichiers

Tous les fichiers sont en CSV, UTF-8, séparateur virgule, triés par code.

- `regions.csv` : `code,name,zone` ({regions} régions) ;
- `departements.csv` : `code,name,region,zone` ({departements} départements) ;
- `communes.csv` : `insee_code,name,siren,population,departement,postal_codes` ({communes}
  communes actuelles ; la région et la zone sont celles du département ; SIREN vide pour
  {no_siren} communes d'outre-mer, population vide pour {no_population} communes ;
  `postal_codes` : les codes postaux qui desservent la commune, séparés par une espace,
  {postal_codes} codes distincts, vides pour {no_postal_code} communes) ;
- `epci.csv` : `siren,name,type,population` ({epci} EPCI à fiscalité propre, population
  municipale) ;
- `epci_members.csv` : `epci_siren,commune_insee` (communes membres de chaque EPCI) ;
- `ept.csv` : `siren,name,population` ({ept} établissements publics territoriaux du Grand
  Paris, sans fiscalité propre) ;
- `ept_members.csv` : `ept_siren,commune_insee` (communes membres de chaque EPT).

## Licences

- Données : [Licence Ouverte / Open Licence](https://www.etalab.gouv.fr/licence-ouverte-open-licence)
  (Etalab), réutilisation libre sous réserve de mentionner la source.
- Code du paquet d'origine : licence MIT, copiée dans `LICENSE-decoupage-administratif.txt`.
"""


def load_json(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(["" if value is None else value for value in row] for row in rows)


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"Données incohérentes : {message}")


def build(source: Path, output: Path) -> dict[str, int]:
    communes_json = [c for c in load_json(source / "communes.json")
                     if c["type"] == "commune-actuelle"]
    departements_json = load_json(source / "departements.json")
    regions_json = load_json(source / "regions.json")
    epci_json = load_json(source / "epci.json")
    ept_json = load_json(source / "ept.json")

    regions = {r["code"]: r for r in regions_json}
    departements = {d["code"]: d for d in departements_json}
    communes = {c["code"]: c for c in communes_json}
    check(len(regions) == len(regions_json), "code de région en double")
    check(len(departements) == len(departements_json), "code de département en double")
    check(len(communes) == len(communes_json), "code de commune en double")

    for dep in departements.values():
        check(dep["region"] in regions, f"région inconnue pour le département {dep['code']}")
    for com in communes.values():
        dep = departements.get(com["departement"])
        check(dep is not None, f"département inconnu pour la commune {com['code']}")
        # The loader derives region and zone from the département: make sure it is exact.
        check(dep["region"] == com["region"], f"région incohérente pour {com['code']}")
        check(dep["zone"] == com["zone"], f"zone incohérente pour {com['code']}")
        check(len(com["code"]) == 5, f"code INSEE invalide : {com['code']}")
        check(all(len(p) == 5 and p.isdigit() for p in com.get("codesPostaux", [])),
              f"code postal invalide pour {com['code']}")

    sirens = Counter(
        [c["siren"] for c in communes.values() if c.get("siren")]
        + [e["code"] for e in epci_json]
        + [e["code"] for e in ept_json]
    )
    check(all(n == 1 for n in sirens.values()), "SIREN en double")
    check(all(len(s) == 9 and s.isdigit() for s in sirens), "SIREN invalide")

    epci_members: list[list[str]] = []
    seen_members: set[str] = set()
    for epci in epci_json:
        check(epci["type"] in EPCI_TYPES, f"nature d'EPCI inconnue : {epci['type']}")
        for member in epci["membres"]:
            check(member["code"] in communes, f"commune inconnue dans l'EPCI {epci['code']}")
            check(member["code"] not in seen_members,
                  f"commune {member['code']} membre de plusieurs EPCI")
            seen_members.add(member["code"])
            epci_members.append([epci["code"], member["code"]])
    ept_members: list[list[str]] = []
    for ept in ept_json:
        for member in ept["membres"]:
            check(member["code"] in communes, f"commune inconnue dans l'EPT {ept['code']}")
            ept_members.append([ept["code"], member["code"]])

    output.mkdir(parents=True, exist_ok=True)
    write_csv(output / "regions.csv", ["code", "name", "zone"],
              sorted([r["code"], r["nom"], r["zone"]] for r in regions.values()))
    write_csv(output / "departements.csv", ["code", "name", "region", "zone"],
              sorted([d["code"], d["nom"], d["region"], d["zone"]]
                     for d in departements.values()))
    write_csv(output / "communes.csv", ["insee_code", "name", "siren", "population",
                                        "departement", "postal_codes"],
              sorted([c["code"], c["nom"], c.get("siren", ""), c.get("population"),
                      c["departement"], " ".join(sorted(c.get("codesPostaux", [])))]
                     for c in communes.values()))
    write_csv(output / "epci.csv", ["siren", "name", "type", "population"],
              sorted([e["code"], e["nom"], e["type"], e.get("populationMunicipale")]
                     for e in epci_json))
    write_csv(output / "epci_members.csv", ["epci_siren", "commune_insee"], sorted(epci_members))
    write_csv(output / "ept.csv", ["siren", "name", "population"],
              sorted([e["code"], e["nom"], e.get("populationMunicipale")] for e in ept_json))
    write_csv(output / "ept_members.csv", ["ept_siren", "commune_insee"], sorted(ept_members))
    shutil.copyfile(source / "LICENSE", output / "LICENSE-decoupage-administratif.txt")

    counts = {
        "regions": len(regions),
        "departements": len(departements),
        "communes": len(communes),
        "no_siren": sum(1 for c in communes.values() if not c.get("siren")),
        "no_population": sum(1 for c in communes.values() if c.get("population") is None),
        "epci": len(epci_json),
        "ept": len(ept_json),
        "postal_codes": len({p for c in communes.values() for p in c.get("codesPostaux", [])}),
        "no_postal_code": sum(1 for c in communes.values() if not c.get("codesPostaux")),
    }
    (output / "README.md").write_text(
        README.format(version=PACKAGE_VERSION, vintage=VINTAGE, **counts), encoding="utf-8"
    )
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Génère les fichiers CSV du référentiel des collectivités à partir du "
        "découpage administratif d'Etalab."
    )
    parser.add_argument("source", nargs="?", type=Path, default=None,
                        help="dossier contenant communes.json, epci.json, etc. (par défaut : "
                        f"{SOURCE_IN_SHARED} dans le dossier partagé)")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                        help="dossier des données partagées (par défaut : ../shared à côté "
                        "du dépôt)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help="dossier de destination (par défaut : le dossier data de l'app)")
    args = parser.parse_args(argv)
    source = args.source or args.shared / SOURCE_IN_SHARED
    if not source.is_dir():
        print(f"ERREUR : le dossier {source} est introuvable (dossier partagé : --shared).",
              file=sys.stderr)
        return 1
    counts = build(source, args.output)
    print(
        f"{counts['communes']} communes, {counts['epci']} EPCI, {counts['ept']} EPT, "
        f"{counts['departements']} départements et {counts['regions']} régions écrits dans "
        f"{args.output}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
