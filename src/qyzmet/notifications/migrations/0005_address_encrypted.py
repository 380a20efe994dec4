"""Where a notification went (an IIN, a phone, an e-mail address) encrypted at rest and found
by its keyed hash; rows held in clear are encrypted in place."""

from django.db import migrations

import qyzmet.core.encrypted
from qyzmet.core.encrypted_rows import encrypt_existing_rows


def encrypt_rows(apps, schema_editor):
    encrypt_existing_rows(apps.get_model("notifications", "Notification"))


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_notification_offer"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="address_digest",
            field=qyzmet.core.encrypted.KeyedHashField(
                db_index=True, null=True, of="address", purpose="address"
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="address",
            field=qyzmet.core.encrypted.EncryptedCharField(
                blank=True,
                help_text="Where the channel delivers: an IIN (console), a phone or e-mail (encrypted).",
                index="address_digest",
                max_length=255,
            ),
        ),
        migrations.RunPython(encrypt_rows, migrations.RunPython.noop, elidable=False),
    ]
