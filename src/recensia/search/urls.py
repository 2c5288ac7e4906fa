from django.urls import path

from recensia.search import views

app_name = "search"
urlpatterns = [
    path("projets/", views.project_list, name="list"),
    path("projets/suggestions/", views.project_suggestions, name="suggestions"),
    path("moderation/synonymes/", views.synonyms, name="synonyms"),
]
