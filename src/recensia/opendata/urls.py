from django.urls import path

from recensia.opendata import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("projets.csv", views.export_csv, name="csv"),
    path("projets.json", views.export_json, name="json"),
    path("projets.xlsx", views.export_xlsx, name="xlsx"),
    path("projets.schema.json", views.table_schema, name="schema"),
    path("dcat.jsonld", views.dcat_description, name="dcat"),
    path("grilles-achat.json", views.export_grids, name="grids"),
    path("solutions.json", views.export_solutions, name="solutions"),
    path("modele-projets.xlsx", views.table_template, name="template"),
    path("importer/", views.import_page, name="import"),
    # The catalogue's tables and their schemas (solution_tables.TABLES); last, it takes a name.
    path("<str:file>", views.export_solution_table, name="solution_table"),
]
