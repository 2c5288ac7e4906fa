from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("territories", "0005_other_body_codes"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='organization',
            constraint=models.UniqueConstraint(condition=models.Q(('code', ''), _negated=True), fields=('code',), name='organization_unique_code'),
        ),
    ]
