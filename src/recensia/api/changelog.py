"""Dated changes of the API, newest first. The API only evolves additively within v1."""

CHANGELOG = [
    {
        "date": "2026-11-28",
        "version": "1.1",
        "changes": [
            "Solutions : catalogue (GET /solutions, avec « user_count », le nombre de "
            "collectivités qui utilisent chaque solution) et fiche d'une solution "
            "(GET /solutions/{slug}) : fournisseur et sa dernière vérification, label "
            "« reconnue », collectivités utilisatrices, référents, offres de mutualisation.",
            "Fiche d'un projet : nouveaux champs « solution » (adresse de la solution du "
            "catalogue) et « pooling » (offre de mutualisation de la cheffe de file). "
            "« partners » ne contient plus que les collectivités qui ont accepté d'y figurer.",
            "Statistiques : « by_status », « by_domain » et « by_organization_kind » comptent "
            "désormais les seuls systèmes d'IA, comme la page d'accueil ; les démarches de "
            "gouvernance sont comptées à part (« governance », nouveau champ "
            "« governance_by_status »). Avant, « by_status » les mêlait aux systèmes d'IA.",
            "Évaluations (empreinte et conformité) : nouveaux champs « answered_by » "
            "(collectivite ou plateforme), « answered_by_label », « source », « basis » et "
            "« confidence » : un pré-diagnostic établi par la plateforme à partir "
            "d'informations publiques n'est jamais présenté comme une déclaration de la "
            "collectivité.",
            "Empreinte : nouveau champ « display », les totaux annuels tels que les pages les "
            "affichent (deux chiffres significatifs, unité lisible) ; « result » reste brut.",
            "Conformité : « tier » peut valoir « undetermined » quand les réponses ne "
            "permettent pas de conclure ; nouveau champ « tier_label ».",
            "Achats d'IA : grilles de critères d'attribution publiées par les collectivités "
            "(GET /grilles-achat, GET /grilles-achat/{grid_id}) avec poids, contrôles "
            "juridiques datés et clauses choisies ; bibliothèque de clauses avec leurs sources "
            "(GET /clauses-achat). Les offres reçues ne sont jamais publiées.",
            "Fiche d'un projet : champ source_id (identifiant stable d'import, sinon "
            "l'adresse) ; référence d'une collectivité : champ other_type (nature d'un autre "
            "organisme) et code stable organisme-<code> au lieu d'un numéro.",
            "Erreurs en JSON et en français partout sous /api/ (404, 422, 429, 500), "
            "décrites dans OpenAPI ; limites de 120 requêtes par minute et par adresse sans "
            "clé, 300 par clé d'API ou compte, lecture comme écriture.",
        ],
    },
    {
        "date": "2026-11-26",
        "version": "1.0",
        "changes": [
            "Première version publique : projets (liste avec recherche et facettes, fiche), "
            "collectivités, statistiques, évaluations de l'empreinte environnementale et de "
            "la conformité de chaque projet publié.",
            "Écriture par les outils des collectivités avec une clé d'API : création et "
            "modification de leurs projets, soumission à la modération.",
        ],
    },
]
