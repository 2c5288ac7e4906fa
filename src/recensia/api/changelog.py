"""Dated changes of the API, newest first. The API only evolves additively within v1."""

CHANGELOG = [
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
