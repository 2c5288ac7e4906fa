"""Suggestions of the assistant: what a column means, what a value means, with a confidence.

Nothing here writes. Columns are matched by their title (the field's label and the words
people use for it: « Statut », « État d'avancement », « Code INSEE »…) and by their
content (codes, addresses, years, statuses). Values are matched to the list of their field:
words that say the status (« en service depuis 2023 » is deployed, with 2023 as start year;
« réalisé (campagne test) » is an experimentation), yes/no in all their forms, domains and
techniques by fuzzy matching (rapidfuzz) widened by the search thesaurus, and collectivités
read as people write them (« INSEE 18033 », « SIREN 243 100 633 », « dép. 29 »,
« 29 - Finistère », « Brest (29) », « Quimper et Quimper Bretagne Occidentale »).

A confidence is a number from 0 to 100 shown to the user in words (« sûre », « probable »,
« à vérifier »); below ``PRESELECT`` nothing is chosen for the user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from recensia.imports.mapping import (
    LEFT_OUT,
    MAPPABLE_FIELDS,
    OWNER_JOIN,
    SOURCE_ID,
    TO_DESCRIPTION,
    Mapping,
    cell_key,
)
from recensia.projects import fields as F
from recensia.projects.models import (
    DecisionRole,
    Domain,
    ProjectKind,
    ProjectStatus,
    Technique,
    YesNoUnknown,
)
from recensia.projects.references import References, fold
from recensia.search.models import SynonymGroup
from recensia.territories.lookup import lookup_organizations, normalize
from recensia.territories.models import Organization, OtherBodyType

PRESELECT = 60
SURE = 90


def confidence_label(score: int) -> str:
    if score >= SURE:
        return "sûre"
    if score >= PRESELECT:
        return "probable"
    return "à vérifier"


# ---------------------------------------------------------------- columns

COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    SOURCE_ID: ("identifiant", "id", "reference", "ref", "numero", "n°", "code projet"),
    "kind": ("nature", "type de fiche", "nature de la fiche"),
    "title": ("titre", "nom du projet", "intitule", "projet", "nom", "libelle",
              "nom de l'algorithme", "algorithme", "nom du traitement", "titre du projet"),
    "short_description": ("description courte", "resume", "en bref", "objet",
                          "objet du traitement", "description succincte"),
    "description": ("description", "presentation", "fonctionnement", "detail",
                    "description detaillee"),
    "keywords": ("mots cles", "mots-cles", "tags", "etiquettes"),
    "owner": ("collectivite", "organisme", "porteur", "structure", "entite",
              "administration", "code insee", "siren", "code insee ou siren",
              "code_insee_or_siren", "insee", "code collectivite", "collectivite porteuse",
              "departement", "commune", "epci", "nom de la collectivite", "type"),
    "domains": ("domaine", "domaines", "thematique", "politique publique", "secteur",
                "champ d'action", "theme"),
    "techniques": ("technique", "techniques", "technologie", "type d'ia",
                   "type d'algorithme", "methode"),
    "status": ("statut", "etat", "avancement", "etat d'avancement", "phase", "stade"),
    "start_year": ("annee", "annee de mise en service", "annee de lancement", "depuis",
                   "mise en service", "annee de debut"),
    "start_date": ("date de debut", "date de lancement", "date de mise en service"),
    "end_date": ("date de fin",),
    "vendor_name": ("fournisseur", "prestataire", "editeur", "societe", "titulaire",
                    "entreprise"),
    "solution_name": ("solution", "logiciel", "produit", "outil", "nom de la solution"),
    "results_summary": ("resultats", "bilan", "gains", "impact", "resultat"),
    "sources": ("source", "sources", "source_url", "lien", "liens", "url", "references",
                "articles"),
    "web_page": ("page web", "site", "page du projet"),
    "contact_email": ("contact", "courriel", "email", "mail", "adresse de contact"),
    "decision_role": ("role dans la decision", "decision", "decision automatisee",
                      "decision individuelle", "place dans la decision"),
    "personal_data": ("donnees personnelles", "dcp", "donnees a caractere personnel"),
    "dpia_done": ("aipd", "analyse d'impact", "pia", "aipd realisee"),
    "hosting_country": ("pays d'hebergement", "pays", "localisation des donnees"),
    "hosting_provider": ("hebergeur", "hebergement"),
    "open_source": ("open source", "code source ouvert", "logiciel libre", "libre"),
    "source_code_url": ("code source", "depot", "depot de code"),
    "investment_eur": ("cout", "montant", "budget", "investissement", "cout d'acquisition"),
    "yearly_cost_eur": ("cout annuel", "cout de fonctionnement", "maintenance annuelle"),
    "purpose": ("objectif", "finalite", "besoin", "objectifs"),
    "team": ("service", "direction", "service porteur", "equipe"),
    "human_oversight": ("controle humain", "supervision humaine"),
    "contest_procedure": ("recours", "contestation"),
    "data_sources": ("donnees utilisees", "donnees d'entree", "jeux de donnees"),
    "partner_codes": ("partenaires", "partenaire", "collectivites partenaires"),
    "funding": ("financement", "subvention", "financements"),
    "lessons_learned": ("enseignements", "retour d'experience", "rex"),
    "risks": ("risques",),
}

_URL = re.compile(r"^https?://|^www\.", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
_YEAR = re.compile(r"^(19|20)\d{2}$")
_CODE = re.compile(r"\b(insee|siren|siret|dep\.?|reg\.?)\b|\b\d{5}\b|"
                   r"\b\d{3} ?\d{3} ?\d{3}\b|^(\d{2,3}|2[ab])\s*[-–]\s*\D")


@dataclass
class ColumnProposal:
    column: str
    target: str
    confidence: int
    reason: str
    samples: list[str]


def _labels(name: str) -> list[str]:
    words = [fold(w) for w in COLUMN_WORDS.get(name, ())]
    if name in F.BY_NAME:
        words += [fold(F.BY_NAME[name].verbose_label), fold(name.replace("_", " "))]
    return words


def _name_score(column: str, target: str) -> int:
    folded = fold(column).replace("_", " ")
    best = 0
    for label in _labels(target):
        if folded == label.replace("_", " "):
            return 100
        best = max(best, int(fuzz.ratio(folded, label)),
                   int(fuzz.token_sort_ratio(folded, label)) - 5)
    return best


def _content_guess(samples: list[str]) -> tuple[str, int, str] | None:
    if not samples:
        return None

    def share(pattern: re.Pattern) -> float:
        return sum(1 for s in samples if pattern.search(fold(s))) / len(samples)

    if share(_URL) >= 0.6:
        return "sources", 75, "les cellules sont des adresses web"
    if share(_EMAIL) >= 0.6:
        return "contact_email", 80, "les cellules sont des adresses électroniques"
    if share(_YEAR) >= 0.6:
        return "start_year", 70, "les cellules sont des années"
    if share(_CODE) >= 0.6:
        return "owner", 70, "les cellules ressemblent à des codes de collectivités"
    statuses = sum(1 for s in samples if status_suggestion(s)[0])
    if statuses / len(samples) >= 0.6:
        return "status", 70, "les cellules décrivent un avancement"
    return None


def propose_columns(header: list[str], rows: list[list[Any]],
                    saved: Mapping | None = None) -> list[ColumnProposal]:
    """One proposal per column: the saved mapping first, then title, then content."""
    proposals, taken = [], set()
    multiple = {"owner", TO_DESCRIPTION}
    for position, column in enumerate(header):
        if not column:
            continue
        samples = []
        for row in rows[:200]:
            value = cell_key(row[position]) if position < len(row) else ""
            if value and value not in samples:
                samples.append(value)
            if len(samples) >= 5:
                break
        if saved is not None and column in saved.columns:
            target = saved.columns[column]
            proposals.append(ColumnProposal(column, target, 100,
                                            "correspondance enregistrée", samples[:3]))
            taken.add(target)
            continue
        scored = sorted(((_name_score(column, f), f) for f in
                         (SOURCE_ID, *(spec.name for spec in MAPPABLE_FIELDS))), reverse=True)
        score, target = scored[0]
        reason = "titre de la colonne"
        guess = _content_guess(samples)
        if guess and (score < 80 or guess[0] == target) and \
                (guess[1] > score or guess[0] == target):
            target, score, reason = guess[0], max(guess[1], score), guess[2]
        if score < PRESELECT or (target in taken and target not in multiple):
            target, score, reason = TO_DESCRIPTION, 0, "aucun champ ne correspond"
        taken.add(target)
        proposals.append(ColumnProposal(column, target, score, reason, samples[:3]))
    return proposals


def target_choices() -> list[tuple[str, str]]:
    """What a column may become, as shown in the select of each column."""
    choices = [(SOURCE_ID, "Identifiant de la ligne (pour les mises à jour)")]
    choices += [(f.name, f.title) for f in MAPPABLE_FIELDS]
    choices += [(TO_DESCRIPTION, "Garder dans la description (avec le titre de la colonne)"),
                ("+keywords", "Garder dans les mots-clés"),
                (LEFT_OUT, "Ne pas importer cette colonne")]
    return choices


def target_label(target: str) -> str:
    return dict(target_choices()).get(target, target)


# ---------------------------------------------------------------- values

@dataclass
class Suggestion:
    """What a distinct value of the file probably means."""

    value: Any                      # a code, a list of slugs, or None
    confidence: int
    explanation: str = ""
    start_year: int | None = None
    partners: list[str] = field(default_factory=list)
    candidates: list[tuple[str, str]] = field(default_factory=list)  # (code, label)
    body: dict[str, str] | None = None

    @property
    def confidence_label(self) -> str:
        return confidence_label(self.confidence)


# Status words. The first one met in the cell says the status (« en service depuis 2021
# (conception 2020) » is deployed); words of abandon win wherever they are, and words of the
# future at the start (« déploiement annoncé pour 2026 ») make it a study.
STATUS_WORDS = (
    (ProjectStatus.STOPPED, ("arret", "abandon", "suspendu", "annule", "interrompu",
                             "non reconduit", "stoppe", "desactive", "interdit", "censure")),
    (ProjectStatus.PILOT, ("experiment", "test", "pilote", "poc", "preuve de concept",
                           "prototype", "essai", "beta", "phase d'essai", "demonstrateur")),
    (ProjectStatus.STUDY, ("etude", "reflexion", "cadrage", "en projet", "appel d'offres",
                           "consultation", "a l'etude", "analyse des besoins", "prevu",
                           "en preparation", "retenu", "laureat", "annonce", "a venir")),
    (ProjectStatus.DEPLOYED, ("deploy", "deploie", "en service", "en production",
                              "operationnel", "generalis", "utilise", "en fonctionnement",
                              "actif", "mis en place", "mise en place", "mise en service",
                              "en place", "en usage", "adopte", "equipe")),
    (ProjectStatus.IDEA, ("idee", "envisage", "piste", "intention", "souhait")),
)
_FUTURE = re.compile(r"^.{0,40}(?<![a-z])(annonce|prevu|a venir|envisage|programme pour)")
_START_YEAR = re.compile(
    r"(?:depuis|lance\w*|demarre\w*|mis\w* en (?:service|place|production)|en service|"
    r"deploye\w*|debut\w*)\D{0,25}?((?:19|20)\d{2})")


def _has_word(text: str, word: str) -> bool:
    return re.search(r"(?<![a-z])" + re.escape(word), text) is not None


def status_suggestion(raw: str) -> tuple[str | None, int, int | None]:
    """(status code, confidence, start year) for a status written in free text."""
    text = fold(raw)
    for code, label in ProjectStatus.choices:
        if text in (fold(code), fold(str(label))):
            return code, 100, None
    positions = {}
    for code, words in STATUS_WORDS:
        for word in words:
            match = re.search(r"(?<![a-z])" + re.escape(word), text)
            if match and (code not in positions or match.start() < positions[code]):
                positions[code] = match.start()
    if not positions:
        best = process.extractOne(text, {c: fold(str(lab)) for c, lab in
                                         ProjectStatus.choices}, scorer=fuzz.WRatio)
        if best and best[1] >= 80:
            return best[2], int(best[1]) - 10, None
        return None, 0, None
    found = sorted(positions, key=positions.get)
    if ProjectStatus.STOPPED in positions:
        found.remove(ProjectStatus.STOPPED)
        found.insert(0, ProjectStatus.STOPPED)
    elif _FUTURE.search(text) and found[0] == ProjectStatus.DEPLOYED:
        found.insert(0, ProjectStatus.STUDY)
    year = _START_YEAR.search(text)
    start = int(year.group(1)) if year and found[0] in (ProjectStatus.DEPLOYED,
                                                        ProjectStatus.PILOT) else None
    return found[0], 90 if len(found) == 1 else 70, start


YES_WORDS = ("oui", "yes", "o", "x", "vrai", "true", "1", "fait", "realise", "realisee")
NO_WORDS = ("non", "no", "n", "faux", "false", "0", "aucun", "aucune", "pas de")
UNKNOWN_WORDS = ("ne sait pas", "nsp", "?", "inconnu", "non renseigne", "a verifier",
                 "a preciser", "en cours", "nc", "n/a", "na")


def yes_no_suggestion(raw: str) -> tuple[str | None, int]:
    text = fold(raw).strip(" .!")
    for words, code in ((UNKNOWN_WORDS, YesNoUnknown.UNKNOWN), (NO_WORDS, YesNoUnknown.NO),
                        (YES_WORDS, YesNoUnknown.YES)):
        if text in words:
            return code, 100
    first = re.split(r"[\s,(;:.-]+", text, maxsplit=1)[0]
    for words, code in ((NO_WORDS, YesNoUnknown.NO), (YES_WORDS, YesNoUnknown.YES)):
        if first in words:
            return code, 85
    return None, 0


DECISION_WORDS = (
    (DecisionRole.NOT_APPLICABLE, ("sans objet", "aucune decision", "pas de decision")),
    (DecisionRole.DECIDES, ("automatique", "decide seul", "sans intervention", "automatise")),
    (DecisionRole.ASSISTS, ("aide", "assist", "agent", "propos", "humain", "suggest",
                            "accompagn", "prepar")),
)
GOVERNANCE_WORDS = ("charte", "strategie", "convention", "programme", "gouvernance",
                    "feuille de route", "doctrine", "appel a projets")


def _choice_fallback(spec: F.Field, raw: str) -> tuple[str | None, int]:
    options = {code: fold(str(label)) for code, label in spec.choices}
    options.update({f"{code}\x00": fold(code) for code in list(options)})
    best = process.extractOne(fold(raw), options, scorer=fuzz.WRatio)
    if best is None:
        return None, 0
    return best[2].rstrip("\x00"), int(best[1] * 0.8)


def choice_suggestion(name: str, raw: str) -> Suggestion:
    spec = F.BY_NAME[name]
    text = fold(raw)
    for code, label in spec.choices:
        if text in (fold(code), fold(str(label))):
            return Suggestion(code, 100, "valeur de la liste")
    if name == "status":
        code, score, year = status_suggestion(raw)
        explanation = "mots qui décrivent l'avancement"
        if year:
            explanation += f" ; {year} retenue comme année de lancement"
        if code:
            return Suggestion(code, score, explanation, start_year=year)
    elif spec.model_field.choices is YesNoUnknown.choices or \
            {c for c, _l in spec.choices} == set(YesNoUnknown.values):
        code, score = yes_no_suggestion(raw)
        if code:
            return Suggestion(code, score, "oui ou non écrit autrement")
    elif name == "decision_role":
        for code, words in DECISION_WORDS:
            if any(_has_word(text, w) for w in words):
                return Suggestion(code, 75, "mots qui décrivent la place de l'IA")
    elif name == "kind":
        if text.startswith("(") or any(_has_word(text, w) for w in GOVERNANCE_WORDS):
            return Suggestion(ProjectKind.GOVERNANCE, 85, "charte, stratégie ou programme")
        return Suggestion(ProjectKind.AI_SYSTEM, 70, "aucun mot de gouvernance")
    code, score = _choice_fallback(spec, raw)
    return Suggestion(code if score >= PRESELECT else None, score,
                      "écriture la plus proche")


def _thesaurus() -> list[list[str]]:
    groups = []
    for terms in SynonymGroup.objects.filter(is_active=True).values_list("terms", flat=True):
        words = [fold(t) for t in re.split(r"[,>]", terms) if t.strip()]
        if len(words) > 1:
            groups.append(words)
    return groups


class Matcher:
    """Suggestions for the distinct values of one file (lists and thesaurus read once)."""

    def __init__(self) -> None:
        # Each entry with its name and what it covers (its description), folded.
        self._entries = {model: [(e.slug, e.name, fold(e.name),
                                  f"{fold(e.name)} {fold(e.description)}")
                                 for e in model.objects.order_by("position", "name")]
                         for model in (Domain, Technique)}
        self._groups = _thesaurus()
        self.refs = References()

    def suggest(self, name: str, raw: str) -> Suggestion:
        spec = F.BY_NAME[name]
        if spec.kind == F.CHOICE:
            return choice_suggestion(name, raw)
        if spec.kind == F.TAXONOMY:
            return self.taxonomy(spec.reference, raw)
        return self.organizations(raw)

    # ------------------------------------------------------------ domains, techniques
    def _expanded(self, text: str) -> str:
        words = [text]
        for group in self._groups:
            if any(re.search(r"(?<![a-z])" + re.escape(term) + r"(?![a-z])", text)
                   for term in group):
                words.extend(group)
        return " ".join(words)

    def taxonomy(self, model, raw: str) -> Suggestion:
        text = fold(raw)
        entries = self._entries[model]
        candidates = [(slug, name) for slug, name, _f, _d in entries]
        for slug, _name, folded, _covers in entries:
            if text in (folded, slug):
                return Suggestion([slug], 100, "valeur de la liste", candidates=candidates)
        expanded = self._expanded(text)
        words = {w[:5] for w in re.findall(r"[a-z]{4,}", expanded)}
        scored = []
        for slug, _name, folded, covers in entries:
            plain = fuzz.token_set_ratio(text, folded)
            partial = fuzz.partial_ratio(folded, text) if len(folded) <= len(text) else 0
            wide = fuzz.token_set_ratio(expanded, folded) * 0.9
            hits = sum(1 for w in words if re.search(r"(?<![a-z])" + w, covers))
            scored.append((max(plain, partial, wide) + 15 * min(hits, 3), slug))
        scored.sort(reverse=True)
        score, slug = scored[0]
        score = int(min(95, score))
        if len(scored) > 1 and scored[1][0] >= scored[0][0] - 3:
            score = min(score, 70)
        return Suggestion([slug] if score >= PRESELECT else None, score,
                          "mots, synonymes et description de la liste les plus proches",
                          candidates=candidates)

    # ------------------------------------------------------------ collectivités
    def organizations(self, raw: str) -> Suggestion:
        return owner_suggestion(raw, self.refs)


# ---------------------------------------------------------------- collectivités

_DEP = r"(\d{2,3}|2[ab])"
_CODE_PATTERNS = (
    (re.compile(r"(?:insee\s*)?(?:dep|dept|departement)\b\.?\s*(?:n°\s*)?" + _DEP + r"\b"),
     "departement-{}"),
    (re.compile(r"(?:insee\s*)?(?:reg|region)\b\.?\s*(?:n°\s*)?(\d{2})\b"), "region-{}"),
    (re.compile(r"insee\s*(?:n°\s*)?:?\s*(\d{5}|2[ab]\d{3})\b"), "{}"),
    (re.compile(r"sire[nt]\s*(?:n°\s*)?:?\s*(\d[\d\s.\u00a0\u202f]{8,20}\d)"), "siren:{}"),
)
_BARE_SIREN = re.compile(r"(?<!\d)(\d{3}[\s.\u00a0\u202f]?\d{3}[\s.\u00a0\u202f]?\d{3})(?!\d)")
_DEP_HINT = re.compile(r"\(" + _DEP + r"\)|^" + _DEP + r"\s*[-–]\s*\D|\b" + _DEP + r"$")
_DEP_LABEL = re.compile(r"^(?:(?P<name>[a-z' -]+?)\s*\((?P<a>\d{2,3}|2[ab])\)|"
                        r"(?P<b>\d{2,3}|2[ab])\s*[-–]\s*(?P<name2>[a-z' -]+))$")
GENERIC_NAMES = frozenset({"departement", "conseil departemental", "le departement", "cd",
                           "region", "conseil regional", "la region"})
_SPLIT_PAIR = re.compile(r"\s+(?:et|/|\+|&)\s+|\s*/\s*|\s*\+\s*")
_PREFIXES = re.compile(r"^(?:ville|commune|mairie|cite)\s+(?:de\s+|d')|"
                       r"^(?:conseil\s+departemental|departement|conseil\s+regional|region)"
                       r"\s+(?:de\s+la\s+|de\s+l'|du\s+|des\s+|de\s+|d')?")


def _codes(text: str) -> list[str]:
    folded = fold(text)
    codes = []
    for pattern, shape in _CODE_PATTERNS:
        for match in pattern.finditer(folded):
            value = match.group(1).upper() if shape != "siren:{}" else \
                re.sub(r"\D", "", match.group(1))
            if shape == "siren:{}":
                if len(value) not in (9, 14):
                    continue
                value = value[:9]
                shape_value = value
            else:
                shape_value = shape.format(value)
            if shape_value not in codes:
                codes.append(shape_value)
    if not codes:
        for match in _BARE_SIREN.finditer(folded):
            digits = re.sub(r"\D", "", match.group(1))
            if digits not in codes:
                codes.append(digits)
    return codes


def guess_body_type(text: str) -> str:
    folded = fold(text)
    if "sdis" in folded or "incendie" in folded:
        return OtherBodyType.SDIS
    if re.search(r"\b(syndicat|sivom|sivu|smict|sdeau|sde)\b", folded) or \
            folded.startswith("sm "):
        return OtherBodyType.SYNDICAT
    if re.search(r"\b(regie|office|epic|etablissement public|gip|spl)\b", folded):
        return OtherBodyType.REGIE
    if re.search(r"numerique|informatique|megalis|e-bourgogne|sictiam|opsn", folded):
        return OtherBodyType.OPSN
    return OtherBodyType.OTHER


def _dep_hint(parts: list[str]) -> str:
    for part in parts:
        match = _DEP_HINT.search(fold(part))
        if match:
            return next(g for g in match.groups() if g).upper()
    return ""


def _clean_name(part: str) -> str:
    folded = fold(part)
    name = part
    match = _PREFIXES.match(folded)
    if match:
        name = part[match.end():]
    name = re.sub(r"\s*\((?:\d{2,3}|2[ABab])\)\s*$", "", name).strip()
    return name


def _label(org: Organization) -> str:
    return f"{org.name} — {org.summary}" if hasattr(org, "summary") else org.name


def _by_name(name: str, departement: str) -> tuple[list[Organization], bool]:
    """Collectivités named ``name`` (in the département when known); True when the first
    has exactly that name."""
    query = f"{name} ({departement})" if departement else name
    found = lookup_organizations(query, limit=5).results
    if not found and departement:
        found = lookup_organizations(name, limit=5).results
    wanted = normalize(name)
    exact = [o for o in found if normalize(o.name) == wanted]
    if exact:
        return exact + [o for o in found if o not in exact], len(exact) == 1
    return found, False


def _departement_label(part: str, refs: References) -> bool:
    """« Manche (50) », « 29 - Finistère »: a département named with its number."""
    match = _DEP_LABEL.match(fold(part))
    if not match:
        return False
    code = (match["a"] or match["b"]).upper()
    name = match["name"] or match["name2"] or ""
    org = refs.organization(f"departement-{code}")
    return isinstance(org, Organization) and normalize(org.name) == normalize(name)


def owner_suggestion(raw: str, refs: References | None = None) -> Suggestion:
    """The collectivité (and partners) that a cell names, or a public body to request."""
    refs = refs or References()
    parts = [p.strip() for p in raw.split(OWNER_JOIN.strip()) if p.strip()]
    codes = _codes(raw)
    orgs: list[Organization] = []
    notes = []
    for code in codes:
        org = refs.organization(code)
        if isinstance(org, Organization):
            if org not in orgs:
                orgs.append(org)
        else:
            notes.append(org)
    departement = _dep_hint(parts)
    if orgs:
        owner, partners = orgs[0], orgs[1:]
        explanation = "code lu dans la cellule"
        if partners:
            explanation = ("plusieurs codes : la première collectivité porte le projet, les "
                           "autres sont partenaires (à confirmer)")
        return Suggestion(owner.url_code, 95 if not partners else 80, explanation,
                          partners=[o.url_code for o in partners],
                          candidates=[(o.url_code, _label(o)) for o in orgs])
    names = [p for p in parts if not _codes(p) and not _departement_label(p, refs)
             and fold(p) not in GENERIC_NAMES]
    if not names and departement:
        org = refs.organization(f"departement-{departement}")
        if isinstance(org, Organization):
            return Suggestion(org.url_code, 90, "département désigné par son numéro",
                              candidates=[(org.url_code, _label(org))])
    if not names and parts:
        names = [parts[0]]
    found_orgs, candidates, sure = [], [], True
    for name in names[:1]:
        pieces = [p for p in _SPLIT_PAIR.split(name) if p.strip()]
        for piece in pieces:
            hits, exact = _by_name(_clean_name(piece), departement)
            if hits:
                if hits[0] not in found_orgs:
                    found_orgs.append(hits[0])
                candidates += [(o.url_code, _label(o)) for o in hits if
                               (o.url_code, _label(o)) not in candidates]
                sure = sure and exact
            elif len(pieces) > 1:
                sure = False
        if not found_orgs:
            hits, exact = _by_name(_clean_name(name), departement)
            found_orgs, sure = hits[:1], exact
            candidates = [(o.url_code, _label(o)) for o in hits]
    body = {"name": _clean_name(names[0]) if names else raw, "other_type":
            guess_body_type(raw), "departement": departement}
    if not found_orgs:
        return Suggestion(None, 0, "aucune collectivité de ce nom : demandez la création de "
                                   "l'organisme", body=body)
    owner, partners = found_orgs[0], found_orgs[1:]
    score = (90 if sure else 55) - (10 if partners else 0)
    explanation = "nom de la collectivité" + (" dans le département indiqué" if departement
                                               else "")
    if partners:
        explanation = ("la cellule nomme plusieurs collectivités : la première porte le projet, "
                       "les autres sont partenaires (à confirmer)")
    return Suggestion(owner.url_code, score, explanation,
                      partners=[o.url_code for o in partners], candidates=candidates[:6],
                      body=body)
