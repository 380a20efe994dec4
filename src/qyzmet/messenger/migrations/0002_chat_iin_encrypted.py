"""The IIN a chat asked a linking code for, encrypted at rest (rows in clear encrypted)."""

from django.db import migrations

import qyzmet.core.encrypted
from qyzmet.core.encrypted_rows import encrypt_existing_rows


def encrypt_rows(apps, schema_editor):
    encrypt_existing_rows(apps.get_model("messenger", "Chat"))


class Migration(migrations.Migration):
    dependencies = [
        ("messenger", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="chat",
            name="iin",
            field=qyzmet.core.encrypted.EncryptedCharField(
                blank=True, help_text="While linking: the IIN a code was asked for.", max_length=12
            ),
        ),
        migrations.RunPython(encrypt_rows, migrations.RunPython.noop, elidable=False),
    ]
