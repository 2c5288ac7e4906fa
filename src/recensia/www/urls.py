from django.urls import path

from recensia.www import views

app_name = "www"
urlpatterns = [
    path("", views.home, name="home"),
    path("compte/", views.me, name="me"),
    path("collectivites/nouvel-organisme/", views.other_body_create, name="other_body_create"),
    path("collectivites/<str:code>/", views.organization_detail, name="organization"),
    path("projets/<slug:slug>/", views.project_detail, name="project"),
    path("moderation/", views.moderation_queue, name="moderation"),
]
