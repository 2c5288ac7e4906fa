from django.urls import include, path

from recensia.api import pages as api_pages
from recensia.api.views import api
from recensia.opendata.feeds import NewProjectsFeed

# Order matters where two apps share a prefix: the fixed addresses (« /projets/nouveau/ »,
# « /collectivites/nouvel-organisme/ ») come before the pages of www that take a code or a slug.
urlpatterns = [
    path("", include("recensia.core.urls")),
    path("collectivites/", include("recensia.territories.urls")),
    path("compte/", include("recensia.accounts.urls")),
    path("api/v1/", api_pages.documentation, name="api-documentation"),
    path("api/v1/", api.urls),
    path("donnees/importer/assistant/", include("recensia.imports.urls")),
    path("donnees/", include("recensia.opendata.urls")),
    path("projets/flux.atom", NewProjectsFeed(), name="projects-feed"),
    path("achats/", include("recensia.procurement.urls")),
    path("", include("recensia.search.urls")),
    path("", include("recensia.evaluations.urls")),
    path("", include("recensia.projects.urls")),
    path("", include("recensia.www.urls")),
]

handler400 = "recensia.core.errors.bad_request"
handler404 = "recensia.core.errors.page_not_found"
handler500 = "recensia.core.errors.server_error"
