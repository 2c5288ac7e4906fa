from django.urls import path

from recensia.accounts import proconnect, views

app_name = "accounts"
urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", views.LogoutView.as_view(), name="logout"),
    path("inscription/", views.signup, name="signup"),
    path("confirmer/renvoyer/", views.resend_confirmation, name="resend_confirmation"),
    path("confirmer/<uidb64>/<token>/", views.confirm_email, name="confirm_email"),
    path("mot-de-passe/oublie/", views.PasswordResetView.as_view(), name="password_reset"),
    path("mot-de-passe/oublie/envoye/", views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("mot-de-passe/nouveau/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("mot-de-passe/nouveau/fait/", views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("proconnect/connexion/", proconnect.LoginView.as_view(), name="proconnect_login"),
    path("proconnect/retour/", proconnect.CallbackView.as_view(), name="proconnect_callback"),
    path("rejoindre/", views.join, name="join"),
    path("demandes/<int:pk>/", views.membership_decision, name="decision"),
    path("demandes/<int:pk>/decision/", views.decide_membership, name="decide"),
    path("inviter/", views.invite, name="invite"),
    path("invitation/<str:key>/", views.invitation, name="invitation"),
    path("appartenances/<int:pk>/terminer/", views.end_membership, name="end_membership"),
    path("cles-api/", views.create_token, name="create_token"),
    path("cles-api/<int:pk>/revoquer/", views.revoke_token, name="revoke_token"),
]
