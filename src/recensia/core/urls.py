from django.urls import path

from recensia.core import views

app_name = "core"
urlpatterns = [
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("a-propos/", views.about, name="about"),
]
