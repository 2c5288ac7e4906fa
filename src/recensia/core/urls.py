from django.urls import path

from recensia.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("a-propos/", views.about, name="about"),
]
