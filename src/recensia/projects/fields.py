"""The list of project fields: the one place that names what a project holds.

Every way into the register reads it: the web form (its steps, sections, help texts and
« en savoir plus »), the API, the table import, the JSON import and the bulk loader (through
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
    Section("purpose", "Objectif"),
    Section("results", "Résultats"),
    Section("indicators", "Indicateurs de résultat",
            "Une mesure par ligne : la valeur avant, la valeur après, qui l'a mesurée et "
            "quand."),
    Section("solution", "Solution, coûts, hébergement"),
    Section("risks", "Données personnelles, contrôle, recours"),
    Section("sources", "Sources publiques",
            "Articles, délibérations, pages officielles qui documentent le projet."),
    Section("lessons", "Enseignements"),
    Section("contact", "Contact"),
    Section("review", "Suivi de la fiche"),
)


@dataclass(frozen=True)
class Step:
    """One step of the declaration: a page of the form, made of whole sections. ``key`` is
    what the address holds (« ?etape=solution »)."""

    key: str
    title: str
    intro: str
    sections: tuple[str, ...]


# The declaration in steps, in the order a person fills it in. Every section is in exactly
# one step (checked by the tests); a field's step is its section's.
STEPS = (
    Step("identite", "Identité et objectif",
         "Ce que fait le projet, pour qui, où il en est et quel besoin il couvre.",
         ("identity", "classification", "purpose")),
    Step("collectivites", "Collectivités, partenaires et contact",
         "Les autres collectivités qui participent, et qui contacter pour en savoir plus.",
         ("partners", "contact")),
    Step("solution", "Solution, fournisseur et coûts",
         "Ce qui a été acheté ou développé, à qui, combien, et où sont les serveurs. "
         "Laissez vide ce que vous ne savez pas : vous compléterez plus tard.",
         ("solution",)),
    Step("donnees", "Données, contrôle et recours",
         "Les données utilisées, qui vérifie le travail de l'IA et comment un habitant peut "
         "contester.",
         ("risks",)),
    Step("resultats", "Résultats et sources",
         "Ce que le projet a donné, les documents publics qui en parlent, et ce que vous "
         "en retenez pour les autres collectivités.",
         ("results", "indicators", "sources", "lessons", "review")),
)
STEP_KEYS = tuple(step.key for step in STEPS)


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
    more: str = ""                               # « en savoir plus »: a longer explanation
    more_url: str = ""                           # … and the official page that says more

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
    def step(self) -> Step:
        """The step of the declaration that holds the field."""
        return next(step for step in STEPS if self.section in step.sections)

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
          help="Un système d'IA est un outil qui fonctionne (assistant, détection, "
               "prévision…) ; une démarche de gouvernance est une charte, une stratégie, une "
               "convention citoyenne ou un programme de financement."),
    Field("title", TEXT, "identity", required=True,
          help="Un titre parlant, par exemple « Détection des fuites sur le réseau d'eau »."),
    Field("short_description", LONG_TEXT, "identity", required=True),
    Field("description", LONG_TEXT, "identity", lines=6,
          help="Le contexte, le fonctionnement, les personnes concernées."),
    Field("keywords", KEYWORDS, "identity"),
    Field("owner", OWNER, "identity", required=True,
          help="La collectivité qui pilote le projet (vous devez en être membre validé)."),
    # Classement et avancement
    Field("domains", TAXONOMY, "classification", reference=Domain,
          help="Le ou les domaines de l'action publique concernés. Pour soumettre la fiche, "
               "cochez-en au moins un."),
    Field("techniques", TAXONOMY, "classification", reference=Technique,
          help="Comment l'IA fonctionne. Pour soumettre un système d'IA, cochez-en au moins "
               "une ; si vous ne savez pas, cochez « Non précisé ».",
          more="Un assistant qui répond en langage courant (chatbot) utilise le plus souvent "
               "un « modèle de langage » (IA générative) ; une détection d'anomalies ou de "
               "fuites utilise l'apprentissage automatique sur des mesures ; une caméra qui "
               "reconnaît des objets utilise la vision par ordinateur."),
    Field("status", CHOICE, "classification",
          help="Où en est le projet aujourd'hui."),
    Field("status_detail", TEXT, "classification",
          help="Par exemple « expérimentation sur 3 quartiers jusqu'en juin »."),
    Field("status_reason", LONG_TEXT, "classification"),
    Field("start_year", YEAR, "classification", help="Année de lancement, même approximative."),
    Field("start_date", DATE, "classification"),
    Field("end_date", DATE, "classification"),
    # Mutualisation
    Field("partner_codes", ORGANIZATIONS, "partners", label="collectivités partenaires",
          model=None, role=PartnerRole.PARTNER,
          help="Laissez vide si votre collectivité mène le projet seule. " + CODES_HELP),
    Field("follower_codes", ORGANIZATIONS, "partners",
          label="collectivités qui suivent le projet ou l'utilisent aussi", model=None,
          role=PartnerRole.FOLLOWER,
          help="Mêmes codes que ci-dessus : ces collectivités rejoignent le projet derrière la "
               "collectivité porteuse (mutualisation)."),
    # Objectif
    Field("purpose", LONG_TEXT, "purpose",
          help="Le besoin de départ : quel problème le projet doit-il résoudre ?"),
    Field("decision_role", CHOICE, "purpose",
          help="L'IA prépare-t-elle le travail d'un agent, qui décide, ou produit-elle seule "
               "une décision qui s'impose à un habitant ?",
          more="Un assistant qui renseigne les habitants ne prend aucune décision "
               "individuelle : choisissez « Sans objet ». Quand un outil décide seul d'une "
               "aide, d'une amende ou d'une place, la loi exige une intervention humaine "
               "possible et une explication (RGPD, article 22 ; code des relations entre le "
               "public et l'administration, article L311-3-1).",
          more_url="https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000033205535"),
    Field("alternatives_considered", LONG_TEXT, "purpose",
          help="Ce qui a été envisagé à la place, y compris une solution sans IA "
               "(réorganisation, logiciel classique…)."),
    # Résultats
    Field("results_summary", LONG_TEXT, "results",
          help="Les résultats observés, en précisant qui les a mesurés."),
    Field("indicators", ROWS, "indicators", model=None, label="indicateurs de résultat",
          parts=INDICATOR_PARTS, item_title="Indicateur"),
    # Solution, coûts, hébergement
    Field("solution_name", TEXT, "solution",
          help="Le nom commercial du logiciel ou du service, tel qu'il figure sur le devis."),
    Field("vendor_name", TEXT, "solution", label="fournisseur", model=Vendor, column="name",
          help="Nom de l'entreprise ou de l'organisme qui vend ou fournit la solution."),
    Field("vendor_siren", SIREN, "solution", label="SIREN du fournisseur", model=Vendor,
          column="siren",
          help="Le numéro à 9 chiffres qui identifie l'entreprise ; il figure sur ses devis "
               "et factures.",
          more="Le SIREN permet de retrouver le même fournisseur d'une collectivité à "
               "l'autre, même s'il est écrit différemment. L'Annuaire des entreprises de "
               "l'État le donne à partir du nom.",
          more_url="https://annuaire-entreprises.data.gouv.fr/"),
    Field("procurement", TEXT, "solution",
          help="Par exemple marché public, convention, groupement de commandes, "
               "développement interne."),
    Field("investment_eur", AMOUNT, "solution",
          help="La dépense de départ (achat, installation, formation), écrite comme vous en "
               "avez l'habitude : « 3 500 € » ou « 3 500,50 »."),
    Field("yearly_cost_eur", AMOUNT, "solution",
          help="Ce qui est payé chaque année (abonnement, licence, maintenance), par exemple "
               "« 1 200 € »."),
    Field("funding", LONG_TEXT, "solution",
          help="Subventions ou appels à projets obtenus, avec leur montant si vous le "
               "connaissez."),
    Field("hosting_provider", TEXT, "solution",
          help="L'entreprise dont les serveurs font fonctionner le service (souvent écrite "
               "dans le contrat). Laissez vide si vous ne savez pas."),
    Field("hosting_country", TEXT, "solution",
          help="Le pays où sont ces serveurs, par exemple « France »."),
    Field("secnumcloud", CHOICE, "solution",
          help="SecNumCloud est la qualification de sécurité des hébergeurs délivrée par "
               "l'ANSSI, l'agence nationale de la sécurité des systèmes d'information.",
          more="Un hébergeur qualifié SecNumCloud a été contrôlé par l'État : sécurité des "
               "serveurs et protection contre les lois étrangères qui permettraient d'accéder "
               "aux données. Demandez-le au fournisseur ; s'il ne sait pas, la réponse est "
               "probablement non.",
          more_url="https://cyber.gouv.fr/"),
    Field("open_source", CHOICE, "solution",
          help="Le programme est-il publié sous une licence libre, que chacun peut lire et "
               "réutiliser ?"),
    Field("source_code_url", URL, "solution"),
    Field("data_sources", LONG_TEXT, "solution",
          help="Les informations que l'outil lit ou dont il a appris : pages du site, "
               "délibérations, relevés de compteurs, images…"),
    # Données personnelles, contrôle, recours
    Field("personal_data", CHOICE, "risks",
          help="Toute information qui se rapporte à une personne : nom, adresse, numéro de "
               "téléphone, voix, visage, plaque d'immatriculation, question posée par un "
               "habitant identifiable…"),
    Field("personal_data_details", LONG_TEXT, "risks",
          help="Lesquelles, combien de temps elles sont gardées, qui y a accès."),
    Field("dpia_done", CHOICE, "risks",
          help="L'AIPD (analyse d'impact relative à la protection des données) est une étude "
               "des risques pour la vie privée, exigée par le RGPD pour les traitements à "
               "risque.",
          more="Le délégué à la protection des données (DPO) de la collectivité, ou celui du "
               "centre de gestion, sait si elle a été faite. La CNIL publie la liste des "
               "traitements pour lesquels elle est obligatoire.",
          more_url="https://www.cnil.fr/fr/liste-traitements-aipd-requise"),
    Field("fria_done", CHOICE, "risks",
          help="Une étude des effets de l'outil sur les droits des personnes (égalité, accès "
               "aux services, vie privée), exigée pour certains systèmes à haut risque.",
          more="Le règlement européen sur l'IA (article 27) l'impose aux organismes publics "
               "qui utilisent un système d'IA à haut risque, par exemple pour attribuer une "
               "aide sociale. Pour un assistant qui renseigne les habitants, elle n'est "
               "généralement pas exigée : le questionnaire de conformité vous le dira.",
          more_url="https://eur-lex.europa.eu/legal-content/FR/TXT/?uri=CELEX:"
                   "02024R1689-20260727#art_27"),
    Field("human_oversight", LONG_TEXT, "risks",
          help="Qui vérifie les résultats de l'IA, et comment ? Par exemple « un agent relit "
               "chaque semaine les conversations signalées »."),
    Field("contest_procedure", LONG_TEXT, "risks",
          help="Comment un habitant peut-il demander des explications ou contester ? Par "
               "exemple « par courriel à la mairie, réponse sous 15 jours »."),
    Field("risks", LONG_TEXT, "risks",
          help="Ce qui pourrait mal tourner (erreur, réponse fausse, panne) et ce qui a été "
               "prévu."),
    Field("sources", ROWS, "sources", model=None, label="sources", parts=SOURCE_PARTS,
          item_title="Source"),
    # Enseignements
    Field("lessons_learned", LONG_TEXT, "lessons",
          help="Ce que vous conseilleriez à une autre collectivité qui se lance."),
    # Contact
    Field("team", TEXT, "contact",
          help="Par exemple « secrétariat de mairie » ou « direction du numérique »."),
    Field("contact_email", EMAIL, "contact",
          help="Une adresse de service (par exemple mairie@commune.fr), pas une adresse "
               "personnelle. Pour soumettre la fiche, il faut une adresse de contact ou au "
               "moins une source publique."),
    Field("web_page", URL, "contact"),
    # Suivi
    Field("next_review_date", DATE, "review",
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
