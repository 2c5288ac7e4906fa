from django.db import migrations

from recensia.territories.models import unique_code


def give_codes(apps, schema_editor):
    """Every other public body gets its stable code (the exports no longer use ids)."""
    Organization = apps.get_model("territories", "Organization")
    for org in Organization.objects.filter(kind="other", code="").order_by("pk"):
        org.code = unique_code(Organization, org.name, departement_id=org.departement_id)
        org.save(update_fields=["code"])


class Migration(migrations.Migration):

    dependencies = [
        ("territories", "0004_other_body_code_and_web_urls"),
    ]

    operations = [
        migrations.RunPython(give_codes, migrations.RunPython.noop, elidable=True),
    ]
