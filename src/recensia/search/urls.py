from django.urls import path

from recensia.search import views

app_name = "search"
urlpatterns = [
    path("synonymes/", views.synonyms, name="synonyms"),
]
