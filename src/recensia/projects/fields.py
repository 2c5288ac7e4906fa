"""The list of project fields: the one place that names what a project holds.

Every way into the register reads it: the web form (its fields, sections and help
texts), the API, the table import, the JSON import and the bulk loader (through
``entry.py``), the version snapshots and the history page. A field is declared once
here with its kind; its label and limits come from the model column when there is one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.text import capfirst

from recensia.projects.models import (
    Domain,
    Indicator,
    PartnerRole,
    Project,
    Source,
    Technique,
    Vendor,
)

# Kinds of value: each has one parser in ``entry.py`` and one form widget in ``forms.py``.
TEXT = "text"                    # one line
LONG_TEXT = "long_text"          # several lines
CHOICE = "choice"                # one code of the column's choices (or its French label)
YEAR = "year"
DATE = "date"
AMOUNT = "amount"                # euros, French writing accepted (« 3 500,50 »)
NUMBER = "number"                # a measured value, French writing accepted
EMAIL = "email"
URL = "url"
KEYWORDS = "keywords"            # a list kept as « a, b, c »
TAXONOMY = "taxonomy"            # entries of a reference list (domains, techniques)
OWNER = "owner"                  # one collectivité
ORGANIZATIONS = "organizations"  # collectivités by code, with a role
SIREN = "siren"
ROWS = "rows"                    # a list of small records (indicators, sources)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    hint: str = ""


SECTIONS = (
    Section("identity", "Le projet"),
    Section("classification", "Classement et avancement"),
    Section("partners", "Mutualisation : partenaires"),
    Section("purpose", "Objectif et résultats"),
    Section("indicators", "Indicateurs de résultat",
            "Une mesure par ligne : la valeur avant, la valeur après, qui l'a mesurée et "
            "quand."),
    Section("solution", "Solution, coûts, hébergement"),
    Section("risks", "Données personnelles, contrôle, recours"),
    Section("sources", "Sources publiques",
            "Articles, délibérations, pages officielles qui documentent le projet."),
    Section("contact", "Contact et suivi"),
)


@dataclass(frozen=True)
class Field:
    """One field of a project (or of an indicator or a source, for ``ROWS``).

    ``model`` and ``column`` name the database column that stores it, when there is one:
    its verbose name is the label, its help text the help, its limits and validators
    apply. ``snapshot_key`` is where the field lives in a version snapshot.
    """

    name: str
    kind: str
    section: str = ""
    label: str = ""
    help: str = ""
    required: bool = False
    model: type[models.Model] | None = Project
    column: str = ""
    lines: int = 3                               # LONG_TEXT: height of the text box
    reference: type[models.Model] | None = None  # TAXONOMY: the list
    role: str = ""                               # ORGANIZATIONS: the partners' role
    parts: tuple[Field, ...] = ()                # ROWS: the fields of one record
    item_title: str = ""                         # ROWS: « Indicateur » (n° 2)

    @cached_property
    def model_field(self) -> models.Field | None:
        if self.model is None:
            return None
        return self.model._meta.get_field(self.column or self.name)

    @property
    def verbose_label(self) -> str:
        """The label inside a sentence (« titre », « collectivité porteuse »)."""
        if self.label:
            return self.label
        return str(self.model_field.verbose_name)

    @property
    def title(self) -> str:
        """The label of a form field (« Titre »)."""
        return capfirst(self.verbose_label)

    @property
    def help_text(self) -> str:
        if self.help:
            return self.help
        model_field = self.model_field
        return str(model_field.help_text) if model_field is not None else ""

    @cached_property
    def max_length(self) -> int | None:
        model_field = self.model_field
        return getattr(model_field, "max_length", None) if model_field is not None else None

    @cached_property
    def choices(self) -> list[tuple[str, str]]:
        return [(code, str(label)) for code, label in self.model_field.choices or []]

    @cached_property
    def only_length_limit(self) -> bool:
        """The column checks nothing but its length (a plain text)."""
        model_field = self.model_field
        return model_field is not None and all(
            isinstance(v, MaxLengthValidator) for v in model_field.validators)

    @property
    def is_scalar(self) -> bool:
        """Stored in a column of the project row itself."""
        return self.model is Project and self.kind not in (TAXONOMY, OWNER)


INDICATOR_PARTS = (
    Field("label", TEXT, model=Indicator, required=True),
    Field("value_before", NUMBER, model=Indicator),
    Field("value_after", NUMBER, model=Indicator),
    Field("unit", TEXT, model=Indicator),
    Field("measured_by", TEXT, model=Indicator),
    Field("measured_on", TEXT, model=Indicator),
    Field("source_url", URL, model=Indicator),
    Field("note", TEXT, model=Indicator),
)
SOURCE_PARTS = (
    Field("url", URL, model=Source, required=True),
    Field("title", TEXT, model=Source),
)

CODES_HELP = ("Codes INSEE (communes, 5 caractères), SIREN (9 chiffres), « departement-29 » ou "
              "« region-11 », séparés par des virgules, par exemple « 38455, 243800604 ». "
              "Retrouvez un code sur la page Collectivités.")

FIELDS = (
    # Le projet
    Field("kind", CHOICE, "identity",
          help="Un système d'IA est un outil qui fonctionne ; une démarche de gouvernance est "
               "une charte, une stratégie, une convention citoyenne ou un programme de "
               "financement."),
    Field("title", TEXT, "identity", required=True,
          help="Un titre parlant, par exemple « Détection des fuites sur le réseau d'eau »."),
    Field("short_description", LONG_TEXT, "identity", required=True),
    Field("description", LONG_TEXT, "identity", lines=6,
          help="Le contexte, le fonctionnement, les personnes concernées."),
    Field("keywords", KEYWORDS, "identity"),
    Field("owner", OWNER, "identity", required=True,
          help="La collectivité qui pilote le projet (vous devez en être membre validé)."),
    # Classement et avancement
    Field("domains", TAXONOMY, "classification", reference=Domain),
    Field("techniques", TAXONOMY, "classification", reference=Technique),
    Field("status", CHOICE, "classification"),
    Field("status_detail", TEXT, "classification",
          help="Par exemple « expérimentation sur 3 quartiers jusqu'en juin »."),
    Field("status_reason", LONG_TEXT, "classification"),
    Field("start_year", YEAR, "classification", help="Année de lancement, même approximative."),
    Field("start_date", DATE, "classification"),
    Field("end_date", DATE, "classification"),
    # Mutualisation
    Field("partner_codes", ORGANIZATIONS, "partners", label="collectivités partenaires",
          model=None, role=PartnerRole.PARTNER, help=CODES_HELP),
    Field("follower_codes", ORGANIZATIONS, "partners",
          label="collectivités qui suivent le projet ou l'utilisent aussi", model=None,
          role=PartnerRole.FOLLOWER,
          help="Mêmes codes que ci-dessus : ces collectivités rejoignent le projet derrière la "
               "collectivité porteuse (mutualisation)."),
    # Objectif et résultats
    Field("purpose", LONG_TEXT, "purpose",
          help="Le besoin de départ : quel problème le projet doit-il résoudre ?"),
    Field("decision_role", CHOICE, "purpose",
          help="L'IA prépare-t-elle le travail d'un agent, ou produit-elle seule une décision "
               "qui s'impose à un usager ?"),
    Field("alternatives_considered", LONG_TEXT, "purpose",
          help="Ce qui a été envisagé à la place, y compris une solution sans IA "
               "(réorganisation, logiciel classique…)."),
    Field("results_summary", LONG_TEXT, "purpose",
          help="Les résultats observés, en précisant qui les a mesurés."),
    Field("indicators", ROWS, "indicators", model=None, label="indicateurs de résultat",
          parts=INDICATOR_PARTS, item_title="Indicateur"),
    # Solution, coûts, hébergement
    Field("solution_name", TEXT, "solution"),
    Field("vendor_name", TEXT, "solution", label="fournisseur", model=Vendor, column="name",
          help="Nom de l'entreprise ou de l'organisme."),
    Field("vendor_siren", SIREN, "solution", label="SIREN du fournisseur", model=Vendor,
          column="siren"),
    Field("procurement", TEXT, "solution",
          help="Par exemple marché public, convention, groupement de commandes, "
               "développement interne."),
    Field("investment_eur", AMOUNT, "solution"),
    Field("yearly_cost_eur", AMOUNT, "solution"),
    Field("funding", LONG_TEXT, "solution"),
    Field("hosting_provider", TEXT, "solution"),
    Field("hosting_country", TEXT, "solution"),
    Field("secnumcloud", CHOICE, "solution",
          help="SecNumCloud est la qualification de sécurité des hébergeurs délivrée par "
               "l'ANSSI."),
    Field("open_source", CHOICE, "solution"),
    Field("source_code_url", URL, "solution"),
    Field("data_sources", LONG_TEXT, "solution"),
    # Données personnelles, contrôle, recours
    Field("personal_data", CHOICE, "risks"),
    Field("personal_data_details", LONG_TEXT, "risks"),
    Field("dpia_done", CHOICE, "risks",
          help="L'AIPD (analyse d'impact relative à la protection des données) est exigée par "
               "le RGPD pour les traitements à risque."),
    Field("fria_done", CHOICE, "risks",
          help="Exigée par le règlement européen sur l'IA pour certains systèmes à haut "
               "risque."),
    Field("human_oversight", LONG_TEXT, "risks",
          help="Qui vérifie les résultats de l'IA, et comment ?"),
    Field("contest_procedure", LONG_TEXT, "risks",
          help="Comment un habitant peut-il demander des explications ou contester ?"),
    Field("risks", LONG_TEXT, "risks"),
    Field("sources", ROWS, "sources", model=None, label="sources", parts=SOURCE_PARTS,
          item_title="Source"),
    # Contact et suivi
    Field("lessons_learned", LONG_TEXT, "contact"),
    Field("team", TEXT, "contact"),
    Field("contact_email", EMAIL, "contact"),
    Field("web_page", URL, "contact"),
    Field("next_review_date", DATE, "contact",
          help="Date à laquelle vous prévoyez de relire et mettre à jour cette fiche."),
)

BY_NAME = {f.name: f for f in FIELDS}
# Columns of the project row a user sets: what a version records and compares.
SCALAR_FIELDS = tuple(f.name for f in FIELDS if f.is_scalar)
# Keys of a version snapshot besides the scalar fields.
RELATED_KEYS = ("owner", "vendor", "domains", "techniques", "partners", "indicators",
                "sources", "solution")
REQUIRED_FIELDS = tuple(f for f in FIELDS if f.required)
PARTNER_FIELDS = tuple(f for f in FIELDS if f.kind == ORGANIZATIONS)
INDICATOR_FIELDS = tuple(p.name for p in INDICATOR_PARTS)
SOURCE_FIELDS = tuple(p.name for p in SOURCE_PARTS)


def field(name: str) -> Field:
    return BY_NAME[name]


def in_section(key: str) -> list[Field]:
    return [f for f in FIELDS if f.section == key]


def part(parent: str, name: str) -> Field:
    return next(p for p in BY_NAME[parent].parts if p.name == name)


@cache
def snapshot_labels() -> dict[str, str]:
    """The label of every key of a version snapshot (history page, edit conflicts)."""
    labels = {name: BY_NAME[name].verbose_label for name in SCALAR_FIELDS}
    for name in ("owner", "domains", "techniques", "indicators", "sources"):
        labels[name] = BY_NAME[name].verbose_label
    labels.update({"vendor": "fournisseur", "partners": "partenaires",
                   "solution": "solution du catalogue"})
    return labels
