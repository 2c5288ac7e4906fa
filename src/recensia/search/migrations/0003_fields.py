from django.db import migrations, models


def recreate_structures(apps, schema_editor):
    """The backend's full-text index over every field, then the documents recomputed (the
    analysis changed: fields, stem exceptions). Derived data only."""
    from recensia.search.backends import get_backend

    get_backend(schema_editor.connection).create_structures(schema_editor)
    if apps.get_model("search", "SearchDocument").objects.exists():
        from recensia.search.services import rebuild_index

        rebuild_index()


def drop_structures(apps, schema_editor):
    from recensia.search.backends import get_backend

    get_backend(schema_editor.connection).drop_structures(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_stored_vectors")]

    operations = [
        migrations.AddField(model_name="searchdocument", name="summary_terms",
                            field=models.TextField(default="")),
        migrations.AddField(model_name="searchdocument", name="keywords_terms",
                            field=models.TextField(default="")),
        migrations.AddField(model_name="searchdocument", name="names_terms",
                            field=models.TextField(default="")),
        migrations.AddField(model_name="searchdocument", name="results_terms",
                            field=models.TextField(default="")),
        migrations.AlterField(
            model_name="synonymgroup", name="terms",
            field=models.TextField(
                help_text="Séparés par des virgules, par exemple : cantine, restauration "
                          "scolaire. Pour un terme général qui doit trouver des termes plus "
                          "précis (et pas l'inverse) : déchets > encombrants, biodéchets.",
                verbose_name="termes équivalents")),
        migrations.RunPython(recreate_structures, drop_structures, elidable=True),
    ]
