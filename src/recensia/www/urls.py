from django.urls import path

from recensia.www import views

app_name = "www"
urlpatterns = [
    path("", views.home, name="home"),
    path("compte/", views.me, name="me"),
    path("mentions-legales/", views.legal_notice, name="legal_notice"),
    path("donnees-personnelles/", views.personal_data, name="personal_data"),
    path("plan-du-site/", views.sitemap, name="sitemap"),
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
    path("tableau-de-bord/<slug:chart>.csv", views.dashboard_csv, name="dashboard_csv"),
    path("tableau-de-bord/<str:code>/", views.dashboard, name="dashboard_area"),
    path("tableau-de-bord/<str:code>/<slug:chart>.csv", views.dashboard_csv,
         name="dashboard_area_csv"),
    path("collectivites/nouvel-organisme/", views.other_body_create, name="other_body_create"),
    path("collectivites/<str:code>/", views.organization_detail, name="organization"),
    path("collectivites/<str:code>/contact/", views.organization_contact,
         name="organization_contact"),
    path("collectivites/<str:code>/inventaire/<slug:file_type>/", views.organization_inventory,
         name="organization_inventory"),
    path("projets/<slug:slug>/", views.project_detail, name="project"),
    path("moderation/", views.moderation_queue, name="moderation"),
]
