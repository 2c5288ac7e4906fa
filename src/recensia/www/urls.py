from django.urls import path

from recensia.www import solutions, views

app_name = "www"
urlpatterns = [
    path("", views.home, name="home"),
    path("compte/", views.me, name="me"),
    path("collectivites/nouvel-organisme/", views.other_body_create, name="other_body_create"),
    path("collectivites/<str:code>/", views.organization_detail, name="organization"),
    path("projets/<slug:slug>/", views.project_detail, name="project"),
    path("projets/<slug:slug>/mutualisation/", solutions.pooling_offer, name="pooling_offer"),
    path("projets/<slug:slug>/mutualisation/demande/", solutions.pooling_join,
         name="pooling_join"),
    path("mutualisation/demandes/", solutions.pooling_requests, name="pooling_requests"),
    path("mutualisation/demandes/<int:pk>/", solutions.pooling_decide, name="pooling_decide"),
    path("solutions/", solutions.solution_list, name="solutions"),
    path("solutions/pour-ma-collectivite/", solutions.for_my_collectivity,
         name="solutions_for_me"),
    path("solutions/nouvelle/", solutions.edit_solution, name="solution_create"),
    path("solutions/<slug:slug>/", solutions.solution_detail, name="solution"),
    path("solutions/<slug:slug>/modifier/", solutions.edit_solution, name="solution_edit"),
    path("solutions/<slug:slug>/nous-l-utilisons/", solutions.declare_use,
         name="solution_use"),
    path("solutions/<slug:slug>/referent/", solutions.declare_referent,
         name="solution_referent"),
    path("solutions/<slug:slug>/retirer/<str:kind>/<int:pk>/", solutions.withdraw_declaration,
         name="solution_withdraw"),
    path("solutions/<slug:slug>/moderation/", solutions.moderate_solution,
         name="solution_moderate"),
    path("moderation/", views.moderation_queue, name="moderation"),
]
