"""Registre synthétique et déterministe de N projets, pour le banc d'essai.

Les collectivités porteuses sont de vraies collectivités du référentiel (la base doit
avoir reçu ``recensia load_territories`` et ``recensia load_reference_lists``) : surtout
des communes (tirées uniformément, donc surtout des petites, avec une part pondérée par la
population), puis des EPCI, des départements et des régions. Les textes sont en français,
construits pour chaque domaine de ``reference_lists.json`` à partir de gabarits et d'un
vocabulaire à fréquence réaliste (loi de Zipf : des mots très courants comme « données »
ou « service », et une longue traîne de mots rares).

Usage (avec DATABASE_URL, DEBUG=0, SECRET_KEY dans l'environnement) :
    python benchmarks/generate.py 10000 --out var/bench/projets.json
    python benchmarks/generate.py 10000 --load      # bulk_import_projects, avec la durée
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_LISTS = ROOT / "src" / "recensia" / "projects" / "data" / "reference_lists.json"
SEED = 20260401

# ------------------------------------------------------------------ vocabulary per domain
# title: (action, object) pairs; objets: nouns used in sentences; mots: domain words of
# medium frequency; rares: words that occur in few projects; techniques: likely techniques;
# indicateurs: (label, unit, before, after); mots_cles: keywords.
DOMAINS: dict[str, dict] = {
    "Relation aux usagers et accueil": {
        "titres": [("Assistant conversationnel", "pour l'accueil de la mairie"),
                   ("Chatbot", "des démarches en ligne"),
                   ("Callbot", "du standard téléphonique"),
                   ("Réponse automatique", "aux questions des habitants"),
                   ("Prise de rendez-vous", "pour les titres d'identité"),
                   ("Assistant virtuel", "du guichet unique"),
                   ("Tri automatique", "des demandes des usagers")],
        "objets": ["l'accueil téléphonique", "le standard", "les demandes des usagers",
                   "la prise de rendez-vous", "le guichet unique", "les démarches en ligne",
                   "les questions fréquentes"],
        "mots": ["accueil", "usagers", "chatbot", "standard", "rendez-vous", "démarches",
                 "questions", "téléphone", "guichet", "courriels"],
        "rares": ["callbot", "multilingue", "sourds", "malentendants", "permanence",
                  "état-civil", "passeports"],
        "techniques": ["Agent conversationnel (chatbot, callbot)",
                       "IA générative (modèles de langage)",
                       "Transcription et synthèse de la parole"],
        "indicateurs": [("Appels traités sans agent", "%", 0, 45),
                        ("Délai moyen de réponse", "heures", 48, 6),
                        ("Appels reçus par jour", "appels par jour", None, 400)],
        "mots_cles": ["accueil", "chatbot", "standard téléphonique", "assistant vocal",
                      "relation usagers"],
    },
    "Administration et documents": {
        "titres": [("Rédaction assistée", "des délibérations"),
                   ("Résumé automatique", "des comptes rendus"),
                   ("Recherche documentaire", "dans les archives municipales"),
                   ("Classement automatique", "du courrier entrant"),
                   ("Assistant de rédaction", "pour les agents"),
                   ("Analyse", "des marchés publics")],
        "objets": ["les délibérations", "les comptes rendus", "le courrier", "les archives",
                   "les actes administratifs", "les marchés publics", "les notes internes"],
        "mots": ["documents", "délibérations", "courrier", "rédaction", "agents", "archives",
                 "conseil", "actes"],
        "rares": ["parapheur", "anonymisation", "pseudonymisation", "GED", "dématérialisation",
                  "recueil", "arrêtés"],
        "techniques": ["IA générative (modèles de langage)",
                       "Traitement du langage et recherche d'information",
                       "Transcription et synthèse de la parole"],
        "indicateurs": [("Temps de rédaction d'un compte rendu", "heures", 6, 2),
                        ("Courriers classés automatiquement", "%", 0, 70)],
        "mots_cles": ["délibération", "compte rendu", "courrier", "IA générative",
                      "archives"],
    },
    "Eau et assainissement": {
        "titres": [("Détection des fuites", "sur le réseau d'eau potable"),
                   ("Prévision des fuites", "du réseau de distribution"),
                   ("Localisation des fuites", "par capteurs acoustiques"),
                   ("Optimisation du pompage", "de l'eau potable"),
                   ("Surveillance", "des stations d'épuration"),
                   ("Prévision de la consommation", "d'eau"),
                   ("Détection des pertes d'eau", "sur les canalisations")],
        "objets": ["le réseau d'eau potable", "les canalisations", "les fuites",
                   "les stations d'épuration", "le pompage", "les compteurs",
                   "la qualité de l'eau"],
        "mots": ["eau", "fuite", "fuites", "réseau", "canalisations", "assainissement",
                 "potable", "compteurs", "pompage", "rendement"],
        "rares": ["hydrocurage", "télérelève", "sectorisation", "débitmètres", "turbidité",
                  "chloration", "réservoirs", "branchements"],
        "techniques": ["Capteurs et analyse de données (IoT)",
                       "Prévision par apprentissage automatique", "Optimisation"],
        "indicateurs": [("Rendement du réseau", "%", 72, 81),
                        ("Volume d'eau perdu", "m³ par an", 350000, 240000),
                        ("Délai de détection d'une fuite", "jours", 30, 4)],
        "mots_cles": ["fuites d'eau", "réseau", "eau potable", "capteurs", "prévision"],
    },
    "Déchets et propreté": {
        "titres": [("Détection des dépôts sauvages", "par caméras"),
                   ("Optimisation des tournées", "de collecte des déchets"),
                   ("Capteurs de remplissage", "des conteneurs"),
                   ("Signalement des dépôts sauvages", "par les habitants"),
                   ("Tri des déchets", "au centre de tri"),
                   ("Analyse", "de la propreté urbaine")],
        "objets": ["les dépôts sauvages", "la collecte des déchets", "les conteneurs",
                   "les tournées de collecte", "la propreté urbaine", "le tri sélectif"],
        "mots": ["déchets", "dépôts", "sauvages", "collecte", "propreté", "conteneurs",
                 "tri", "tournées", "ordures"],
        "rares": ["encombrants", "biodéchets", "déchetterie", "recyclerie", "compostage",
                  "verre", "ripeurs"],
        "techniques": ["Vision par ordinateur", "Optimisation",
                       "Capteurs et analyse de données (IoT)"],
        "indicateurs": [("Dépôts sauvages signalés", "dépôts par mois", 120, 70),
                        ("Kilomètres parcourus par les bennes", "km par an", 410000, 350000)],
        "mots_cles": ["dépôts sauvages", "déchets", "collecte", "propreté", "tournées"],
    },
    "Sécurité et tranquillité publique": {
        "titres": [("Vidéoprotection", "augmentée des espaces publics"),
                   ("Analyse automatique", "des images de vidéoprotection"),
                   ("Détection d'événements", "sur la voie publique"),
                   ("Aide à la patrouille", "de la police municipale"),
                   ("Détection des rodéos urbains", "par caméras")],
        "objets": ["la vidéoprotection", "la police municipale", "les caméras",
                   "le centre de supervision urbain", "la tranquillité publique"],
        "mots": ["vidéoprotection", "caméras", "police", "sécurité", "tranquillité",
                 "surveillance", "images"],
        "rares": ["CSU", "rodéos", "attroupements", "intrusions", "lecture de plaques",
                  "verbalisation"],
        "techniques": ["Vision par ordinateur", "Reconnaissance biométrique"],
        "indicateurs": [("Caméras raccordées", "caméras", None, 140),
                        ("Temps de visionnage des opérateurs", "heures par semaine", 60, 35)],
        "mots_cles": ["vidéoprotection", "police municipale", "caméras", "sécurité"],
    },
    "Mobilité et stationnement": {
        "titres": [("Prévision du trafic", "aux heures de pointe"),
                   ("Guidage vers les places libres", "de stationnement"),
                   ("Comptage des vélos", "sur les pistes cyclables"),
                   ("Optimisation des feux", "de circulation"),
                   ("Analyse de la fréquentation", "des transports en commun")],
        "objets": ["le stationnement", "la circulation", "les transports en commun",
                   "les pistes cyclables", "le trafic", "les parkings"],
        "mots": ["stationnement", "trafic", "circulation", "transports", "mobilité",
                 "parking", "vélos", "bus"],
        "rares": ["covoiturage", "trottinettes", "autopartage", "bouchons", "livraisons",
                  "horodateurs"],
        "techniques": ["Prévision par apprentissage automatique", "Vision par ordinateur",
                       "Capteurs et analyse de données (IoT)", "Optimisation"],
        "indicateurs": [("Temps de recherche d'une place", "minutes", 12, 7),
                        ("Taux d'occupation des parkings", "%", 60, 78)],
        "mots_cles": ["stationnement", "mobilité", "trafic", "parking", "vélo"],
    },
    "Voirie et espace public": {
        "titres": [("Détection des nids-de-poule", "par caméra embarquée"),
                   ("Diagnostic de l'état", "des chaussées"),
                   ("Gestion de l'éclairage public", "par capteurs"),
                   ("Inventaire du mobilier urbain", "par images"),
                   ("Priorisation des travaux", "de voirie")],
        "objets": ["la voirie", "les chaussées", "les trottoirs", "l'éclairage public",
                   "le mobilier urbain", "les travaux"],
        "mots": ["voirie", "chaussée", "trottoirs", "travaux", "éclairage", "routes",
                 "espace", "public"],
        "rares": ["nids-de-poule", "fissures", "marquage", "signalisation", "ouvrages d'art",
                  "lidar"],
        "techniques": ["Vision par ordinateur", "Capteurs et analyse de données (IoT)",
                       "Optimisation"],
        "indicateurs": [("Kilomètres de voirie diagnostiqués", "km", None, 420),
                        ("Coût du diagnostic", "€ par km", 900, 250)],
        "mots_cles": ["voirie", "chaussée", "nids-de-poule", "éclairage public"],
    },
    "Risques naturels": {
        "titres": [("Prévision des crues", "et des inondations"),
                   ("Alerte inondation", "pour les habitants"),
                   ("Détection précoce des feux de forêt", "par caméras"),
                   ("Surveillance des cours d'eau", "par capteurs"),
                   ("Cartographie du risque d'inondation", "")],
        "objets": ["les crues", "le risque d'inondation", "les feux de forêt",
                   "les cours d'eau", "l'alerte des habitants"],
        "mots": ["inondation", "inondations", "crues", "risques", "alerte", "feux", "forêt",
                 "prévention"],
        "rares": ["ruissellement", "submersion", "débordement", "sécheresse", "fumées",
                  "pluviométrie", "limnimètres"],
        "techniques": ["Prévision par apprentissage automatique", "Vision par ordinateur",
                       "Capteurs et analyse de données (IoT)", "Jumeau numérique"],
        "indicateurs": [("Délai d'alerte avant une crue", "heures", 2, 8),
                        ("Départs de feu détectés", "départs par an", None, 35)],
        "mots_cles": ["inondation", "crue", "feux de forêt", "alerte", "risques naturels"],
    },
    "Environnement et climat": {
        "titres": [("Cartographie des îlots de chaleur", "urbains"),
                   ("Suivi de la biodiversité", "par pièges photographiques"),
                   ("Plan de végétalisation", "assisté par les données"),
                   ("Mesure de la qualité de l'air", "en temps réel"),
                   ("Suivi de la canopée", "par images satellitaires")],
        "objets": ["la biodiversité", "les îlots de chaleur", "la qualité de l'air",
                   "les arbres", "la végétalisation", "le climat"],
        "mots": ["environnement", "climat", "biodiversité", "arbres", "air", "chaleur",
                 "végétalisation", "nature"],
        "rares": ["canopée", "pollinisateurs", "zones humides", "espèces invasives",
                  "ombrières", "albédo"],
        "techniques": ["Vision par ordinateur", "Capteurs et analyse de données (IoT)",
                       "Jumeau numérique", "Prévision par apprentissage automatique"],
        "indicateurs": [("Surface de canopée", "%", 18, 21),
                        ("Espèces recensées", "espèces", 120, 180)],
        "mots_cles": ["biodiversité", "climat", "îlots de chaleur", "qualité de l'air"],
    },
    "Énergie et bâtiments": {
        "titres": [("Pilotage du chauffage", "des bâtiments publics"),
                   ("Prévision des consommations", "d'énergie"),
                   ("Détection des dérives", "de consommation électrique"),
                   ("Optimisation de l'éclairage", "des gymnases"),
                   ("Suivi énergétique", "des écoles")],
        "objets": ["les bâtiments publics", "le chauffage", "la consommation d'énergie",
                   "les écoles", "les gymnases", "l'électricité"],
        "mots": ["énergie", "bâtiments", "chauffage", "consommation", "électricité",
                 "économies"],
        "rares": ["décret tertiaire", "chaufferie", "photovoltaïque", "GTB", "thermostats",
                  "sobriété"],
        "techniques": ["Prévision par apprentissage automatique", "Optimisation",
                       "Capteurs et analyse de données (IoT)"],
        "indicateurs": [("Consommation de chauffage", "MWh par an", 5200, 4400),
                        ("Économies réalisées", "€ par an", None, 85000)],
        "mots_cles": ["énergie", "bâtiments publics", "chauffage", "sobriété"],
    },
    "Urbanisme et aménagement": {
        "titres": [("Jumeau numérique", "du territoire"),
                   ("Instruction assistée", "des permis de construire"),
                   ("Détection des piscines non déclarées", "par images aériennes"),
                   ("Simulation de projets", "d'aménagement"),
                   ("Analyse du foncier", "disponible")],
        "objets": ["les permis de construire", "le plan local d'urbanisme", "le foncier",
                   "l'aménagement", "le territoire"],
        "mots": ["urbanisme", "permis", "aménagement", "territoire", "foncier",
                 "construction", "PLU"],
        "rares": ["piscines", "cadastre", "orthophotographies", "artificialisation",
                  "ZAN", "densification"],
        "techniques": ["Jumeau numérique", "Vision par ordinateur",
                       "IA générative (modèles de langage)"],
        "indicateurs": [("Délai d'instruction d'un permis", "jours", 90, 60),
                        ("Piscines non déclarées détectées", "piscines", None, 300)],
        "mots_cles": ["urbanisme", "jumeau numérique", "permis de construire", "foncier"],
    },
    "Éducation et restauration scolaire": {
        "titres": [("Prévision des repas", "à la cantine"),
                   ("Réduction du gaspillage alimentaire", "à la cantine"),
                   ("Prévision de la fréquentation", "de la restauration scolaire"),
                   ("Aide aux devoirs", "par un assistant"),
                   ("Inscriptions scolaires", "assistées")],
        "objets": ["la cantine", "la restauration scolaire", "les repas", "les écoles",
                   "le gaspillage alimentaire", "les collèges"],
        "mots": ["cantine", "repas", "écoles", "élèves", "restauration", "scolaire",
                 "gaspillage", "collèges"],
        "rares": ["pesées", "menus", "cuisine centrale", "allergies", "périscolaire",
                  "lycées"],
        "techniques": ["Prévision par apprentissage automatique",
                       "IA générative (modèles de langage)", "Optimisation"],
        "indicateurs": [("Gaspillage alimentaire", "grammes par repas", 120, 70),
                        ("Repas servis par jour", "repas", None, 3500)],
        "mots_cles": ["cantine", "gaspillage alimentaire", "repas", "restauration scolaire"],
    },
    "Action sociale et santé": {
        "titres": [("Repérage des personnes isolées", "en période de canicule"),
                   ("Orientation vers les aides sociales", ""),
                   ("Assistant pour les demandes d'aide", "du CCAS"),
                   ("Prévision de la perte d'autonomie", ""),
                   ("Traitement des dossiers", "d'allocation")],
        "objets": ["les aides sociales", "les personnes âgées", "le CCAS", "l'autonomie",
                   "les dossiers", "la santé"],
        "mots": ["social", "aides", "santé", "autonomie", "personnes", "âgées", "CCAS",
                 "solidarité"],
        "rares": ["canicule", "isolement", "RSA", "handicap", "téléassistance",
                  "non-recours"],
        "techniques": ["Traitement du langage et recherche d'information",
                       "Prévision par apprentissage automatique",
                       "Agent conversationnel (chatbot, callbot)"],
        "indicateurs": [("Délai de traitement d'un dossier", "jours", 45, 20),
                        ("Personnes accompagnées", "personnes", None, 1200)],
        "mots_cles": ["action sociale", "aides", "autonomie", "CCAS"],
    },
    "Développement économique": {
        "titres": [("Veille", "sur les entreprises du territoire"),
                   ("Mise en relation", "des entreprises et des partenaires"),
                   ("Analyse de l'activité", "des commerces de centre-ville"),
                   ("Assistant", "pour les porteurs de projet")],
        "objets": ["les entreprises", "les commerces", "l'emploi", "les filières",
                   "le centre-ville"],
        "mots": ["économie", "entreprises", "commerces", "emploi", "filières",
                 "attractivité"],
        "rares": ["vacance commerciale", "artisans", "pépinière", "subventions",
                  "tourisme"],
        "techniques": ["Traitement du langage et recherche d'information",
                       "IA générative (modèles de langage)"],
        "indicateurs": [("Entreprises accompagnées", "entreprises", None, 250)],
        "mots_cles": ["développement économique", "entreprises", "commerces"],
    },
    "Gouvernance et stratégie de l'IA": {
        "titres": [("Charte éthique", "de l'intelligence artificielle"),
                   ("Stratégie IA", "de la collectivité"),
                   ("Convention citoyenne", "sur l'intelligence artificielle"),
                   ("Programme de formation", "des agents à l'IA"),
                   ("Comité d'éthique", "du numérique")],
        "objets": ["la charte", "la stratégie", "la formation des agents",
                   "la gouvernance", "l'éthique"],
        "mots": ["gouvernance", "stratégie", "charte", "éthique", "formation", "citoyens",
                 "intelligence", "artificielle"],
        "rares": ["souveraineté", "frugalité", "transparence algorithmique", "acculturation",
                  "registre"],
        "techniques": ["Non précisé"],
        "indicateurs": [("Agents formés", "agents", 0, 300)],
        "mots_cles": ["gouvernance", "charte", "éthique", "stratégie IA"],
    },
    "Données et aide à la décision": {
        "titres": [("Tableau de bord", "pour les élus"),
                   ("Entrepôt de données", "de la collectivité"),
                   ("Analyse prédictive", "des besoins"),
                   ("Observatoire", "du territoire"),
                   ("Aide à la décision", "budgétaire")],
        "objets": ["les tableaux de bord", "les indicateurs", "le budget", "les élus",
                   "l'entrepôt de données"],
        "mots": ["données", "décision", "tableaux", "bord", "indicateurs", "budget", "élus",
                 "analyse"],
        "rares": ["datavisualisation", "open data", "interopérabilité", "qualité des données",
                  "entrepôt"],
        "techniques": ["Prévision par apprentissage automatique",
                       "Traitement du langage et recherche d'information",
                       "IA générative (modèles de langage)"],
        "indicateurs": [("Indicateurs suivis", "indicateurs", 20, 120)],
        "mots_cles": ["données", "tableau de bord", "aide à la décision"],
    },
}

COMMON_SENTENCES = [
    "Le projet s'appuie sur les données de la collectivité et sur {donnees}.",
    "Les agents du service {service} utilisent l'outil au quotidien pour {objet_court}.",
    "L'objectif est d'améliorer le service rendu aux habitants et de mieux suivre {objet}.",
    "Les données sont hébergées en {pays} et restent la propriété de la collectivité.",
    "Une phase d'expérimentation de {mois} mois a précédé le déploiement.",
    "Le modèle a été entraîné sur {annees} années de données historiques.",
    "Les résultats sont vérifiés chaque semaine par un agent avant toute décision.",
    "Le projet a été présenté en conseil {conseil} en {annee}.",
    "Les habitants sont informés de l'usage de l'outil sur le site de la collectivité.",
    "La solution {solution} est fournie par {fournisseur}.",
    "Le coût annuel de fonctionnement est d'environ {cout} euros.",
    "Les agents ont été formés à l'usage de l'outil et à ses limites.",
    "Le projet est mutualisé avec d'autres collectivités du département.",
    "Un comité de suivi réunit les élus, les agents et les partenaires du projet.",
    "Les données personnelles sont réduites au strict nécessaire.",
]
DOMAIN_SENTENCES = [
    "{Collectivite} a lancé en {annee} un projet portant sur {objet}.",
    "L'outil aide les agents à traiter {objet} plus rapidement.",
    "Il repose sur {technique_court} et sur les données de {objet}.",
    "Les premiers résultats concernent surtout {objet} et {objet2}.",
    "Le service a constaté des gains sur {objet}, notamment pour {mot}.",
    "La collectivité souhaite ensuite travailler sur {objet2}.",
    "Le projet traite aussi la question {de_mot}.",
]
DONNEES = ["les relevés des capteurs", "les données ouvertes nationales", "les historiques "
           "d'interventions", "les images aériennes de l'IGN", "les données de Météo-France",
           "les fichiers de gestion du service", "les données de l'INSEE"]
SERVICES = ["technique", "informatique", "de l'eau", "de la propreté", "de l'accueil",
            "des finances", "éducation", "des bâtiments", "de la communication"]
COUNTRIES = [("France", 82), ("Irlande", 6), ("Allemagne", 5), ("Pays-Bas", 3),
             ("États-Unis", 3), ("Belgique", 1)]
STATUSES = [("idea", 8), ("study", 15), ("pilot", 30), ("deployed", 37), ("stopped", 10)]
STOP_REASONS = ["Résultats insuffisants au regard du coût.", "Fin du financement.",
                "Le fournisseur a cessé de maintenir la solution.",
                "Les agents n'ont pas adopté l'outil.",
                "Avis défavorable de la CNIL sur le traitement des données."]
DECISIONS = ["assists", "assists", "assists", "not_applicable", "unknown", "decides"]
# Long tail: very rare words, a few occurrences each in 100,000 projects.
RARE_TAIL = (  # noqa: SIM905 - easier to read as a paragraph
    "aquifère bathymétrie cadastral dendrochronologie échantillonnage fongicide "
    "géothermie hydrographie isochrone karstique lombriculture méthanisation nivologie "
    "orthophoto piézomètre quinquennal radon saumâtre télémétrie urbanistique "
    "vermicompostage xylophage zonage ammoniac bocage chiroptères dolines estuaire "
    "friches granulats halage irrigation jachère lagunage marnage noues oyats "
    "phytoépuration quais ripisylve sédiments talus ubac vannage wagonnets yeuses"
).split()
SYLLABLES = ["da", "ta", "lis", "no", "vi", "ra", "hy", "dro", "ge", "o", "mé", "tri",
             "ka", "lo", "sen", "so", "ré", "ci", "ter", "al", "pha", "neo", "syn", "opt"]
VENDOR_SUFFIXES = ["", " SAS", " Technologies", " Solutions", " Data", " IA", " France",
                   " Analytics", " Systèmes", " Conseil"]
PRODUCT_WORDS = ["Vision", "Flow", "Sense", "Pilot", "Track", "Assist", "Predict", "Map",
                 "Guard", "Eco", "City", "Smart", "Optima", "Scan", "Voice", "Doc"]


def _zipf_picker(rng: random.Random, items: list, s: float = 1.1):
    weights = [1 / (rank + 1) ** s for rank in range(len(items))]
    cumulative = list(itertools.accumulate(weights))
    total = cumulative[-1]

    def pick():
        return items[bisect.bisect(cumulative, rng.random() * total)]
    return pick


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _vendors(rng: random.Random, count: int = 200) -> list[dict]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        base = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        name = base + rng.choice(VENDOR_SUFFIXES)
        if name not in seen:
            seen.add(name)
            names.append(name)
    vendors = []
    for name in names:
        stem = name.split()[0]
        products = [f"{stem} {rng.choice(PRODUCT_WORDS)}" for _ in range(rng.randint(1, 3))]
        siren = "" if rng.random() < 0.3 else f"{rng.randint(300_000_000, 999_999_999)}"
        vendors.append({"name": name, "siren": siren, "products": sorted(set(products))})
    return vendors


def load_owners():
    """Real collectivités of the reference data, in a stable order (needs Django)."""
    from recensia.territories.models import Organization, OrganizationKind

    qs = Organization.objects.filter(from_reference_data=True, is_obsolete=False)
    communes = list(qs.filter(kind=OrganizationKind.COMMUNE).order_by("insee_code")
                    .values_list("insee_code", "name", "population", "departement__insee_code"))
    epcis = list(qs.filter(kind=OrganizationKind.EPCI).order_by("siren")
                 .values_list("siren", "name", "population"))
    departements = list(qs.filter(kind=OrganizationKind.DEPARTEMENT).order_by("insee_code")
                        .values_list("insee_code", "name"))
    regions = list(qs.filter(kind=OrganizationKind.REGION).order_by("insee_code")
                   .values_list("insee_code", "name"))
    if not communes or not departements:
        raise SystemExit("Le référentiel des collectivités est vide : lancez d'abord "
                         "« recensia load_territories ».")
    return communes, epcis, departements, regions


def generate(n: int, *, seed: int = SEED, owners=None) -> list[dict]:
    """N items in the ``recensia-projets`` format, always the same for the same seed."""
    rng = random.Random(seed)
    communes, epcis, departements, regions = owners or load_owners()
    by_dep: dict[str, list] = {}
    for c in communes:
        by_dep.setdefault(c[3] or "", []).append(c)
    pop_cumulative = list(itertools.accumulate((c[2] or 0) ** 0.5 for c in communes))
    reference = json.loads(REFERENCE_LISTS.read_text(encoding="utf-8"))
    domain_names = [d["name"] for d in reference["domains"]]
    missing = [d for d in domain_names if d not in DOMAINS]
    if missing:
        raise SystemExit(f"Domaines sans vocabulaire dans generate.py : {missing}")
    technique_names = [t["name"] for t in reference["techniques"]]
    # Domain popularity: relation usagers and eau most frequent, gouvernance rarest.
    domain_pick = _zipf_picker(rng, domain_names, s=0.6)
    vendors = _vendors(rng)
    vendor_pick = _zipf_picker(rng, vendors, s=0.9)
    rare_pick = _zipf_picker(rng, RARE_TAIL, s=1.0)

    def commune_owner():
        if rng.random() < 0.7:
            c = communes[rng.randrange(len(communes))]
        else:
            c = communes[bisect.bisect(pop_cumulative, rng.random() * pop_cumulative[-1])]
        return {"kind": "commune", "insee_code": c[0]}, c[1], c

    items = []
    for i in range(1, n + 1):
        r = rng.random()
        commune = None
        if r < 0.62:
            ref, owner_name, commune = commune_owner()
        elif r < 0.85 and epcis:
            e = epcis[rng.randrange(len(epcis))]
            ref, owner_name = {"kind": "epci", "siren": e[0]}, e[1]
        elif r < 0.95:
            d = departements[rng.randrange(len(departements))]
            ref, owner_name = {"kind": "departement", "insee_code": d[0]}, d[1]
        else:
            g = regions[rng.randrange(len(regions))]
            ref, owner_name = {"kind": "region", "insee_code": g[0]}, g[1]
        domain = domain_pick()
        vocab = DOMAINS[domain]
        domains = [domain]
        if rng.random() < 0.2:
            other = domain_pick()
            if other != domain:
                domains.append(other)
        governance = domain == "Gouvernance et stratégie de l'IA"
        techniques = [rng.choice(vocab["techniques"])]
        if not governance and rng.random() < 0.15:
            extra = rng.choice(technique_names)
            if extra not in techniques:
                techniques.append(extra)
        action, complement = rng.choice(vocab["titres"])
        title = f"{action} {complement}".strip()
        if rng.random() < 0.25:
            title += f" à {owner_name}"
        status = _weighted(rng, STATUSES)
        year = rng.randint(2018, 2026)
        vendor = vendor_pick() if not governance and rng.random() < 0.75 else None
        solution = rng.choice(vendor["products"]) if vendor else ""
        objet, objet2 = rng.sample(vocab["objets"], 2)
        mot = rng.choice(vocab["mots"])
        slots = {
            "Collectivite": owner_name, "annee": year, "objet": objet, "objet2": objet2,
            "objet_court": objet, "mot": mot, "de_mot": f"des {mot}" if mot.endswith("s")
            else f"de « {mot} »",
            "technique_court": techniques[0].split(" (")[0].lower(),
            "donnees": rng.choice(DONNEES), "service": rng.choice(SERVICES),
            "pays": "France", "mois": rng.choice([3, 6, 9, 12, 18]),
            "annees": rng.randint(2, 10), "conseil": rng.choice(["municipal",
                                                                  "communautaire",
                                                                  "départemental",
                                                                  "régional"]),
            "solution": solution or "retenue", "fournisseur": vendor["name"] if vendor
            else "un prestataire", "cout": rng.choice([5000, 12000, 25000, 40000, 90000]),
        }
        sentences = [rng.choice(DOMAIN_SENTENCES) for _ in range(rng.randint(2, 3))]
        sentences += rng.sample(COMMON_SENTENCES, rng.randint(2, 4))
        rng.shuffle(sentences)
        description = " ".join(s.format(**slots) for s in sentences)
        if rng.random() < 0.35:
            description += f" Le projet mentionne aussi : {rng.choice(vocab['rares'])}."
        if rng.random() < 0.04:
            description += f" Mot-clé technique : {rare_pick()}."
        short = (f"{title} : un outil qui aide {owner_name} à mieux gérer {objet}, "
                 f"au service des habitants.")[:400]
        keywords = rng.sample(vocab["mots_cles"], rng.randint(2, min(4, len(vocab["mots_cles"]))))
        country = _weighted(rng, COUNTRIES) if vendor else ""
        indicators = []
        for label, unit, before, after in rng.sample(vocab["indicateurs"],
                                                     rng.randint(0, len(vocab["indicateurs"]))):
            jitter = rng.uniform(0.8, 1.2)
            indicators.append({
                "label": label,
                "value_before": round(before * jitter, 1) if before is not None else None,
                "value_after": round(after * jitter, 1) if after is not None else None,
                "unit": unit, "measured_by": rng.choice(["la collectivité", "le fournisseur",
                                                         "un bureau d'études"]),
                "measured_on": str(rng.randint(max(year, 2019), 2026)), "note": "",
                "source_url": "",
            })
        partners = []
        if commune is not None and rng.random() < 0.12:
            pool = by_dep.get(commune[3] or "", [])
            for c in rng.sample(pool, min(len(pool), rng.randint(1, 3))):
                if c[0] != commune[0]:
                    partners.append({"kind": "commune", "insee_code": c[0],
                                     "role": rng.choice(["partner", "follower"])})
        item = {
            "source_id": f"bench-{i:07d}",
            "kind": "governance" if governance else "ai_system",
            "title": title,
            "short_description": short,
            "description": description,
            "keywords": keywords,
            "owner": ref,
            "partners": partners,
            "domains": domains,
            "techniques": [] if governance and rng.random() < 0.5 else techniques,
            "status": status,
            "status_detail": {"deployed": "en service", "pilot": "en test"}.get(status, ""),
            "status_reason": rng.choice(STOP_REASONS) if status == "stopped" else "",
            "start_year": year,
            "decision_role": "not_applicable" if governance else rng.choice(DECISIONS),
            "purpose": f"Mieux gérer {objet} et {objet2}.",
            "results_summary": (f"{indicators[0]['label']} : {indicators[0]['value_after']} "
                                f"{indicators[0]['unit']}.") if indicators else "",
            "indicators": indicators,
            "vendor": {"name": vendor["name"], "siren": vendor["siren"]} if vendor else None,
            "solution_name": solution,
            "hosting_country": country,
            "sources": [{"url": f"https://www.exemple-collectivite.fr/projets/{i}",
                         "title": "Page du projet"}] if rng.random() < 0.8 else [],
            "contact_email": "numerique@exemple-collectivite.fr",
            "lessons_learned": rng.choice(["", "", "Associer les agents dès le départ.",
                                           "Vérifier la qualité des données avant tout."]),
        }
        items.append(item)
    return items


def _setup_django() -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recensia.config.settings")
    import django

    django.setup()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--load", action="store_true",
                        help="charge les projets avec bulk_import_projects")
    args = parser.parse_args(argv)
    _setup_django()
    started = time.perf_counter()
    items = generate(args.count, seed=args.seed)
    print(f"{len(items)} projets générés en {time.perf_counter() - started:.1f} s")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"format": "recensia-projets", "version": 1,
                                        "projects": items}, ensure_ascii=False),
                            encoding="utf-8")
    if args.load:
        from recensia.opendata.bulk import bulk_import_projects

        started = time.perf_counter()
        created = bulk_import_projects(items)
        print(f"{created} projets chargés en {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
