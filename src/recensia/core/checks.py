"""Deployment checks of our own, shown by `recensia check --deploy`."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [Warning(
            "Le cache est propre à chaque processus web : chacun compte les requêtes de "
            "l'API pour lui seul (la limite est multipliée par le nombre de processus) et "
            "garde ses propres pages.",
            hint="Indiquez CACHE_URL=redis://hôte:6379/1 (cache partagé).",
            id="recensia.W001")]
    return []


@register(deploy=True)
def legal_information(app_configs, **kwargs):
    missing = [name for name in ("CONTACT_EMAIL", "SITE_PUBLISHER", "SITE_PUBLICATION_DIRECTOR",
                                 "SITE_HOST") if not getattr(settings, name)]
    if missing:
        return [Warning(
            "Les mentions légales et la déclaration d'accessibilité ne disent pas qui édite "
            "et héberge le site, ni à qui écrire : " + ", ".join(missing) + ".",
            hint="Renseignez ces variables d'environnement (voir le README).",
            id="recensia.W002")]
    return []
