from django.urls import include, path

urlpatterns = [
    path("", include("recensia.core.urls")),
    path("collectivites/", include("recensia.territories.urls")),
    path("compte/", include("recensia.accounts.urls")),
    path("moderation/", include("recensia.search.urls")),
    path("", include("recensia.projects.urls")),
]
