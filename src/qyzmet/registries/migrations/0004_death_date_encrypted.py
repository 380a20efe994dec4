"""A person's death date, encrypted at rest like their birth date (rows in clear encrypted)."""

from django.db import migrations

import qyzmet.core.encrypted
from qyzmet.core.encrypted_rows import encrypt_existing_rows


def encrypt_rows(apps, schema_editor):
    encrypt_existing_rows(apps.get_model("registries", "Person"))


class Migration(migrations.Migration):
    dependencies = [
        ("registries", "0003_personal_data_encrypted"),
    ]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="death_date",
            field=qyzmet.core.encrypted.EncryptedDateField(blank=True, null=True),
        ),
        migrations.RunPython(encrypt_rows, migrations.RunPython.noop, elidable=False),
    ]
