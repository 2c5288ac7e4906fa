"""DCAT-AP description of the dataset (JSON-LD), for catalogues such as data.gouv.fr.

One ``dcat:Dataset`` with its French title and description, publisher, licence, dates,
keywords, themes (EU data themes vocabulary), and one ``dcat:Distribution`` per file
(CSV, JSON, XLSX, Table Schema), plus the REST API and the Atom feed.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from recensia.opendata import selectors

LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
LICENCE_TITLE = "Licence Ouverte 2.0"
TITLE = "Projets d'intelligence artificielle des collectivités territoriales (RecensIA)"
DESCRIPTION = (
    "Registre des projets d'intelligence artificielle des communes, intercommunalités, "
    "départements, régions et autres organismes publics locaux, déclarés par les "
    "collectivités et relus par l'équipe de modération de RecensIA : systèmes d'IA et "
    "démarches de gouvernance, collectivité porteuse et partenaires, domaines, techniques, "
    "avancement, résultats mesurés, fournisseur, coûts, hébergement, données personnelles, "
    "contrôle humain, recours et sources. Une ligne par projet publié."
)
KEYWORDS = ["intelligence artificielle", "collectivités territoriales", "algorithmes publics",
            "inventaire des algorithmes", "administration numérique", "innovation publique"]
EU = "http://publications.europa.eu/resource/authority/"
THEMES = [EU + "data-theme/GOVE", EU + "data-theme/TECH", EU + "data-theme/REGI"]
MEDIA = "https://www.iana.org/assignments/media-types/"
DISTRIBUTIONS = {
    # kind: (title, description, IANA media type, EU file type)
    "csv": ("Projets publiés (CSV)",
            "Une ligne par projet publié, conforme au schéma ; UTF-8 avec BOM, séparateur "
            "virgule, valeurs multiples séparées par « ; ».", "text/csv", "CSV"),
    "xlsx": ("Projets publiés (XLSX)", "Les mêmes colonnes que le CSV, pour les tableurs.",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
    "json": ("Projets publiés (JSON)",
             "Fiches complètes, indicateurs de résultat compris, au format de l'API "
             "(count, items).", "application/json", "JSON"),
    "schema": ("Schéma des données (Table Schema)",
               "Description des colonnes du CSV et du XLSX : titres, types, contraintes.",
               "application/json", "JSON"),
}


def site_paths() -> dict[str, str]:
    return {"csv": reverse("opendata:csv"), "json": reverse("opendata:json"),
            "xlsx": reverse("opendata:xlsx"), "schema": reverse("opendata:schema")}


def _fr(text: str) -> dict[str, str]:
    return {"@value": text, "@language": "fr"}


def _date(value) -> dict[str, str] | None:
    if value is None:
        return None
    return {"@value": value.isoformat(timespec="seconds"), "@type": "xsd:dateTime"}


def dataset(*, site_url: str, download_urls: dict[str, str]) -> dict[str, Any]:
    """The JSON-LD document. ``site_url`` is the site's address ('' when unknown: the dump
    then names its files relative to itself)."""
    site = site_url.rstrip("/")
    dates = selectors.dataset_dates()
    licence = {"@id": LICENCE_URL, "@type": "dct:LicenseDocument",
               "dct:title": _fr(LICENCE_TITLE)}
    schema_ref = {"@id": download_urls["schema"], "@type": "dct:Standard",
                  "dct:title": _fr("Schéma « recensia-projets » (Table Schema)")}
    distributions = []
    for kind, (title, description, media, file_type) in DISTRIBUTIONS.items():
        distribution = {
            "@id": download_urls[kind], "@type": "dcat:Distribution",
            "dct:title": _fr(title), "dct:description": _fr(description),
            "dcat:downloadURL": {"@id": download_urls[kind]},
            "dcat:accessURL": {"@id": download_urls[kind]},
            "dcat:mediaType": {"@id": MEDIA + media},
            "dct:format": {"@id": EU + "file-type/" + file_type},
            "dct:license": {"@id": LICENCE_URL},
        }
        if kind in ("csv", "xlsx"):
            distribution["dct:conformsTo"] = {"@id": download_urls["schema"]}
        distributions.append(distribution)
    if site:
        distributions.append({
            "@id": site + "/api/v1/", "@type": "dcat:Distribution",
            "dct:title": _fr("API REST publique, version 1"),
            "dct:description": _fr("Recherche et fiches complètes, description OpenAPI 3."),
            "dcat:accessURL": {"@id": site + "/api/v1/"},
            "dcat:accessService": {
                "@type": "dcat:DataService", "dct:title": _fr("API RecensIA"),
                "dcat:endpointURL": {"@id": site + "/api/v1/"},
                "dcat:endpointDescription": {"@id": site + "/api/v1/openapi.json"},
                "dct:license": {"@id": LICENCE_URL},
            },
            "dcat:mediaType": {"@id": MEDIA + "application/json"},
            "dct:license": {"@id": LICENCE_URL},
        })
        feed = site + reverse("projects-feed")
        distributions.append({
            "@id": feed, "@type": "dcat:Distribution",
            "dct:title": _fr("Flux Atom des nouveaux projets publiés"),
            "dcat:accessURL": {"@id": feed}, "dcat:downloadURL": {"@id": feed},
            "dcat:mediaType": {"@id": MEDIA + "application/atom+xml"},
            "dct:license": {"@id": LICENCE_URL},
        })
    document: dict[str, Any] = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": (site + reverse("opendata:index")) if site else "#recensia-projets",
        "@type": "dcat:Dataset",
        "dct:identifier": "recensia-projets",
        "dct:title": _fr(TITLE),
        "dct:description": _fr(DESCRIPTION),
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": "RecensIA",
                          **({"foaf:homepage": {"@id": site + "/"}} if site else {})},
        "dct:license": licence,
        "dct:accessRights": {"@id": EU + "access-right/PUBLIC"},
        "dct:language": {"@id": EU + "language/FRA"},
        "dct:spatial": {"@id": EU + "country/FRA"},
        "dct:accrualPeriodicity": {"@id": EU + "frequency/CONT"},
        "dct:conformsTo": schema_ref,
        "dcat:keyword": [_fr(k) for k in KEYWORDS],
        "dcat:theme": [{"@id": theme} for theme in THEMES],
        "dcat:distribution": distributions,
    }
    if site:
        document["dcat:landingPage"] = {"@id": site + reverse("opendata:index")}
    for key, value in (("dct:issued", _date(dates["issued"])),
                       ("dct:modified", _date(dates["modified"]))):
        if value:
            document[key] = value
    return document
