from django.urls import path

from recensia.projects import views

app_name = "projects"
urlpatterns = [
    path("projets/nouveau/", views.project_create, name="create"),
    path("projets/<slug:slug>/modifier/", views.project_edit, name="edit"),
    path("projets/<slug:slug>/soumettre/", views.project_submit, name="submit"),
    path("projets/<slug:slug>/publier/", views.project_publish, name="publish"),
    path("projets/<slug:slug>/refuser/", views.project_reject, name="reject"),
    path("projets/<slug:slug>/archiver/", views.project_archive, name="archive"),
    path("projets/<slug:slug>/desarchiver/", views.project_unarchive, name="unarchive"),
    path("projets/<slug:slug>/historique/", views.project_history, name="history"),
    path("projets/<slug:slug>/historique/<int:number>/restaurer/", views.project_restore,
         name="restore"),
    path("projets/<slug:slug>/fusionner/", views.project_merge, name="merge"),
    path("projets/<slug:slug>/modifications/<int:pk>/", views.proposal_detail, name="proposal"),
    path("projets/<slug:slug>/signaler/", views.report_create, name="report"),
    path("moderation/signalements/<int:pk>/", views.report_handle, name="report_handle"),
    path("moderation/listes/<str:kind>/", views.taxonomy_list, name="taxonomy"),
]
