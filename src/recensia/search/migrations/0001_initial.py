from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    initial = True
    dependencies = [("projects", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="SearchChange",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("project_id", models.BigIntegerField()),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={"verbose_name": "changement à indexer",
                     "verbose_name_plural": "changements à indexer", "ordering": ["id"]},
        ),
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                           serialize=False, verbose_name="ID")),
                ("word", models.CharField(max_length=64, unique=True)),
                ("stem", models.CharField(db_index=True, max_length=64)),
            ],
            options={"verbose_name": "mot du vocabulaire", "verbose_name_plural": "vocabulaire",
                     "ordering": ["word"]},
        ),
        migrations.CreateModel(
            name="SynonymGroup",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                           serialize=False, verbose_name="ID")),
                ("terms", models.TextField(
                    help_text="Séparés par des virgules, par exemple : cantine, restauration "
                              "scolaire.", verbose_name="termes équivalents")),
                ("is_active", models.BooleanField(default=True,
                                                  verbose_name="utilisé par la recherche")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
            ],
            options={"verbose_name": "groupe de synonymes", "verbose_name_plural": "synonymes",
                     "ordering": ["id"]},
        ),
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("project", models.OneToOneField(
                    on_delete=django.db.models.deletion.CASCADE, primary_key=True,
                    related_name="search_document", serialize=False, to="projects.project")),
                ("title_terms", models.TextField(default="")),
                ("body_terms", models.TextField(default="")),
            ],
            options={"verbose_name": "document indexé",
                     "verbose_name_plural": "documents indexés"},
        ),
        # The full-text structures of the backend are created by 0003 (current layout).
    ]
