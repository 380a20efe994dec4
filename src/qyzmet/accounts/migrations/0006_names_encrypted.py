"""Users' first and last names, encrypted at rest: a citizen's come from the population
registry (rows in clear encrypted)."""

from django.db import migrations

import qyzmet.core.encrypted
from qyzmet.core.encrypted_rows import encrypt_existing_rows


def encrypt_rows(apps, schema_editor):
    encrypt_existing_rows(apps.get_model("accounts", "User"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_personal_data_encrypted"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="first_name",
            field=qyzmet.core.encrypted.EncryptedCharField(
                blank=True, max_length=150, verbose_name="first name"
            ),
        ),
        migrations.AlterField(
            model_name="user",
            name="last_name",
            field=qyzmet.core.encrypted.EncryptedCharField(
                blank=True, max_length=150, verbose_name="last name"
            ),
        ),
        migrations.RunPython(encrypt_rows, migrations.RunPython.noop, elidable=False),
    ]
