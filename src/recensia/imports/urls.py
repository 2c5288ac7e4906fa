from django.urls import path

from recensia.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.start, name="start"),
    path("modele.xlsx", views.template, name="template"),
    path("<uuid:token>/colonnes/", views.columns, name="columns"),
    path("<uuid:token>/valeurs/", views.values, name="values"),
    path("<uuid:token>/", views.progress, name="progress"),
    path("<uuid:token>/soumettre/", views.submit_all, name="submit"),
    path("<uuid:token>/lignes-a-corriger.csv", views.rows_to_fix, name="to-fix"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/<uuid:token>/", views.review, name="review"),
    path("moderation/organismes/<int:pk>/", views.decide_body, name="body"),
]
