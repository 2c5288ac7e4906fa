from django.urls import path

from recensia.territories import views

app_name = "territories"
urlpatterns = [
    path("", views.organization_search, name="search"),
    path("choix/", views.organization_choices, name="choices"),
]
