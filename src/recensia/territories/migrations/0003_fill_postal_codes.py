"""Postal codes of the communes already loaded, from the bundled reference file.

A database loaded before postal codes existed gets them here, without waiting for the next
`recensia load_territories` (which writes the same values). Communes are matched by INSEE
code; nothing else changes.
"""

import csv
from pathlib import Path

from django.db import migrations

COMMUNES_CSV = Path(__file__).resolve().parent.parent / "data" / "communes.csv"


def fill_postal_codes(apps, schema_editor):
    Organization = apps.get_model("territories", "Organization")
    communes = Organization.objects.filter(kind="commune", from_reference_data=True,
                                           postal_codes="")
    if not communes.exists():
        return
    with COMMUNES_CSV.open(encoding="utf-8", newline="") as handle:
        codes = {row["insee_code"]: row["postal_codes"] for row in csv.DictReader(handle)}
    rows = [(codes[insee], pk) for pk, insee in communes.values_list("pk", "insee_code")
            if codes.get(insee)]
    # One parameterized UPDATE run many times: bulk_update() takes ~30 s on 35,000 communes.
    connection = schema_editor.connection
    table = connection.ops.quote_name(Organization._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET postal_codes = %s WHERE id = %s", rows)  # noqa: S608


class Migration(migrations.Migration):

    dependencies = [
        ("territories", "0002_postal_codes"),
    ]

    operations = [
        migrations.RunPython(fill_postal_codes, migrations.RunPython.noop, elidable=True),
    ]
