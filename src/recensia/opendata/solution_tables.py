"""Open data of the catalogue: solutions, declarations of use and pooling offers, as CSV
tables described by Table Schemas (frictionless), and the solutions as JSON exactly as
``GET /api/v1/solutions/{slug}`` returns them.

Referents' contacts are never exported (people's work addresses); a partner or follower
is exported only once accepted by both sides.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ninja.responses import NinjaJSONEncoder

from recensia.api import solutions as api_solutions
from recensia.opendata.table import cell_text
from recensia.pooling import selectors
from recensia.pooling.models import PoolingOffer, SolutionUse

BOM = "\ufeff"
LICENSE = [{"name": "etalab-2.0", "title": "Licence Ouverte 2.0",
            "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"}]
LIST_NOTE = "Plusieurs valeurs séparées par « ; »."


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    description: str
    type: str = "string"
    required: bool = False


@dataclass(frozen=True)
class Table:
    file: str
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]

    @property
    def schema_file(self) -> str:
        return self.file.replace(".csv", ".schema.json")

    def schema(self) -> dict[str, Any]:
        return {
            "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
            "name": self.name, "title": self.title, "description": self.description,
            "countryCode": "FR", "version": "1.0.0", "created": "2026-11-28",
            "lastModified": "2026-11-28", "licenses": LICENSE, "missingValues": [""],
            "primaryKey": list(self.primary_key),
            "fields": [{"name": c.name, "title": c.title, "description": c.description,
                        "type": c.type, **({"constraints": {"required": True}}
                                           if c.required else {})}
                       for c in self.columns],
        }


ORG_COLUMNS = (
    Column("organization_code", "Code de la collectivité",
           "Code INSEE d'une commune, SIREN, departement-NN, region-NN ou organisme-<code>.",
           required=True),
    Column("organization_name", "Collectivité", "Nom de la collectivité.", required=True),
    Column("organization_kind", "Type de collectivité",
           "commune, epci, departement, region ou other."),
    Column("organization_population", "Population", "Population municipale ou totale.",
           "integer"),
)

SOLUTIONS = Table(
    "solutions.csv", "recensia-solutions", "Catalogue des solutions d'IA des collectivités",
    "Une ligne par solution du catalogue de RecensIA : fournisseur, code source, hébergement, "
    "prix, accessibilité, label « reconnue » attribué par la modération (avec motif et date) "
    "et nombre de collectivités qui l'utilisent.",
    (Column("slug", "Identifiant", "Adresse de la fiche : /solutions/<identifiant>/.",
            required=True),
     Column("name", "Nom", "Nom de la solution.", required=True),
     Column("summary", "Ce que fait la solution", "En langage courant."),
     Column("vendor", "Fournisseur", "Entreprise ou organisme qui fournit la solution."),
     Column("vendor_siren", "SIREN du fournisseur", "9 chiffres (clé de Luhn vérifiée)."),
     Column("vendor_state", "Situation du fournisseur",
            "active ou ceased, selon la dernière vérification de la modération ; vide si "
            "jamais vérifié."),
     Column("vendor_checked_on", "Vérifié le", "Date de cette vérification.", "date"),
     Column("open_source", "Code source ouvert", "yes, no ou unknown."),
     Column("licence", "Licence", "Licence du code."),
     Column("repository_url", "Dépôt du code source", "Adresse web."),
     Column("hosting_country", "Pays d'hébergement", "Pays où les données sont hébergées."),
     Column("secnumcloud", "Qualification SecNumCloud", "yes, no ou unknown."),
     Column("deployments", "Modes d'installation",
            "saas, on_premise, private_cloud, device. " + LIST_NOTE),
     Column("pricing", "Modèle de prix", "free, subscription, licence, usage, quote, unknown."),
     Column("accessibility", "Accessibilité (RGAA)",
            "full, partial, none, not_applicable ou unknown."),
     Column("languages", "Langues", "Langues proposées."),
     Column("procurement_vehicles", "Comment l'acheter",
            "Centrale d'achat, accord-cadre… (texte libre)."),
     Column("procurement_url", "Lien vers l'offre d'achat", "Adresse web."),
     Column("recognised", "Reconnue", "Label attribué par la modération.", "boolean"),
     Column("recognition_reason", "Motif de la reconnaissance", "Texte de la modération."),
     Column("recognised_on", "Reconnue le", "Date de la décision.", "date"),
     Column("user_count", "Collectivités utilisatrices",
            "Porteuses et partenaires acceptées des projets publiés liés, et collectivités "
            "qui ont déclaré l'utiliser.", "integer"),
     Column("projects", "Projets", "Identifiants des projets publiés liés. " + LIST_NOTE)),
    ("slug",))

USES = Table(
    "usages-solutions.csv", "recensia-usages-solutions",
    "Déclarations d'usage des solutions (« nous l'utilisons »)",
    "Une ligne par collectivité qui déclare utiliser une solution du catalogue.",
    (Column("solution", "Solution", "Identifiant de la solution.", required=True),
     *ORG_COLUMNS,
     Column("use_case", "Usage", "Pour quoi faire."),
     Column("since", "Utilisée depuis", "Date approximative.", "date"),
     Column("satisfaction", "Satisfaction", "De 1 à 5.", "integer"),
     Column("would_recommend", "La recommanderait", "Vide si non dit.", "boolean"),
     Column("project", "Projet lié", "Identifiant du projet publié lié.")),
    ("solution", "organization_code"))

OFFERS = Table(
    "mutualisations.csv", "recensia-mutualisations",
    "Offres de mutualisation des collectivités cheffes de file",
    "Une ligne par projet publié qu'une collectivité cheffe de file ouvre à d'autres : ce qui "
    "est partagé, la répartition des coûts, la date limite et les collectivités acceptées.",
    (Column("project", "Projet", "Identifiant du projet.", required=True),
     *ORG_COLUMNS,
     Column("solution", "Solution", "Identifiant de la solution utilisée."),
     Column("shared", "Ce qui est partagé",
            "specifications, code, contract, training, data, support. " + LIST_NOTE),
     Column("cost_sharing", "Répartition des coûts", "Texte de la cheffe de file."),
     Column("open_until", "Ouvert jusqu'au", "Date limite des demandes.", "date"),
     Column("is_open", "Ouvert", "Accepte encore des demandes.", "boolean"),
     Column("participants", "Collectivités acceptées",
            "Codes des collectivités partenaires ou qui suivent le projet, acceptées. "
            + LIST_NOTE)),
    ("project",))

TABLES = {t.file: t for t in (SOLUTIONS, USES, OFFERS)}


def _org(org) -> dict[str, Any]:
    return {"organization_code": org.url_code, "organization_name": org.name,
            "organization_kind": org.kind, "organization_population": org.population}


def _solution_rows() -> Iterator[dict[str, Any]]:
    solutions = list(selectors.catalogue().prefetch_related("vendor__checks").order_by("slug"))
    users = selectors.users_by_solution([s.pk for s in solutions])
    for s in solutions:
        check = s.vendor.last_check if s.vendor_id else None
        projects = sorted({p.slug for u in users.get(s.pk, {}).values() for p in u.projects})
        yield {name: getattr(s, name) for name in (
            "slug", "name", "summary", "open_source", "licence", "repository_url",
            "hosting_country", "secnumcloud", "pricing", "accessibility", "languages",
            "procurement_vehicles", "procurement_url", "recognised", "recognition_reason",
            "recognised_on")} | {
            "vendor": s.vendor.name if s.vendor_id else "",
            "vendor_siren": s.vendor.siren if s.vendor_id else "",
            "vendor_state": check.state if check else "",
            "vendor_checked_on": check.checked_on if check else None,
            "deployments": " ; ".join(s.deployments),
            "user_count": len(users.get(s.pk, {})), "projects": " ; ".join(projects)}


def _use_rows() -> Iterator[dict[str, Any]]:
    uses = (SolutionUse.objects.filter(withdrawn_at__isnull=True, solution__is_archived=False)
            .select_related("solution", "organization", "project")
            .order_by("solution__slug", "organization__name", "id"))
    for use in uses:
        project = use.project if use.project_id and use.project.is_public else None
        yield {"solution": use.solution.slug, **_org(use.organization),
               "use_case": use.use_case, "since": use.since,
               "satisfaction": use.satisfaction, "would_recommend": use.would_recommend,
               "project": project.slug if project else ""}


def _offer_rows() -> Iterator[dict[str, Any]]:
    offers = (PoolingOffer.objects.filter(project__state="published")
              .select_related("project__owner", "project__solution")
              .prefetch_related("project__partnerships__organization")
              .order_by("project__slug"))
    for offer in offers:
        record = api_solutions.offer(offer)
        yield {"project": offer.project.slug, **_org(offer.project.owner),
               "solution": offer.project.solution.slug if offer.project.solution_id else "",
               "shared": " ; ".join(offer.shared), "cost_sharing": offer.cost_sharing,
               "open_until": offer.open_until, "is_open": record["is_open"],
               "participants": " ; ".join(p["organization"]["code"]
                                          for p in record["participants"])}


ROWS = {SOLUTIONS.file: _solution_rows, USES.file: _use_rows, OFFERS.file: _offer_rows}


class _Line:
    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return cell_text(value)


def csv_lines(file: str) -> Iterator[str]:
    table = TABLES[file]
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield BOM + writer.writerow([c.name for c in table.columns])
    for row in ROWS[file]():
        yield writer.writerow([_cell(row[c.name]) for c in table.columns])


def schema_bytes(file: str) -> bytes:
    return (json.dumps(TABLES[file].schema(), ensure_ascii=False, indent=2) + "\n")\
        .encode("utf-8")


def solutions_json() -> bytes:
    """Every solution of the catalogue as ``GET /api/v1/solutions/{slug}`` returns it."""
    items = [api_solutions.solution_detail(s) for s in selectors.catalogue().order_by("slug")]
    return (json.dumps({"count": len(items), "items": items}, cls=NinjaJSONEncoder,
                       ensure_ascii=False, indent=1) + "\n").encode("utf-8")
