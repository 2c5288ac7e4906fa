from django.urls import path

from recensia.procurement import views

app_name = "procurement"
urlpatterns = [
    path("", views.index, name="index"),
    path("nouvelle/", views.create, name="create"),
    path("clauses/", views.library, name="library"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/criteres/", views.edit, name="edit"),
    path("<int:pk>/clauses/", views.choose_clauses, name="clauses"),
    path("<int:pk>/offres/", views.offers, name="offers"),
    path("<int:pk>/offres/ajouter/", views.offer_form, name="offer_add"),
    path("<int:pk>/offres/<int:offer_pk>/", views.offer_form, name="offer_edit"),
    path("<int:pk>/offres/<int:offer_pk>/retirer/", views.offer_withdraw,
         name="offer_withdraw"),
    path("<int:pk>/publier/", views.publish, name="publish"),
    path("<int:pk>/archiver/", views.archive, name="archive"),
    path("<int:pk>/desarchiver/", views.restore, name="restore"),
    path("<int:pk>/reutiliser/", views.reuse, name="reuse"),
    path("<int:pk>/historique/", views.history, name="history"),
    path("<int:pk>/<str:kind>.<str:fmt>", views.document, name="document"),
]
