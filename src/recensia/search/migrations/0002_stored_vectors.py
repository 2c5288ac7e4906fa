from django.db import migrations


def create_structures(apps, schema_editor):
    from recensia.search.backends import get_backend

    get_backend(schema_editor.connection).create_structures(schema_editor)


class Migration(migrations.Migration):
    """Brings existing databases to the backend's current index structures (idempotent):
    on PostgreSQL, stored tsvector columns replace the expression indexes."""

    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create_structures, migrations.RunPython.noop,
                                       elidable=True)]
