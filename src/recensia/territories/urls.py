from django.urls import path

from recensia.territories import views

app_name = "territories"
urlpatterns = [
    path("", views.organization_search, name="search"),
    path("nouvel-organisme/", views.other_body_create, name="other_body_create"),
    path("<str:code>/", views.organization_detail, name="detail"),
]
