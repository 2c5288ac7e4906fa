from django.contrib.auth import views as auth_views
from django.urls import path

from recensia.accounts import views

app_name = "accounts"
urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("inscription/", views.signup, name="signup"),
    path("demandes/<int:pk>/decision/", views.decide_membership, name="decide"),
    path("appartenances/<int:pk>/terminer/", views.end_membership, name="end_membership"),
    path("cles-api/", views.create_token, name="create_token"),
    path("cles-api/<int:pk>/revoquer/", views.revoke_token, name="revoke_token"),
]
