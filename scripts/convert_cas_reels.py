#!/usr/bin/env python3
"""Convertit les cas réels de projets d'IA de collectivités (CSV) en fichier de démonstration RecensIA.

Entrée : cas_collectivites_ia.csv (58 lignes) et le référentiel decoupage-administratif.
Sortie : src/recensia/projects/data/demo_projects.json

Script déterministe, bibliothèque standard uniquement. Les champs mécaniques (identifiant,
nature, collectivités, statut, année, sources, fournisseur, résultats) sont calculés à partir
des cellules ; les textes rédigés (descriptions, mots-clés, domaines, techniques, indicateurs)
sont une table éditoriale par ligne, écrite à partir des seuls faits de la ligne, puis vérifiée.
Le script échoue (code de sortie 1) si un code de collectivité est introuvable ou si une
règle de contrôle n'est pas respectée.

Usage : python scripts/convert_cas_reels.py [--shared DOSSIER] [--csv CHEMIN] [--ref DOSSIER]
                                           [--out FICHIER]

Par défaut, --csv et --ref sont lus dans le dossier des données partagées (--shared),
lui-même ../shared à côté du dépôt.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"
CSV_IN_SHARED = Path("data") / "cas-reels" / "cas_collectivites_ia.csv"
REF_IN_SHARED = Path("data") / "decoupage-administratif-6.0.0"
DEFAULT_OUT = ROOT / "src" / "recensia" / "projects" / "data" / "demo_projects.json"

EXPECTED_ROWS = 58
EXPECTED_COLUMNS = [
    "collectivite", "type", "code_insee_or_siren", "departement", "titre", "domaine",
    "technique", "fournisseur", "statut", "annee", "resultats", "source_url",
]

DOMAINS = [
    "Relation aux usagers et accueil", "Administration et documents", "Eau et assainissement",
    "Déchets et propreté", "Sécurité et tranquillité publique", "Mobilité et stationnement",
    "Voirie et espace public", "Risques naturels", "Environnement et climat",
    "Énergie et bâtiments", "Urbanisme et aménagement", "Éducation et restauration scolaire",
    "Action sociale et santé", "Développement économique", "Gouvernance et stratégie de l'IA",
    "Données et aide à la décision",
]
TECHNIQUES = [
    "IA générative (modèles de langage)", "Agent conversationnel (chatbot, callbot)",
    "Vision par ordinateur", "Prévision par apprentissage automatique", "Optimisation",
    "Traitement du langage et recherche d'information", "Capteurs et analyse de données (IoT)",
    "Reconnaissance biométrique", "Jumeau numérique", "Transcription et synthèse de la parole",
    "Non précisé",
]
STATUSES = ["idea", "study", "pilot", "deployed", "stopped"]
OTHER_TYPES = ["syndicat", "sdis", "opsn", "regie", "autre", "ept"]

# Raccourcis pour la table éditoriale
D_USR, D_ADM, D_EAU, D_DEC, D_SEC, D_MOB, D_VOI, D_RIS, D_ENV, D_NRJ, D_URB, D_EDU, D_SOC, D_ECO, D_GOV, D_DAT = DOMAINS
T_GEN, T_BOT, T_VIS, T_PRE, T_OPT, T_TAL, T_IOT, T_BIO, T_JUM, T_PAR, T_NP = TECHNIQUES


def ind(label, before, after, unit, by, on, src, note=""):
    """Indicateur ; src = index (0, 1, ...) d'une URL de la ligne, ou None."""
    return {"label": label, "value_before": before, "value_after": after, "unit": unit,
            "measured_by": by, "measured_on": on, "src": src, "note": note}


# ---------------------------------------------------------------------------
# Règles mécaniques
# ---------------------------------------------------------------------------

# Nature : « governance » quand la cellule technique commence par « ( »,
# sauf « (non précisé ...) » qui signale un système d'IA dont la technique est inconnue.
def kind_of(technique: str) -> str:
    t = technique.strip()
    if t.startswith("(") and not t.lower().startswith("(non précisé"):
        return "governance"
    return "ai_system"


# Statut : règles appliquées dans l'ordre, la première qui correspond l'emporte.
STATUS_RULES_GOVERNANCE = [
    (r"adopt|vot[ée]|terminée|publié|lancé", "deployed"),
    (r"préparation|élaboration|en cours", "study"),
]
STATUS_RULES_AI = [
    (r"suspendu|refusé|abandonn|arrêté", "stopped"),
    (r"étude|incubation", "study"),
    (r"^(partenariat )?annoncé", "idea"),
    (r"en service|en usage|déployé|déploiement|en ligne|opérationnel(?! visé)|en cours|"
     r"rapport publié|contrat signé", "deployed"),
    (r"expériment|test|pilote|lancé", "pilot"),
    (r"annoncé", "idea"),
]
# Décisions au cas par cas, documentées dans README-demo.md
STATUS_OVERRIDES = {
    52: ("pilot", "« en service (quartier pilote) » : limité à un quartier pilote"),
    55: ("pilot", "statut inconnu (seul le titre de la section du rapport du Sénat est connu) ; "
                  "classé en expérimentation par défaut"),
}

STOP_REASONS = {
    25: "Suspendu par la nouvelle municipalité en décembre 2020 ; le dispositif est contesté en justice.",
    49: "Renouvellement de l'expérimentation refusé par la CNIL en 2020.",
}
LESSONS = {
    25: "Le système de vidéoprotection intelligente commandé en 2018 a été suspendu par la nouvelle "
        "municipalité en décembre 2020 et contesté en justice : un projet de vidéo algorithmique "
        "dépend d'un accord politique et juridique durable.",
    49: "L'expérimentation de reconnaissance faciale de 2019, menée avec des volontaires et suivie "
        "d'un rapport remis à la CNIL, n'a pas pu être renouvelée : la CNIL a refusé son "
        "renouvellement en 2020.",
}

DECISION_OVERRIDES = {
    40: "decides",  # « déclenchement automatique de la procédure »
}

# Fournisseur : premier élément de la liste séparée par « ; », sans la parenthèse.
VENDOR_NONE_PREFIXES = ("développement interne", "démarche")
VENDOR_OVERRIDES = {
    13: "Microsoft",             # « Microsoft Teams (fonction payante intégrée) » : Teams = solution
    18: "SAP",                   # « SAP HANA » : composant logiciel de SAP
    33: "Engagés au Quotidien",  # « centre d'appels « Engagés au Quotidien » (partenaire) »
}
SOLUTIONS = {
    1: "Optimus", 5: "Delibia", 6: "Delibia", 7: "Delibia", 12: "IssyGPT",
    13: "Microsoft Teams", 17: "Iris", 19: "BIA 64 200", 23: "Ma Région près de chez moi",
    24: "Spirit", 26: "Koalemos", 27: "IA.rbre", 40: "VizziaCam 360", 44: "CamIA",
    51: "Heywaste",
}

# Propriétaire : le premier code de la cellule, sauf exceptions ci-dessous.
# Organismes sans code : {"other_type", "name"} ; le département vient de la cellule « departement ».
OWNER_NO_CODE = {
    5: {"other_type": "opsn", "name": "Numérian"},
    32: {"other_type": "regie", "name": "Eau de Valence"},  # le code Valence devient partenaire
}
# Partenaires nommés dans la ligne mais sans code dans la colonne des codes.
EXTRA_PARTNERS = {
    21: [{"other_type": "syndicat", "name": "Val-d'Oise Numérique"}],
    29: ["SIREN 200054781 (Métropole du Grand Paris, financeur)"],
    43: [{"other_type": "sdis", "name": "SDIS de la Sarthe"}],
    44: [{"other_type": "sdis", "name": "SDIS 42"}],
}

# ---------------------------------------------------------------------------
# Table éditoriale (textes rédigés à partir des seules cellules de chaque ligne)
# ---------------------------------------------------------------------------
E = {}

E[1] = dict(
    short="Optimus est un assistant vocal (callbot) qui décroche au standard de la mairie de Plaisir "
          "et répond aux questions des habitants à partir d'une base de connaissances couvrant plus "
          "de 200 thématiques.",
    desc="La commune de Plaisir (Yvelines) a mis en service en 2022 Optimus, un assistant vocal fourni "
         "par l'entreprise Yelda, qui répond aux appels du standard de la mairie à partir d'une base de "
         "connaissances. Selon Europe 1 (2023), le standard reçoit environ 400 appels par jour, 70 % des "
         "appels étaient perdus auparavant et l'outil couvre plus de 200 thématiques. Selon un reportage "
         "de TF1 (2024), la base compte 284 questions, Optimus traite la moitié des appels et coûte "
         "10 000 € par an. En 2025, le maire indique que la part de réponses traitées est passée de 70 % "
         "à 98 %. Ces chiffres viennent de sources différentes et ne se recoupent pas exactement.",
    kw=["standard téléphonique", "callbot", "accueil", "assistant vocal", "mairie"],
    domains=[D_USR], tech=[T_BOT],
    ind=[
        ind("Appels reçus par jour au standard", None, 400, "appels par jour", "Europe 1 (article)",
            "2023", 0, "Environ 400 appels par jour."),
        ind("Part des appels perdus avant Optimus", 70, None, "%", "Europe 1 (article)", "2023", 0,
            "Situation avant l'assistant ; le maire parle de 70 % de réponses traitées avant : les "
            "sources divergent."),
        ind("Part des appels traités par Optimus", None, 50, "%", "TF1 (reportage)", "2024", 1,
            "« La moitié des appels » selon le reportage."),
        ind("Coût annuel de l'assistant", None, 10000, "€ par an", "TF1 (reportage)", "2024", 1),
        ind("Part des réponses traitées", 70, 98, "%", "le maire", "2025", 2,
            "« De 70 % à 98 % de réponses traitées » selon le maire."),
    ],
)
E[2] = dict(
    short="La Communauté d'agglomération Porte de l'Isère (CAPI) utilise un outil d'apprentissage "
          "automatique qui croise une centaine de jeux de données pour repérer les secteurs du réseau "
          "d'eau potable où des fuites sont probables et cibler leur recherche.",
    desc="La CAPI a testé en 2023 un outil de détection prédictive des fuites d'eau potable fourni par "
         "l'entreprise Leakmited : un score de risque est calculé à partir d'environ 100 jeux de données. "
         "Le test, mené sur Sérézin-de-la-Tour, Saint-Quentin-Fallavier et La Verpillière, a permis de "
         "confirmer 15 fuites en 10 jours, alors que 75 à 100 fuites étaient détectées par an auparavant. "
         "L'outil a ensuite été déployé. La commune de Saint-Savin est associée au projet : selon TF1 "
         "(2024), 20 fuites ont été repérées en 10 jours et 150 m³ de pertes évitées en un an à "
         "Saint-Savin. Les chiffres diffèrent selon les sources.",
    kw=["eau potable", "fuites", "réseau d'eau", "maintenance prédictive", "apprentissage automatique"],
    domains=[D_EAU], tech=[T_PRE],
    ind=[
        ind("Fuites confirmées pendant le test", None, 15, "fuites en 10 jours", "non précisé", "2023",
            None, "Test sur Sérézin-de-la-Tour, Saint-Quentin-Fallavier et La Verpillière ; auparavant "
                  "75 à 100 fuites détectées par an."),
        ind("Fuites repérées", None, 20, "fuites en 10 jours", "TF1 (reportage)", "2024", 1,
            "TF1 cite 20 fuites là où l'autre source en compte 15."),
        ind("Pertes d'eau évitées à Saint-Savin", None, 150, "m³ en un an", "TF1 (reportage)", "2024", 1),
    ],
)
E[3] = dict(
    short="La Ville de Nantes expérimente un modèle de prévision, entraîné sur dix ans de données, qui "
          "estime la fréquentation des restaurants scolaires afin d'ajuster le nombre de repas préparés "
          "et de limiter le gaspillage alimentaire.",
    desc="Avec Nantes Métropole, la Ville de Nantes a lancé en 2020, avec l'entreprise Verteego et "
         "MaestrIA Innovation, une expérimentation d'apprentissage automatique sur dix ans de données "
         "pour prévoir la fréquentation de ses 87 restaurants scolaires, qui servent 15 000 à 16 000 "
         "repas par jour. Une mise en service opérationnelle était visée pour juin 2021. Selon les "
         "résultats de simulation publiés, la surproduction passerait de 9,6–9,7 % à 6,5–6,8 %, soit "
         "environ 430 repas évités par jour. Il s'agit de simulations, pas d'une mesure en service.",
    kw=["restauration scolaire", "cantines", "gaspillage alimentaire", "prévision de fréquentation"],
    domains=[D_EDU, D_DEC], tech=[T_PRE],
    ind=[
        ind("Taux de surproduction des repas", 9.6, 6.8, "%", "non précisé", None, None,
            "Simulation ; fourchettes publiées : 9,6–9,7 % avant et 6,5–6,8 % après (bornes les moins "
            "favorables retenues)."),
        ind("Repas évités", None, 430, "repas par jour", "non précisé", None, None,
            "Environ 430 repas sur 15 000 à 16 000 servis par jour dans 87 restaurants scolaires."),
    ],
)
E[4] = dict(
    short="Montpellier Méditerranée Métropole a réuni une convention citoyenne de 40 habitants tirés au "
          "sort pour débattre de l'intelligence artificielle et rendre un avis destiné à sa stratégie "
          "Données et IA.",
    desc="Montpellier Méditerranée Métropole a organisé une convention citoyenne locale sur "
         "l'intelligence artificielle : 40 citoyens tirés au sort se sont réunis pendant trois week-ends, "
         "du 10 novembre 2023 au 20 janvier 2024, accompagnés d'un comité de six experts. Leur avis, remis "
         "en février 2024, alimente la stratégie Données et IA de la Métropole. Il s'agit d'une démarche "
         "participative, pas d'un système d'IA.",
    kw=["convention citoyenne", "participation citoyenne", "stratégie ia", "démocratie locale"],
    domains=[D_GOV], tech=[], ind=[],
)
E[5] = dict(
    short="Numérian, opérateur public de services numériques de la Drôme et de l'Ardèche, a retenu "
          "Delibia pour proposer à ses communes adhérentes une IA générative qui aide à rechercher et à "
          "rédiger des actes, comme les délibérations.",
    desc="Numérian, syndicat mixte et opérateur public de services numériques (OPSN) de la Drôme et de "
         "l'Ardèche, qui accompagne 450 collectivités, a signé en décembre 2024 un contrat avec "
         "l'entreprise Delibia. L'outil associe IA générative et recherche sémantique (génération "
         "augmentée par la recherche) pour aider les communes adhérentes à retrouver et rédiger des "
         "actes, notamment des délibérations. Aucun résultat chiffré n'est publié. Limite signalée : "
         "l'outil n'offre pas de garantie sur la validité juridique des actes.",
    kw=["délibérations", "actes administratifs", "ia générative", "mutualisation", "opsn"],
    domains=[D_ADM], tech=[T_GEN, T_TAL], ind=[],
)
E[6] = dict(
    short="Le maire de La Haye (Seine-Maritime) utilise l'outil d'IA générative Delibia pour résumer "
          "des documents, préparer des discours et trier des dossiers.",
    desc="À La Haye, commune de Seine-Maritime, le maire utilise depuis environ un an l'outil d'IA "
         "générative Delibia pour produire des synthèses, rédiger des discours et trier des dossiers. "
         "Selon son témoignage, l'outil résume un document de 300 pages en quelques minutes. Aucun "
         "autre chiffre n'est publié et l'année de début n'est pas précisée.",
    kw=["ia générative", "synthèse de documents", "petite commune", "élus"],
    domains=[D_ADM], tech=[T_GEN], ind=[],
)
E[7] = dict(
    short="Six collectivités de Seine-Maritime et de l'Eure, dont la Métropole Rouen Normandie et Le "
          "Havre Seine Métropole, ont expérimenté avec Delibia un outil de traitement du langage pour "
          "rechercher des informations dans les décisions publiques.",
    desc="Le consortium Delibia réunit la Métropole Rouen Normandie, Le Havre Seine Métropole, la "
         "communauté de communes Roumois Seine et les communes du Havre, d'Octeville-sur-Mer et de "
         "Caudebec-lès-Elbeuf. Lancée en décembre 2021 avec l'entreprise Delibia et le Pôle TES, "
         "l'expérimentation porte sur la recherche d'information dans les décisions publiques grâce au "
         "traitement automatique du langage. Elle a été jugée concluante, mais aucun chiffre n'est publié.",
    kw=["décisions publiques", "recherche d'information", "consortium", "délibérations"],
    domains=[D_ADM], tech=[T_TAL], ind=[],
)
E[8] = dict(
    short="La Ville de Nice a expérimenté sur 20 sites la détection automatique des dépôts sauvages "
          "dans les images de vidéoprotection, avec une alerte en temps réel envoyée à l'opérateur.",
    desc="Les services informatiques de la Ville de Nice ont développé en interne un algorithme de "
         "vision par ordinateur qui repère les dépôts sauvages sur les images de vidéoprotection et "
         "alerte l'opérateur en temps réel. L'expérimentation, lancée en 2021, a duré six mois sur 20 "
         "sites. Le coût des dépôts sauvages pour la ville est estimé à 5 à 6 millions d'euros, pour "
         "environ 20 tonnes de déchets abandonnés par an. Aucun résultat de l'expérimentation n'est "
         "chiffré dans la source.",
    kw=["dépôts sauvages", "vidéoprotection", "propreté", "développement interne"],
    domains=[D_DEC], tech=[T_VIS], ind=[],
)
E[9] = dict(
    short="Bagnolet expérimente quatre caméras mobiles dotées d'IA qui repèrent les dépôts sauvages et "
          "envoient des alertes vidéo aux agents et aux policiers municipaux.",
    desc="Depuis la mi-juillet 2025, la commune de Bagnolet (Seine-Saint-Denis) expérimente quatre "
         "caméras mobiles à analyse d'images pour lutter contre les dépôts sauvages. Les alertes vidéo "
         "sont transmises aux agents et aux policiers municipaux. Le fournisseur n'est pas cité et aucun "
         "résultat n'est publié.",
    kw=["dépôts sauvages", "caméras mobiles", "police municipale", "propreté"],
    domains=[D_DEC], tech=[T_VIS], ind=[],
)
E[10] = dict(
    short="Sète utilise une dizaine de caméras à IA qui détectent les dépôts sauvages et lisent les "
          "plaques d'immatriculation.",
    desc="La commune de Sète (Hérault) utilise depuis 2024 une dizaine de caméras associant vision par "
         "ordinateur et lecture de plaques d'immatriculation pour lutter contre les dépôts sauvages, "
         "pour un coût d'environ 100 000 €. Le reportage de TF1 cite un volume de 18 kg de dépôts "
         "sauvages par habitant et par an. Le fournisseur n'est pas cité.",
    kw=["dépôts sauvages", "lecture de plaques", "caméras", "propreté"],
    domains=[D_DEC], tech=[T_VIS],
    ind=[ind("Coût d'équipement", None, 100000, "€", "TF1 (reportage)", None, 0,
             "Environ 100 000 € pour une dizaine de caméras.")],
)
E[11] = dict(
    short="Boujan-sur-Libron utilise des caméras à IA pour repérer les dépôts sauvages et permettre "
          "leur verbalisation.",
    desc="La commune de Boujan-sur-Libron (Hérault) utilise depuis 2024 des caméras à analyse d'images "
         "contre les dépôts sauvages. Selon le reportage de TF1, 50 verbalisations ont été dressées en "
         "un mois. Le fournisseur n'est pas cité.",
    kw=["dépôts sauvages", "verbalisation", "caméras", "petite commune"],
    domains=[D_DEC], tech=[T_VIS],
    ind=[ind("Verbalisations pour dépôts sauvages", None, 50, "verbalisations en un mois",
             "TF1 (reportage)", None, 0)],
)
E[12] = dict(
    short="IssyGPT est un assistant conversationnel d'IA générative, accessible sur le site web de la "
          "ville et par SMS, qui répond 24 heures sur 24 aux questions des habitants à partir de "
          "contenus municipaux validés.",
    desc="Lancé en décembre 2023 par la Ville d'Issy-les-Moulineaux, IssyGPT s'appuie sur un modèle de "
         "langage alimenté par des contenus municipaux validés. Il repose sur la plateforme à code source ouvert "
         "de Prisme.ai et est disponible 24 heures sur 24 sur le site web et par SMS. Une version vocale "
         "est en test en 2025. Aucun chiffre d'usage n'est publié dans les sources.",
    kw=["chatbot", "ia générative", "information des habitants", "sms", "site web"],
    domains=[D_USR], tech=[T_GEN, T_BOT], ind=[],
)
E[13] = dict(
    short="Suresnes utilise l'IA générative pour produire les comptes rendus de réunion, propose un "
          "agent conversationnel aux habitants et cherche à rendre les débats municipaux plus "
          "accessibles.",
    desc="La Ville de Suresnes (Hauts-de-Seine) utilise une fonction payante d'IA générative intégrée à "
         "Microsoft Teams pour transcrire et synthétiser les réunions ; le gain est estimé à environ 10 "
         "minutes par compte rendu, et la source évoque plus de 1 200 agents. La Ville dispose aussi d'un "
         "centre de contacts (agent conversationnel écrit et vocal) financé par la Métropole du Grand "
         "Paris dans le cadre du programme « Innover dans la ville », et mobilise l'IA pour rendre les "
         "débats municipaux plus accessibles. L'année de début n'est pas précisée.",
    kw=["comptes rendus", "transcription", "chatbot", "accessibilité", "démocratie locale"],
    domains=[D_ADM, D_USR], tech=[T_GEN, T_PAR, T_BOT],
    ind=[ind("Temps gagné par compte rendu de réunion", None, 10, "minutes", "non précisé (estimation)",
             None, None, "Gain estimé à environ 10 minutes par compte rendu.")],
)
E[14] = dict(
    short="Pendant les 12 jours du Festival de Cannes, la Ville a testé l'analyse automatique des images "
          "de 17 caméras autour du Palais des Festivals pour signaler des situations à risque : "
          "mouvements de foule, intrusion, personne au sol, arme ou départ de feu.",
    desc="Dans le cadre de l'expérimentation de vidéoprotection algorithmique prévue par la loi relative "
         "aux Jeux olympiques, la Ville de Cannes a testé en 2024, pendant le Festival, le logiciel de "
         "l'entreprise Videtics sur 17 caméras autour du Palais des Festivals, pour 19 315 €. Le système "
         "repère huit types d'événements, dont les mouvements de foule, la densité, les déplacements à "
         "contresens, l'intrusion, la personne au sol, la présence d'une arme et le départ de feu. Le "
         "réseau municipal compte 884 caméras. Aucun résultat de l'expérimentation n'est publié dans les "
         "sources.",
    kw=["vidéoprotection algorithmique", "grands événements", "loi jeux olympiques", "sécurité"],
    domains=[D_SEC], tech=[T_VIS],
    ind=[ind("Coût de l'expérimentation", None, 19315, "€", "non précisé", "2024", None,
             "17 caméras autour du Palais des Festivals.")],
)
E[15] = dict(
    short="La Ville de Paris expérimente l'analyse d'images pour repérer les panneaux obsolètes et les "
          "trous ou fissures de la chaussée et pour analyser le mobilier urbain, ainsi que des outils "
          "d'IA générative pour assister ses agents.",
    desc="La Ville de Paris mène depuis 2024 plusieurs expérimentations et usages internes de l'IA : "
         "traitement d'images pour détecter les panneaux obsolètes et les trous et fissures de chaussée "
         "et pour analyser le mobilier urbain ; IA générative pour assister les agents. Ces travaux "
         "s'inscrivent dans une démarche plus large sur l'IA, avec des auditions, une conférence "
         "citoyenne et une journée consacrée à l'IA le 25 janvier 2025. Aucun chiffre n'est publié dans "
         "la source.",
    kw=["voirie", "mobilier urbain", "signalisation", "ia générative", "agents"],
    domains=[D_VOI, D_ADM], tech=[T_VIS, T_GEN], ind=[],
)
E[16] = dict(
    short="Porto-Vecchio équipe ses conteneurs semi-enterrés de capteurs de remplissage dont les "
          "données, analysées par IA, servent à organiser les tournées de collecte.",
    desc="La commune de Porto-Vecchio (Portivechju, Corse-du-Sud) a équipé environ la moitié de ses "
         "conteneurs semi-enterrés de capteurs qui mesurent le remplissage toutes les 4 heures ; une "
         "alerte est émise à 60 % de remplissage et l'analyse des données sert à piloter les tournées. "
         "Selon un article de février 2024, le dispositif est en service depuis quelques mois ; il "
         "permet de supprimer des déplacements inutiles, par exemple vers un site situé à plus de 30 "
         "minutes. Le fournisseur n'est pas cité.",
    kw=["collecte des déchets", "capteurs de remplissage", "conteneurs", "tournées"],
    domains=[D_DEC], tech=[T_IOT, T_PRE], ind=[],
)
E[17] = dict(
    short="Le Département de l'Isère a fait développer Iris, une IA générative interne qui fonctionne "
          "« en vase clos » sur ses propres documents, accompagnée d'une charte de l'usage de l'IA "
          "générative co-rédigée par des agents.",
    desc="Engagé dans une démarche sur l'IA générative depuis novembre 2023, le Département de l'Isère a "
         "fait développer par sa direction des systèmes d'information Iris, un assistant interne qui "
         "fonctionne « en vase clos » à partir de documents internes. Avant ce cadrage, environ 50 000 "
         "requêtes vers ChatGPT ou Mistral avaient été recensées en un an. Environ 900 agents ont été "
         "formés et la charte de l'usage de l'IA générative a été co-rédigée par 170 agents.",
    kw=["ia générative", "assistant interne", "charte", "formation des agents", "souveraineté"],
    domains=[D_ADM, D_GOV], tech=[T_GEN],
    ind=[
        ind("Requêtes vers ChatGPT ou Mistral avant cadrage", 50000, None, "requêtes en un an",
            "non précisé", None, None, "Usages recensés sur un an, avant la démarche de cadrage."),
        ind("Agents formés", None, 900, "agents", "non précisé", None, None, "Environ 900 agents."),
    ],
)
E[18] = dict(
    short="Antibes analyse les images de 150 caméras de vidéoprotection avec un réseau de neurones pour "
          "compter les piétons, reconnaître les types de véhicules et repérer les comportements "
          "anormaux.",
    desc="La direction des systèmes d'information de la Ville d'Antibes a lancé un projet d'analyse des "
         "flux de 150 caméras de vidéoprotection par réseau de neurones, complété par de l'analyse "
         "prédictive : comptage des piétons, types de véhicules, comportements anormaux. Le projet "
         "s'appuie sur SAP HANA, IBM Watson et des serveurs Nvidia DGX-1. Les données sont indexées, "
         "hachées et anonymisées. Aucun résultat chiffré n'est publié et l'année de lancement n'est pas "
         "précisée.",
    kw=["vidéoprotection", "comptage", "flux urbains", "réseau de neurones"],
    domains=[D_SEC, D_MOB], tech=[T_VIS, T_PRE], ind=[],
)
E[19] = dict(
    short="BIA 64 200 est un projet de la Ville de Biarritz qui utilise l'IA, notamment via une ligne "
          "téléphonique, pour recueillir et traiter les signalements d'incivilités et optimiser les "
          "interventions de la police municipale.",
    desc="Lancé après les Assises de la tranquillité publique de mars 2023, le projet BIA 64 200 de la "
         "Ville de Biarritz associe une ligne téléphonique et un traitement automatisé des signalements "
         "d'incivilités pour mieux organiser les interventions de la police municipale. Il est mené selon "
         "une démarche d'innovation ouverte ; la technique précise et le prestataire ne sont pas "
         "détaillés. Aucun chiffre n'est publié dans l'extrait consulté.",
    kw=["tranquillité publique", "incivilités", "signalements", "police municipale"],
    domains=[D_SEC, D_USR], tech=[T_NP], ind=[],
)
E[20] = dict(
    short="La Ville de Cannes expérimente l'IA générative dans ses services à travers 11 cas d'usage : "
          "actes administratifs, analyse des offres de marchés publics, transcription de réunions, "
          "traduction et veille juridique.",
    desc="De septembre 2024 à juin 2025, la Ville de Cannes expérimente un plan d'IA générative encadré "
         "par une charte éthique, avec 11 cas d'usage dans les services municipaux. Plusieurs "
         "fournisseurs sont mobilisés : Claranet, Prisme.ai, MA-IA, Wikit, Google, DeepL Pro, Lexis+ AI "
         "et LEX-IA. Selon un sondage du début de 2025, environ 200 agents utilisaient déjà des IA "
         "gratuites sans cadre ; 2 500 agents sont concernés. La source mentionne aussi un jumeau "
         "numérique pour suivre 15 000 arbres.",
    kw=["ia générative", "marchés publics", "veille juridique", "traduction", "charte éthique"],
    domains=[D_ADM], tech=[T_GEN, T_PAR, T_TAL],
    ind=[ind("Agents utilisant des IA gratuites sans cadre", 200, None, "agents", "sondage (début 2025)",
             "2025", None, "Environ 200 agents, sur 2 500 agents concernés, avant l'expérimentation.")],
)
E[21] = dict(
    short="Le Département du Val-d'Oise et le syndicat mixte Val-d'Oise Numérique repèrent les dépôts "
          "sauvages et les décharges illégales grâce à des caméras intelligentes et à l'analyse "
          "d'images satellites.",
    desc="Le Département du Val-d'Oise, avec le syndicat mixte Val-d'Oise Numérique, utilise la vision "
         "par ordinateur sur des images de caméras et des images satellites, fournies par Airbus, pour "
         "détecter les dépôts sauvages et les décharges illégales. Une alarme peut conduire à un dépôt "
         "de plainte. Aucun chiffre n'est publié dans l'extrait consulté et l'année de début n'est pas "
         "précisée.",
    kw=["dépôts sauvages", "décharges illégales", "images satellites", "environnement"],
    domains=[D_DEC, D_ENV], tech=[T_VIS], ind=[],
)
E[22] = dict(
    short="La Ville de Rennes et Rennes Métropole ont mené une mission sur l'IA générative, publié un "
          "rapport sous licence libre et lancé un observatoire de l'IA générative pour encadrer les "
          "usages et sensibiliser les agents.",
    desc="Lancée en 2023, la mission IA générative de la Ville de Rennes et de Rennes Métropole a abouti "
         "à un rapport publié en septembre 2025 sous licence CC BY-SA et à la création d'un observatoire "
         "de l'IA générative. Des campagnes de sensibilisation et des ateliers sont proposés aux agents "
         "depuis janvier 2025. La démarche définit un cadre d'usage de l'IA générative plutôt qu'un outil "
         "particulier. Aucun chiffre d'usage n'est publié.",
    kw=["ia générative", "observatoire", "acculturation", "cadre d'usage", "licence libre"],
    domains=[D_GOV, D_ADM], tech=[T_GEN], ind=[],
)
E[23] = dict(
    short="« Ma Région près de chez moi » est un service en ligne de la Région Île-de-France qui "
          "rassemble, grâce à l'IA, les actions régionales menées dans chaque commune pour les rendre "
          "visibles aux habitants.",
    desc="Mis en service au début de 2025, ce service de la Région Île-de-France utilise l'IA "
         "(traitement automatique du langage, agrégation et géolocalisation automatiques de données) "
         "pour rattacher environ 40 000 actions régionales à l'échelle des quelque 1 300 communes "
         "franciliennes. Il a été réalisé avec l'entreprise Magic Lemp. Les chiffres proviennent du site "
         "de la Région.",
    kw=["transparence", "action régionale", "géolocalisation", "information des habitants"],
    domains=[D_USR], tech=[T_TAL],
    ind=[ind("Actions régionales rattachées aux communes", None, 40000, "actions",
             "la Région (site officiel)", "2025", 0, "Environ 40 000 actions pour environ 1 300 communes.")],
)
E[24] = dict(
    short="Spirit est un assistant d'IA générative destiné aux enseignants des lycées d'Île-de-France "
          "pour les aider à créer des cours et des exercices.",
    desc="Spirit figure dans la stratégie « Numérique et IA responsables » adoptée par la Région "
         "Île-de-France le 26 mars 2025. Cet assistant d'IA générative, intégré par Pearltrees, aide les "
         "enseignants des lycées à concevoir des cours et des exercices. La source le présente comme "
         "annoncé ou déployé dans le cadre de cette stratégie ; aucun chiffre d'usage n'est publié.",
    kw=["lycées", "enseignants", "ia générative", "éducation"],
    domains=[D_EDU], tech=[T_GEN], ind=[],
)
E[25] = dict(
    short="Marseille avait commandé en 2018 un système de vidéoprotection dite intelligente pour "
          "détecter des comportements suspects et des sons anormaux et faciliter la recherche d'images ; "
          "la nouvelle municipalité l'a suspendu en décembre 2020.",
    desc="La Ville de Marseille a signé en 2018 un contrat avec l'entreprise SNEF pour un système de "
         "vidéoprotection intelligente (VPI) : détection de comportements suspects, recherche d'images, "
         "détection de sons anormaux par analyse audio. Selon le prestataire, la recherche d'un véhicule "
         "passait de 8 heures à 10 minutes. Le système de vidéoprotection coûte environ 7 millions "
         "d'euros par an en fonctionnement. La nouvelle municipalité a suspendu le projet en décembre "
         "2020 ; il est contesté en justice.",
    kw=["vidéoprotection intelligente", "analyse audio", "suspension", "contentieux"],
    domains=[D_SEC], tech=[T_VIS],
    ind=[ind("Temps de recherche d'un véhicule dans les images", 480, 10, "minutes",
             "le prestataire (SNEF)", None, 0, "De 8 heures à 10 minutes selon le prestataire.")],
)
E[26] = dict(
    short="À Marseille, l'utilisation du logiciel Koalemos de BriefCam a été annoncée pour analyser les "
          "images du parc de caméras et lire les plaques afin de contrôler la vignette Crit'Air dans la "
          "zone à faibles émissions.",
    desc="Annoncé dans le cadre du plan « Marseille en Grand », ce projet prévoit d'analyser les images "
         "du parc de 1 600 caméras de la ville, avec lecture des plaques d'immatriculation, pour "
         "contrôler le respect de la zone à faibles émissions (ZFE), prévue pour septembre 2022. "
         "L'information provient d'une source militante (Technopolice) ; aucun déploiement n'est "
         "confirmé dans la source et l'année n'est pas précisée.",
    kw=["zone à faibles émissions", "crit'air", "lecture de plaques", "qualité de l'air"],
    domains=[D_MOB, D_ENV], tech=[T_VIS], ind=[],
)
E[27] = dict(
    short="IA.rbre est un outil d'aide à la décision de la Métropole de Lyon, fondé sur une IA frugale, "
          "qui aide à choisir où planter des arbres, où lutter contre les îlots de chaleur et où "
          "désimperméabiliser les sols.",
    desc="Développé avec la coopérative TelesCoop et le laboratoire LIRIS (Université Lyon 2, CNRS, "
         "École centrale), IA.rbre croise des dizaines de jeux de données géographiques et analyse des "
         "photos aériennes par vision par ordinateur pour évaluer la plantabilité, les îlots de chaleur "
         "et les possibilités de désimperméabilisation. En 2025, l'outil est en ligne avec trois calques ; "
         "des modèles prédictifs sont prévus en 2026. Le projet est lauréat de l'appel à projets France "
         "2030 « Démonstrateurs d'IA frugale au service de la transition écologique dans les "
         "territoires » (DIAT), qui compte 12 lauréats.",
    kw=["végétalisation", "îlots de chaleur", "désimperméabilisation", "ia frugale", "photos aériennes"],
    domains=[D_ENV, D_URB], tech=[T_VIS], ind=[],
)
E[28] = dict(
    short="Bordeaux Métropole s'est dotée d'un cadre éthique et responsable pour l'usage de l'IA dans "
          "ses politiques publiques.",
    desc="Adopté en conseil métropolitain en décembre 2025, ce cadre proscrit la surveillance "
         "individuelle, la reconnaissance biométrique et les décisions entièrement automatisées. La "
         "source indique qu'environ 30 % des agents utilisaient ChatGPT malgré une consigne contraire. Il "
         "s'agit d'un cadre d'usage, pas d'un système d'IA.",
    kw=["éthique", "cadre d'usage", "gouvernance", "biométrie"],
    domains=[D_GOV], tech=[],
    ind=[ind("Part des agents utilisant ChatGPT malgré la consigne", 30, None, "%", "non précisé", None, 0,
             "Environ 30 %, avant l'adoption du cadre.")],
)
E[29] = dict(
    short="Noisy-le-Grand expérimente un modèle d'apprentissage automatique qui prédit le moment "
          "opportun pour vider les corbeilles de rue.",
    desc="Cette expérimentation de la commune de Noisy-le-Grand (Seine-Saint-Denis) est financée par la "
         "Métropole du Grand Paris dans le cadre du programme « Innover dans la ville ». Elle a été "
         "présentée lors d'une audition de la Métropole au Sénat. Le fournisseur n'est pas cité, "
         "l'année n'est pas précisée et aucun chiffre n'est publié.",
    kw=["corbeilles de rue", "collecte", "propreté", "prévision"],
    domains=[D_DEC], tech=[T_PRE], ind=[],
)
E[30] = dict(
    short="Toulouse Métropole a adopté une stratégie de la donnée et de l'IA fondée sur huit principes, "
          "avec un Pôle Data et un Comité de la Donnée et de l'IA.",
    desc="La stratégie métropolitaine de la donnée et de l'IA a été adoptée à l'unanimité (124 voix) le "
         "15 octobre 2025. Elle repose sur huit principes, un Pôle Data et un Comité de la Donnée et de "
         "l'IA. Il s'agit d'une stratégie, pas d'un système d'IA.",
    kw=["stratégie ia", "données", "gouvernance", "éthique", "souveraineté"],
    domains=[D_GOV, D_DAT], tech=[], ind=[],
)
E[31] = dict(
    short="La Ville de Strasbourg et l'Eurométropole ont voté une charte d'usage de l'IA et une stratégie "
          "« IA et numérique responsable », accompagnées d'un guide pratique pour les services.",
    desc="Votée à l'unanimité fin juin 2025, la charte repose sur quatre principes : intérêt général et "
         "sobriété, qualité, transparence, souveraineté. Elle s'accompagne de la formation et de la "
         "sensibilisation des agents, des élus et des organisations syndicales. Il s'agit d'une charte, "
         "pas d'un système d'IA.",
    kw=["charte", "numérique responsable", "sobriété", "gouvernance"],
    domains=[D_GOV], tech=[], ind=[],
)
E[32] = dict(
    short="La régie Eau de Valence utilise une IA qui prévoit la demande et optimise le pompage de l'eau "
          "potable en fonction des heures creuses et des heures pleines, à l'aide d'un jumeau numérique.",
    desc="En service depuis 2023, cet outil de la régie Eau de Valence (Drôme) prévoit la demande et "
         "planifie le pompage de l'eau potable pour privilégier les heures creuses, en s'appuyant sur un "
         "jumeau numérique. La source fait état d'environ 1 500 € d'économies et de 136 kg de CO2 évités "
         "par semaine. Le rattachement de la régie à la Ville de Valence ou à l'agglomération n'a pas été "
         "vérifié ; le fournisseur n'est pas cité.",
    kw=["eau potable", "pompage", "heures creuses", "économies d'énergie", "jumeau numérique"],
    domains=[D_EAU, D_NRJ], tech=[T_PRE, T_OPT, T_JUM],
    ind=[
        ind("Économies sur le coût du pompage", None, 1500, "€ par semaine", "Actu-Environnement (article)",
            None, 0, "Environ 1 500 € par semaine."),
        ind("Émissions de CO2 évitées", None, 136, "kg de CO2 par semaine", "Actu-Environnement (article)",
            None, 0),
    ],
)
E[33] = dict(
    short="La Métropole d'Aix-Marseille-Provence expérimente un agent vocal (callbot) qui prend en charge "
          "les demandes d'enlèvement des encombrants, y compris en dehors des horaires d'ouverture.",
    desc="Ce callbot s'inscrit dans le Programme IA de la Métropole (PRIAM). Il est expérimenté avec le "
         "centre d'appels « Engagés au Quotidien », partenaire du projet. L'objectif est de traiter tous "
         "les appels, y compris hors horaires. Aucun chiffre n'est publié dans l'extrait consulté et "
         "l'année n'est pas précisée.",
    kw=["encombrants", "callbot", "relation usagers", "collecte"],
    domains=[D_DEC, D_USR], tech=[T_BOT], ind=[],
)
E[34] = dict(
    short="La Métropole d'Aix-Marseille-Provence trie automatiquement, grâce à l'IA, les photos jointes "
          "aux signalements d'encombrants et oriente chaque signalement vers le service compétent.",
    desc="Depuis 2024, un modèle de classification d'images, associé à la géolocalisation, analyse les "
         "photos des signalements d'encombrants et les oriente vers le bon service. Développé avec "
         "Orange, il a été entraîné sur un mois de données de la collectivité. Le projet a bénéficié d'un "
         "financement partiel de l'Union européenne. Aucun résultat chiffré n'est publié.",
    kw=["encombrants", "signalements", "classification d'images", "tri automatique"],
    domains=[D_DEC, D_USR], tech=[T_VIS], ind=[],
)
E[35] = dict(
    short="À Nîmes, le prestataire de nettoiement Océan prévoit d'équiper ses agents de propreté d'une "
          "application et de lunettes connectées à IA qui reconnaissent et géolocalisent les corbeilles "
          "et estiment leur remplissage.",
    desc="Ce projet, annoncé en 2023, est porté par la société Océan, prestataire de nettoiement de la "
         "Ville de Nîmes. Il concerne 125 agents de propreté : la vision par ordinateur permet de "
         "reconnaître et de géolocaliser les corbeilles et d'estimer leur remplissage. Aucun résultat "
         "n'est publié.",
    kw=["propreté urbaine", "corbeilles", "lunettes connectées", "prestataire"],
    domains=[D_DEC], tech=[T_VIS], ind=[],
)
E[36] = dict(
    short="Saint-Quentin-en-Yvelines a créé un observatoire de la mobilité qui rassemble comptages, "
          "images de caméras et données de téléphonie et les analyse avec des algorithmes d'IA.",
    desc="En service depuis 2023, la plateforme de données (« Data Hub ») de la communauté "
         "d'agglomération de Saint-Quentin-en-Yvelines agrège plusieurs sources, dont les comptages, les "
         "caméras et les données de téléphonie d'Orange (Flux Vision), et applique des algorithmes d'IA "
         "au traitement des flux. Aucun résultat chiffré n'est publié dans l'extrait consulté.",
    kw=["observatoire de la mobilité", "données de déplacement", "comptages", "téléphonie mobile"],
    domains=[D_MOB, D_DAT], tech=[T_IOT], ind=[],
)
E[37] = dict(
    short="Le Département des Yvelines a fait modéliser les déplacements par apprentissage automatique "
          "pour choisir l'emplacement et la taille d'un parking de covoiturage.",
    desc="L'étude, réalisée avec Entropy, jeune entreprise issue de VEDECOM, prévoit les comportements de "
         "mobilité pour localiser et dimensionner un parking de covoiturage. Selon le prestataire, elle "
         "remplace une enquête de terrain plus coûteuse. Aucun chiffre n'est publié et l'année n'est pas "
         "précisée.",
    kw=["covoiturage", "parking", "modélisation des déplacements", "étude"],
    domains=[D_MOB, D_URB], tech=[T_PRE], ind=[],
)
E[38] = dict(
    short="Vélizy-Villacoublay fait relever par IA l'état de ses routes et de sa signalisation : des "
          "photos prises tous les 4 mètres sont analysées pour repérer 15 catégories de dommages.",
    desc="Depuis 2024, la commune utilise la solution de l'entreprise Vialytics sur environ 42 à 46 km "
         "de voirie, avec plusieurs passages par an. Les photos sont analysées par vision par ordinateur "
         "et une carte classant les voies selon leur état est transmise au maire pour prioriser les "
         "travaux.",
    kw=["voirie", "état des routes", "signalisation", "entretien", "priorisation des travaux"],
    domains=[D_VOI], tech=[T_VIS], ind=[],
)
E[39] = dict(
    short="L'établissement public territorial Paris-Est-Marne et Bois fait diagnostiquer l'état de ses "
          "chaussées par des véhicules équipés de caméras 360° et de lidars, dont les données sont "
          "analysées par IA.",
    desc="En juillet 2024, une campagne menée avec l'entreprise Cyclomedia sur le territoire des 13 "
         "communes de l'établissement public territorial a permis, selon la source, un diagnostic complet "
         "en moins de deux mois. Les dégradations de moins de 10 cm sont détectées et chaque segment de "
         "voirie reçoit une note de 1 à 10.",
    kw=["voirie", "diagnostic de chaussée", "lidar", "caméras 360°"],
    domains=[D_VOI], tech=[T_VIS],
    ind=[ind("Durée du diagnostic complet de la voirie", None, 2, "mois", "BFM TV (article)", "2024", 0,
             "Moins de deux mois pour l'ensemble du territoire.")],
)
E[40] = dict(
    short="Flayosc utilise des caméras intelligentes qui détectent les dépôts sauvages par analyse "
          "volumétrique et déclenchent automatiquement la procédure.",
    desc="La commune de Flayosc (Var) a installé des caméras VizziaCam 360 de l'entreprise Vizzia, qui "
         "déclenchent automatiquement la procédure lorsqu'un dépôt sauvage est détecté. La commune vise "
         "une baisse d'environ 80 % des dépôts en six mois : selon elle, c'est le chiffre constaté par "
         "d'autres communes, mais il n'a pas été mesuré localement. L'année de mise en service n'est pas "
         "précisée.",
    kw=["dépôts sauvages", "caméras intelligentes", "procédure automatique", "petite commune"],
    domains=[D_DEC], tech=[T_VIS], ind=[],
)
E[41] = dict(
    short="Angers Loire Métropole déploie un territoire intelligent : un hyperviseur et un jumeau "
          "numérique relient des dizaines de milliers d'équipements connectés (éclairage, énergie, eau, "
          "déchets, stationnement, sécurité) ; l'IA est prévue dans une seconde phase.",
    desc="Lancé en 2020 dans le cadre d'un marché global de performance 2020–2032 confié à un groupement "
         "mené par Inéo Equans, avec Suez, La Poste et le groupe Vyv, le projet compte 56 000 équipements "
         "connectés sur 70 000 prévus. Le marché s'élève à 146 millions d'euros sur 12 ans (127 millions "
         "d'euros pour la tranche ferme selon Le Moniteur) ; 70 % des montants reviennent à des "
         "entreprises du département. La seconde phase, annoncée pour 2026, met l'accent sur l'IA et la "
         "participation citoyenne.",
    kw=["territoire intelligent", "hyperviseur", "objets connectés", "éclairage public", "jumeau numérique"],
    domains=[D_DAT, D_NRJ], tech=[T_IOT, T_JUM],
    ind=[
        ind("Montant du marché global de performance", None, 146, "M€ sur 12 ans", "non précisé", None,
            None, "127 M€ pour la tranche ferme selon Le Moniteur."),
        ind("Équipements connectés", None, 56000, "équipements", "non précisé", None, None,
            "Sur 70 000 prévus."),
    ],
)
E[42] = dict(
    short="Le Département de Maine-et-Loire déploie des caméras qui détectent automatiquement les fumées "
          "pour repérer au plus tôt les feux de forêt.",
    desc="Fournies par Paratronic, les caméras sont déployées en 2024 et au début de 2025 ; les huit "
         "premières sont installées dans le Baugeois. Chaque caméra surveille un rayon de 20 km, soit "
         "environ 1 250 km². Le coût global est de 3 060 000 €.",
    kw=["feux de forêt", "détection de fumée", "caméras", "prévention des incendies"],
    domains=[D_RIS], tech=[T_VIS],
    ind=[ind("Coût global du dispositif", None, 3060000, "€", "my-angers.info (article)", None, 0)],
)
E[43] = dict(
    short="Le Département de la Sarthe a installé un réseau de caméras dont les images sont analysées par "
          "IA pour détecter les fumées de feux de forêt, au profit du service départemental d'incendie et "
          "de secours (SDIS).",
    desc="Environ 50 caméras sont installées sur 16 points hauts (9 pylônes et 7 châteaux d'eau) ; l'IA "
         "compare les images à des images de référence pour repérer les fumées. Selon le Département, le "
         "dispositif a permis de sauver « plusieurs centaines d'hectares de forêt ». Le fournisseur et "
         "l'année de mise en service ne sont pas cités.",
    kw=["feux de forêt", "détection de fumée", "sdis", "caméras"],
    domains=[D_RIS], tech=[T_VIS], ind=[],
)
E[44] = dict(
    short="Le Département de la Loire expérimente deux boîtiers CamIA à IA embarquée qui détectent les "
          "départs de feu et alertent le SDIS 42.",
    desc="Les boîtiers, installés à La Bénisson-Dieu et à La Valla-sur-Rochefort, analysent des images "
         "multispectrales grâce à une IA embarquée. Le projet associe AzurIA, Axione, Lotim, SFR et "
         "Eiffage Énergie Systèmes. Aucun résultat chiffré n'est publié et l'année n'est pas précisée.",
    kw=["feux de forêt", "ia embarquée", "imagerie multispectrale", "sdis"],
    domains=[D_RIS], tech=[T_VIS], ind=[],
)
E[45] = dict(
    short="Tourrettes-sur-Loup expérimente des détecteurs de fumée à IA qui repèrent les départs de feux "
          "de forêt et transmettent rapidement une alerte accompagnée d'un point GPS.",
    desc="Depuis juin 2023, la commune (Alpes-Maritimes) teste les détecteurs de l'entreprise Firebreak : "
         "une photo est prise toutes les 5 secondes, la surveillance porte sur 15 km et une alerte "
         "géolocalisée est transmise en moins de 5 minutes à Force 06.",
    kw=["feux de forêt", "détection de fumée", "alerte précoce", "petite commune"],
    domains=[D_RIS], tech=[T_VIS],
    ind=[ind("Délai de transmission de l'alerte", None, 5, "minutes (au plus)", "France 3 (article)",
             "2023", 0, "Alerte en moins de 5 minutes avec un point GPS, à partir d'une photo toutes les "
                        "5 secondes.")],
)
E[46] = dict(
    short="La Région Île-de-France expérimente un moteur de recherche conversationnel qui aide les "
          "usagers à trouver, en langage naturel, les aides régionales qui les concernent parmi plusieurs "
          "centaines de dispositifs.",
    desc="Ce moteur, conçu avec l'entreprise Aleia, repose sur l'IA générative et la recherche en langage "
         "naturel. Aucun chiffre n'est publié dans la source et l'année de lancement n'est pas précisée.",
    kw=["aides régionales", "moteur de recherche", "langage naturel", "information des usagers"],
    domains=[D_USR], tech=[T_GEN, T_TAL], ind=[],
)
E[47] = dict(
    short="La Région Provence-Alpes-Côte d'Azur a annoncé un partenariat avec Microsoft pour mettre un "
          "assistant bureautique d'IA générative à la disposition de ses agents.",
    desc="Annoncé en 2024, le partenariat vise environ 6 000 agents régionaux, dont 2 000 au siège. Aucun "
         "résultat chiffré n'est publié.",
    kw=["ia générative", "bureautique", "agents", "partenariat"],
    domains=[D_ADM], tech=[T_GEN], ind=[],
)
E[48] = dict(
    short="La Région Pays de la Loire déploie un catalogue de données et une IA souveraine, générative et "
          "prédictive, au service de ses métiers.",
    desc="En cours de déploiement en 2025 avec l'entreprise Suadeo, le projet associe un catalogue de "
         "données et des fonctions d'IA générative et prédictive pour les services de la Région. Aucun "
         "résultat chiffré n'est publié.",
    kw=["catalogue de données", "ia souveraine", "aide à la décision", "données"],
    domains=[D_DAT], tech=[T_GEN, T_PRE], ind=[],
)
E[49] = dict(
    short="Pendant le Carnaval 2019, la Ville de Nice a testé la reconnaissance faciale sur la voie "
          "publique avec des volontaires ; la CNIL a refusé en 2020 le renouvellement de "
          "l'expérimentation.",
    desc="Les 19 et 20 février 2019, la Ville de Nice a expérimenté la reconnaissance faciale avec le "
         "logiciel d'AnyVision (licence Confidentia), sur 6 caméras et avec environ 1 000 volontaires. "
         "Trois scénarios ont été testés : enfant perdu, personne âgée, personne recherchée. Un rapport a "
         "été remis à la CNIL, qui a refusé en 2020 le renouvellement de l'expérimentation.",
    kw=["reconnaissance faciale", "biométrie", "cnil", "vidéoprotection", "carnaval"],
    domains=[D_SEC], tech=[T_BIO], ind=[],
)
E[50] = dict(
    short="Avec le projet RECITAL, Noisy-le-Grand suit en temps réel la consommation d'énergie de ses 200 "
          "bâtiments publics et s'appuie sur l'IA pour optimiser leurs usages et orienter leur "
          "rénovation.",
    desc="Lauréat de l'appel à projets DIAT en 2022, le projet est mené avec le consortium Eridanis, des "
         "filiales d'EDF et Efficacity. Selon le retour d'expérience publié par la Banque des Territoires, "
         "173 actions d'optimisation ont été identifiées, ce qui a permis une baisse de 10 % de la "
         "consommation sans investissement majeur ; les objectifs sont de −20 % d'ici 2026 et de −50 % "
         "d'ici 2030, avec un plan d'environ 30 millions d'euros au lieu de 80 millions.",
    kw=["bâtiments publics", "sobriété énergétique", "rénovation", "suivi en temps réel"],
    domains=[D_NRJ], tech=[T_IOT, T_OPT],
    ind=[
        ind("Consommation d'énergie des bâtiments", None, -10, "% d'évolution",
            "Banque des Territoires (retour d'expérience)", None, 0,
            "Grâce à 173 actions d'optimisation, sans investissement majeur ; objectifs −20 % d'ici 2026 "
            "et −50 % d'ici 2030."),
        ind("Coût du plan de rénovation", 80, 30, "M€", "Banque des Territoires (retour d'expérience)",
            None, 0, "Plan d'environ 30 M€ au lieu de 80 M€."),
    ],
)
E[51] = dict(
    short="Pays de Montbéliard Agglomération équipe ses points d'apport volontaire et ses poubelles de "
          "parc de capteurs de remplissage et ajuste en continu les tournées de collecte.",
    desc="Depuis 2022, environ 1 100 à 1 445 capteurs Heywaste de l'entreprise Heyliot, reliés par un "
         "réseau LoRa, mesurent le remplissage des contenants. Les tournées sont ajustées en fonction de "
         "ces données : les camions sont remplis à 95–100 %, les coûts de carburant ont baissé de 31 % et "
         "les kilomètres parcourus comme le temps de travail ont diminué. Les sources ne revendiquent pas "
         "explicitement l'usage de l'IA.",
    kw=["collecte des déchets", "capteurs de remplissage", "optimisation des tournées", "points d'apport volontaire"],
    domains=[D_DEC], tech=[T_IOT, T_OPT],
    ind=[
        ind("Taux de remplissage des camions de collecte", None, 95, "%", "non précisé", None, None,
            "95 à 100 % selon les sources (borne basse retenue)."),
        ind("Coûts de carburant", None, -31, "% d'évolution", "non précisé", None, None,
            "Baisse également des kilomètres parcourus et du temps de travail, non chiffrée."),
    ],
)
E[52] = dict(
    short="Dans un quartier pilote du 17e arrondissement de Paris, des caméras à IA placées sous les "
          "lampadaires repèrent les places de stationnement libres et les signalent aux automobilistes "
          "via une application.",
    desc="Le dispositif, fourni par PayByPhone, fonctionne dans un quartier pilote du 17e arrondissement "
         "de la Ville de Paris : 155 caméras couvrent environ 800 places de stationnement. Aucun autre "
         "résultat n'est publié et l'année de mise en service n'est pas précisée.",
    kw=["stationnement", "places libres", "caméras", "application mobile"],
    domains=[D_MOB], tech=[T_VIS], ind=[],
)
E[53] = dict(
    short="Mulhouse construit un jumeau numérique du quartier DMC, une friche de 13 hectares, pour simuler "
          "des scénarios d'aménagement grâce à l'analyse de données et à l'IA et les co-construire avec "
          "les habitants.",
    desc="Lancé en 2023 avec EDF, le projet est lauréat de l'appel à manifestation d'intérêt France 2030 "
         "« Démonstrateurs de la ville durable » et se trouve en phase d'incubation. La friche DMC compte "
         "115 000 m² de planchers, utilisés à environ 20 %. Aucun résultat chiffré n'est publié.",
    kw=["jumeau numérique", "friche", "aménagement urbain", "concertation"],
    domains=[D_URB], tech=[T_JUM], ind=[],
)
E[54] = dict(
    short="Nîmes prévoit les crues éclair de ses cadereaux grâce au système Espada et est citée comme "
          "collectivité utilisatrice des modèles de prévision par réseaux de neurones de la chaire "
          "Hydr.IA.",
    desc="Opérationnel depuis 2004, Espada est un modèle hydrologique en temps réel qui s'appuie sur "
         "environ 50 capteurs hydrométéorologiques et un radar. La chaire Hydr.IA, créée en mai 2021 (IMT "
         "Mines Alès et HydroSciences Montpellier, avec SYNAPSE et son logiciel FOLLOW), développe des "
         "modèles de prévision par réseaux de neurones ; Nîmes est citée comme collectivité utilisatrice. "
         "Plus de 90 000 habitants vivent en zone inondable sur le périmètre du programme d'actions de "
         "prévention des inondations (PAPI 3). Aucune mesure de l'apport de l'IA n'est publiée.",
    kw=["inondations", "crues éclair", "prévision hydrologique", "réseaux de neurones", "cadereaux"],
    domains=[D_RIS], tech=[T_PRE], ind=[],
)
E[55] = dict(
    short="Labège et la communauté d'agglomération du Sicoval sont citées par un rapport du Sénat pour un "
          "projet d'IA visant à mieux connaître les places de stationnement.",
    desc="Ce cas figure dans le rapport sénatorial n° 447 (mars 2025), sous le titre « Meilleure "
         "connaissance des places de stationnement par l'IA ». Seul le titre de la section a pu être "
         "consulté : la technique, le fournisseur, le statut exact, l'année et les résultats ne sont pas "
         "connus.",
    kw=["stationnement", "rapport du sénat", "mobilité"],
    domains=[D_MOB], tech=[T_NP], ind=[],
)
E[56] = dict(
    short="La Région Grand Est a adopté un plan régional pour l'intelligence artificielle qui soutient "
          "les entreprises, la recherche, les compétences et une IA éthique.",
    desc="Adopté le 20 juin 2019 et mis en œuvre avec l'agence régionale d'innovation Grand E-nov, le "
         "plan annonce 350 millions d'euros sur cinq ans, un « Pack IA » pour 35 entreprises "
         "primo-utilisatrices par an et l'objectif d'attirer 10 chercheurs de renom par an. Il s'agit "
         "d'un programme de financement, pas d'un système d'IA.",
    kw=["plan régional", "filière ia", "entreprises", "recherche", "financement"],
    domains=[D_ECO, D_GOV], tech=[], ind=[],
)
E[57] = dict(
    short="La Région Hauts-de-France a lancé un appel à manifestation d'intérêt pour soutenir, par des "
          "ateliers d'experts et un financement, les expérimentations d'IA des collectivités de son "
          "territoire.",
    desc="Le dispositif s'adresse à un territoire qui compte environ 4 000 communes et plus de 90 "
         "intercommunalités. Son lancement est postérieur au baromètre Data Publica de novembre 2024 ; "
         "aucun résultat n'est publié. Il s'agit d'un programme de soutien, pas d'un système d'IA.",
    kw=["appel à manifestation d'intérêt", "accompagnement des collectivités", "financement", "expérimentation"],
    domains=[D_GOV], tech=[], ind=[],
)
E[58] = dict(
    short="La Métropole du Grand Paris a adopté une stratégie IA 2025–2027 et le programme "
          "« ApproprIAtion Métropolitaine » pour aider les communes à se former, expérimenter et passer "
          "à l'échelle.",
    desc="Adoptée en avril 2025, la stratégie vise 130 communes. Elle prolonge les programmes « Innover "
         "dans la ville » et QMI, ce dernier ayant retenu 7 solutions d'IA sur 28. Il s'agit d'une "
         "stratégie et d'un programme d'accompagnement, pas d'un système d'IA.",
    kw=["stratégie ia", "accompagnement des communes", "formation", "métropole"],
    domains=[D_GOV], tech=[], ind=[],
)


# ---------------------------------------------------------------------------
# Référentiel des collectivités
# ---------------------------------------------------------------------------
class Referential:
    def __init__(self, ref_dir: Path):
        def load(name):
            with open(ref_dir / f"{name}.json", encoding="utf-8") as fh:
                return json.load(fh)

        self.communes = {}        # code INSEE -> entrée (toutes natures)
        self.commune_by_siren = {}
        for c in load("communes"):
            # un code peut exister en commune actuelle et en commune déléguée : on garde l'actuelle
            if c["code"] not in self.communes or c["type"] == "commune-actuelle":
                self.communes[c["code"]] = c
            if c["type"] == "commune-actuelle" and c.get("siren"):
                self.commune_by_siren[c["siren"]] = c
        self.epci = {e["code"]: e for e in load("epci")}
        self.ept = {e["code"]: e for e in load("ept")}
        self.departements = {d["code"]: d for d in load("departements")}
        self.regions = {r["code"]: r for r in load("regions")}

    def resolve(self, token: str):
        """Retourne (référence, nom, remarque) ou lève ValueError."""
        t = token.strip()
        m = re.match(r"^INSEE dép\. (\w{2,3})\b", t)
        if m:
            code = m.group(1)
            if code not in self.departements:
                raise ValueError(f"département inconnu : {code}")
            return {"kind": "departement", "insee_code": code}, self.departements[code]["nom"], ""
        m = re.match(r"^INSEE rég\. (\d{2,3})\b", t)
        if m:
            code = m.group(1)
            if code not in self.regions:
                raise ValueError(f"région inconnue : {code}")
            return {"kind": "region", "insee_code": code}, self.regions[code]["nom"], ""
        m = re.match(r"^INSEE (\w{5})\b", t)
        if m:
            code = m.group(1)
            c = self.communes.get(code)
            if c is None:
                raise ValueError(f"code commune inconnu : {code}")
            if c["type"] == "arrondissement-municipal":
                parent = self.communes.get(c.get("commune", ""))
                if parent is None or parent["type"] != "commune-actuelle":
                    raise ValueError(f"arrondissement municipal sans commune parente : {code}")
                return ({"kind": "commune", "insee_code": parent["code"]}, parent["nom"],
                        f"{code} ({c['nom']}) est un arrondissement municipal, rattaché à {parent['nom']}")
            if c["type"] != "commune-actuelle":
                raise ValueError(f"{code} n'est pas une commune actuelle ({c['type']})")
            return {"kind": "commune", "insee_code": code}, c["nom"], ""
        m = re.match(r"^SIREN (\d{9})\b", t)
        if m:
            siren = m.group(1)
            if siren in self.epci:
                return {"kind": "epci", "siren": siren}, self.epci[siren]["nom"], ""
            if siren in self.ept:
                return {"kind": "other", "other_type": "ept", "siren": siren}, self.ept[siren]["nom"], ""
            if siren in self.commune_by_siren:
                c = self.commune_by_siren[siren]
                return {"kind": "commune", "insee_code": c["code"]}, c["nom"], ""
            raise ValueError(f"SIREN inconnu : {siren}")
        raise ValueError(f"format de code non reconnu : {t!r}")


def parse_departement(cell: str, ref: Referential) -> str:
    m = re.search(r"\((\w{2,3})\)", cell)
    if not m or m.group(1) not in ref.departements:
        raise ValueError(f"département introuvable dans la cellule {cell!r}")
    return m.group(1)


# ---------------------------------------------------------------------------
# Conversion
# ---------------------------------------------------------------------------
def map_status(n: int, kind: str, statut: str) -> tuple[str, str]:
    if n in STATUS_OVERRIDES:
        return STATUS_OVERRIDES[n][0], "exception"
    s = statut.strip().lower()
    rules = STATUS_RULES_GOVERNANCE if kind == "governance" else STATUS_RULES_AI
    for pattern, status in rules:
        if re.search(pattern, s):
            return status, pattern
    raise ValueError(f"ligne {n} : statut non reconnu {statut!r}")


def parse_vendor(n: int, kind: str, cell: str):
    if kind == "governance":
        return None  # l'organisme éventuel (agence d'innovation...) est cité dans la description
    if n in VENDOR_OVERRIDES:
        return {"name": VENDOR_OVERRIDES[n], "siren": ""}
    items = [x.strip() for x in cell.split(";") if x.strip()]
    if not items:
        return None
    first = items[0]
    if first.lower().startswith(VENDOR_NONE_PREFIXES):
        return None
    name = re.sub(r"\s*\(.*?\).*$", "", first).strip()
    return {"name": name, "siren": ""}


def convert(rows, ref: Referential):
    errors, log, projects = [], [], []
    for n, row in enumerate(rows, start=1):
        try:
            projects.append(convert_row(n, row, ref, log))
        except ValueError as exc:
            errors.append(f"ligne {n} ({row['collectivite']}) : {exc}")
    return projects, errors, log


def convert_row(n, row, ref, log):
    ed = E[n]
    kind = kind_of(row["technique"])
    urls = [u.strip() for u in row["source_url"].split(" ; ") if u.strip()]

    # --- collectivités
    refs = []
    codes = [c for c in row["code_insee_or_siren"].split(" | ") if c.strip()]
    for token in codes:
        r, name, remark = ref.resolve(token)
        if remark:
            log.append(f"ligne {n:2d} : {remark}")
        if r not in [x[0] for x in refs]:
            refs.append((r, name))
    for extra in EXTRA_PARTNERS.get(n, []):
        if isinstance(extra, str):
            r, name, _ = ref.resolve(extra)
        else:
            r = {"kind": "other", "other_type": extra["other_type"], "name": extra["name"],
                 "departement": parse_departement(row["departement"], ref)}
            name = extra["name"]
        refs.append((r, name))
    if n in OWNER_NO_CODE:
        spec = OWNER_NO_CODE[n]
        owner = {"kind": "other", "other_type": spec["other_type"], "name": spec["name"],
                 "departement": parse_departement(row["departement"], ref)}
        owner_name = spec["name"]
        partner_refs = refs
    else:
        if not refs:
            raise ValueError("aucun code et aucun propriétaire défini")
        (owner, owner_name), partner_refs = refs[0], refs[1:]
    partners = [dict(r, role="partner") for r, _ in partner_refs]
    log.append(f"ligne {n:2d} : propriétaire = {owner_name} [{row['collectivite']}]"
               + (f" ; partenaires = {', '.join(nm for _, nm in partner_refs)}" if partner_refs else ""))

    # --- statut
    status, rule = map_status(n, kind, row["statut"])
    annee = row["annee"].strip()

    indicators = []
    for i in ed["ind"]:
        item = {k: v for k, v in i.items() if k != "src"}
        item["source_url"] = urls[i["src"]] if i["src"] is not None else None
        indicators.append(item)

    project = {
        "source_id": f"cas-reels-{n:02d}",
        "kind": kind,
        "title": row["titre"].strip(),
        "short_description": ed["short"],
        "description": ed["desc"],
        "keywords": ed["kw"],
        "owner": owner,
        "partners": partners,
        "domains": ed["domains"],
        "techniques": ed["tech"],
        "status": status,
        "status_detail": row["statut"].strip(),
        "status_reason": STOP_REASONS.get(n, ""),
        "start_year": int(annee) if annee else None,
        "decision_role": "not_applicable" if kind == "governance" else DECISION_OVERRIDES.get(n, "assists"),
        "results_summary": row["resultats"].strip(),
        "indicators": indicators,
        "vendor": parse_vendor(n, kind, row["fournisseur"]),
        "solution_name": SOLUTIONS.get(n, ""),
        "sources": [{"url": u, "title": ""} for u in urls],
        "lessons_learned": LESSONS.get(n, ""),
    }
    return project


def check(projects, rows) -> list[str]:
    errs = []
    if len(projects) != EXPECTED_ROWS:
        errs.append(f"{len(projects)} projets au lieu de {EXPECTED_ROWS}")
    if sorted(E) != list(range(1, len(rows) + 1)):
        errs.append("la table éditoriale ne couvre pas exactement les lignes du CSV")
    ids = [p["source_id"] for p in projects]
    if len(set(ids)) != len(ids):
        errs.append("identifiants en double")
    for p, row in zip(projects, rows, strict=True):
        sid = p["source_id"]
        if not p["short_description"] or len(p["short_description"]) > 400:
            errs.append(f"{sid} : description courte vide ou > 400 caractères ({len(p['short_description'])})")
        if len(p["description"]) <= len(p["short_description"]) // 2:
            errs.append(f"{sid} : description trop courte")
        if not (1 <= len(p["domains"]) <= 2) or any(d not in DOMAINS for d in p["domains"]):
            errs.append(f"{sid} : domaines invalides {p['domains']}")
        if any(t not in TECHNIQUES for t in p["techniques"]):
            errs.append(f"{sid} : techniques invalides {p['techniques']}")
        if p["kind"] == "governance" and p["techniques"]:
            errs.append(f"{sid} : une démarche de gouvernance ne doit pas avoir de technique")
        if p["kind"] == "ai_system" and not p["techniques"]:
            errs.append(f"{sid} : technique manquante")
        if len(set(p["techniques"])) != len(p["techniques"]) or len(set(p["domains"])) != len(p["domains"]):
            errs.append(f"{sid} : doublons dans domaines ou techniques")
        if p["status"] not in STATUSES:
            errs.append(f"{sid} : statut invalide")
        if p["status"] == "stopped" and not (p["status_reason"] and p["lessons_learned"]):
            errs.append(f"{sid} : raison de l'arrêt ou enseignement manquant")
        if p["status"] != "stopped" and p["status_reason"]:
            errs.append(f"{sid} : raison d'arrêt sur un projet non arrêté")
        if not p["keywords"] or any(k != k.lower() for k in p["keywords"]):
            errs.append(f"{sid} : mots-clés vides ou non en minuscules")
        if p["results_summary"] != row["resultats"].strip():
            errs.append(f"{sid} : résultats modifiés")
        urls = {s["url"] for s in p["sources"]}
        for i in p["indicators"]:
            if i["source_url"] is not None and i["source_url"] not in urls:
                errs.append(f"{sid} : URL d'indicateur absente des sources")
            if i["value_before"] is None and i["value_after"] is None:
                errs.append(f"{sid} : indicateur sans valeur")
            if i["measured_on"] is not None and not re.fullmatch(r"\d{4}(-\d{2})?", i["measured_on"]):
                errs.append(f"{sid} : date de mesure invalide")
        for r in [p["owner"], *p["partners"]]:
            if r["kind"] == "other" and r["other_type"] not in OTHER_TYPES:
                errs.append(f"{sid} : type d'organisme invalide {r['other_type']}")
    return errs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                    help="dossier des données partagées (par défaut : ../shared à côté du dépôt)")
    ap.add_argument("--csv", type=Path, default=None,
                    help=f"cas réels (par défaut : {CSV_IN_SHARED} dans le dossier partagé)")
    ap.add_argument("--ref", type=Path, default=None,
                    help=f"découpage administratif (par défaut : {REF_IN_SHARED} dans le "
                    "dossier partagé)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--verbose", action="store_true", help="affiche la résolution des collectivités")
    args = ap.parse_args(argv)
    args.csv = args.csv or args.shared / CSV_IN_SHARED
    args.ref = args.ref or args.shared / REF_IN_SHARED
    for path in (args.csv, args.ref):
        if not path.exists():
            print(f"ERREUR : {path} est introuvable (dossier partagé : --shared).",
                  file=sys.stderr)
            return 1

    with open(args.csv, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != EXPECTED_COLUMNS:
            print(f"ERREUR : colonnes inattendues {reader.fieldnames}", file=sys.stderr)
            return 1
        rows = list(reader)

    ref = Referential(args.ref)
    projects, errors, log = convert(rows, ref)
    if errors:
        print("ERREUR : codes ou statuts non résolus :", file=sys.stderr)
        for e in errors:
            print("  - " + e, file=sys.stderr)
        return 1
    problems = check(projects, rows)
    if problems:
        print("ERREUR : contrôles non satisfaits :", file=sys.stderr)
        for e in problems:
            print("  - " + e, file=sys.stderr)
        return 1

    doc = {
        "format": "recensia-projets",
        "version": 1,
        "source": "Cas réels documentés de collectivités (presse, organismes publics, pages de fournisseurs)",
        "generated_from": args.csv.name,
        "projects": projects,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=2)
        fh.write("\n")

    if args.verbose:
        for line in log:
            print(line)
    kinds = Counter(p["kind"] for p in projects)
    statuses = Counter(p["status"] for p in projects)
    n_refs = sum(1 + len(p["partners"]) for p in projects)
    print(f"{len(projects)} projets écrits dans {args.out}")
    print(f"nature : {kinds['ai_system']} systèmes d'IA, {kinds['governance']} démarches de gouvernance")
    print("statuts : " + ", ".join(f"{s}={statuses.get(s, 0)}" for s in STATUSES))
    print(f"collectivités : {n_refs} références (propriétaires et partenaires), toutes résolues")
    print(f"indicateurs : {sum(len(p['indicators']) for p in projects)} "
          f"sur {sum(1 for p in projects if p['indicators'])} projets")
    print("exceptions de statut : " + ", ".join(f"ligne {k} → {v[0]}" for k, v in STATUS_OVERRIDES.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
