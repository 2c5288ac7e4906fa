"""Every page links to the data, the API, the dashboard and the legal pages; the legal
pages say who runs the site, what it keeps on agents, and where to turn."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

FOOTER_LINKS = ("/tableau-de-bord/", "/donnees/", "/api/v1/", "/mentions-legales/",
                "/donnees-personnelles/", "/plan-du-site/", "/accessibilite/")


@pytest.mark.parametrize("url", ["/", "/projets/", "/tableau-de-bord/", "/plan-du-site/"])
def test_every_page_links_to_data_api_dashboard_and_legal_pages(client, url):
    html = client.get(url).content.decode()
    footer = html[html.index('id="pied-de-page"'):]
    for link in FOOTER_LINKS:
        assert f'href="{link}"' in footer, f"{url} : pas de lien vers {link} en pied de page"


def test_accessibility_statement_gives_a_contact_and_the_defenseur_des_droits(client,
                                                                              settings):
    settings.CONTACT_EMAIL = "accessibilite@recensia.example.fr"
    html = client.get("/accessibilite/").content.decode()
    assert 'href="mailto:accessibilite@recensia.example.fr"' in html
    assert "Défenseur des droits" in html and "Libre réponse 71120" in html


def test_legal_notice_names_publisher_and_host_from_the_settings(client, settings):
    settings.SITE_PUBLISHER = "Agence nationale de la cohésion des territoires"
    settings.SITE_HOST = "Hébergeur public, 1 rue de l'Exemple, Paris"
    html = client.get("/mentions-legales/").content.decode()
    assert "Agence nationale de la cohésion des territoires" in html
    assert "Hébergeur public, 1 rue de l" in html


def test_personal_data_page_says_basis_retention_and_rights(client):
    html = client.get("/donnees-personnelles/").content.decode()
    for words in ("mission d'intérêt public", "Combien de temps", "articles 15 à 21",
                  "CNIL"):
        assert words in html.replace("&#x27;", "'")


def test_sitemap_links_the_main_pages(client):
    html = client.get("/plan-du-site/").content.decode()
    for link in ("/projets/", "/collectivites/", "/tableau-de-bord/", "/donnees/", "/api/v1/",
                 "/empreinte/", "/mentions-legales/"):
        assert f'href="{link}"' in html
