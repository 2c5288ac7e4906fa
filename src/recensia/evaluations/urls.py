from django.urls import path

from recensia.evaluations import views

app_name = "evaluations"
urlpatterns = [
    path("projets/<slug:slug>/empreinte/", views.project_footprint, name="footprint"),
    path("projets/<slug:slug>/empreinte/evaluer/", views.edit_footprint, name="footprint_edit"),
    path("projets/<slug:slug>/empreinte/<int:pk>/recalculer/", views.recompute_footprint,
         name="footprint_recompute"),
    path("projets/<slug:slug>/conformite/", views.project_compliance, name="compliance"),
    path("projets/<slug:slug>/conformite/evaluer/", views.edit_compliance,
         name="compliance_edit"),
    path("projets/<slug:slug>/conformite/<int:pk>/recalculer/", views.recompute_compliance,
         name="compliance_recompute"),
    path("diagnostic/", views.diagnostic, name="diagnostic"),
    path("diagnostic/charte/", views.charter, name="charter"),
    path("empreinte/", views.national_footprint, name="national_footprint"),
    path("empreinte/methodologie/", views.methodology, name="methodology"),
    path("empreinte/equivalences/", views.equivalences, name="equivalences"),
    path("ce-qui-a-change/", views.changes, name="changes"),
]
