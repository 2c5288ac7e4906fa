from django.conf import settings


def site(request):
    return {
        "site_title": "RecensIA",
        "site_tagline": "La bibliothèque des projets d'IA des collectivités",
        "debug": settings.DEBUG,
        "contact_email": settings.CONTACT_EMAIL,
    }
