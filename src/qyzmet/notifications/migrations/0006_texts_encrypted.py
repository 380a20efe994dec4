"""A notification's subject and text, encrypted at rest: they name people, carry one-time codes
and addresses (rows in clear encrypted)."""

from django.db import migrations

import qyzmet.core.encrypted
from qyzmet.core.encrypted_rows import encrypt_existing_rows


def encrypt_rows(apps, schema_editor):
    encrypt_existing_rows(apps.get_model("notifications", "Notification"))


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0005_address_encrypted"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="subject",
            field=qyzmet.core.encrypted.EncryptedCharField(max_length=255),
        ),
        migrations.AlterField(
            model_name="notification",
            name="body",
            field=qyzmet.core.encrypted.EncryptedTextField(),
        ),
        migrations.RunPython(encrypt_rows, migrations.RunPython.noop, elidable=False),
    ]
