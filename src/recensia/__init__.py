"""RecensIA : bibliothèque nationale des projets d'IA des collectivités territoriales."""

__version__ = "0.1.0"
