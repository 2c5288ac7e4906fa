from django.db import migrations


class Migration(migrations.Migration):
    """Formerly brought PostgreSQL to stored tsvector columns; 0003 now creates the
    backend's structures in their current layout on every database."""

    dependencies = [("search", "0001_initial")]

    operations = []
