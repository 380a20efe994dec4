"""The IIN on a consent encrypted at rest and found by its keyed hash.
Rows held in clear are encrypted in place (``encrypt_existing_rows``)."""

from django.conf import settings
from django.db import migrations, models

import qyzmet.core.encrypted
from qyzmet.core.encrypted_rows import encrypt_existing_rows


def encrypt_rows(apps, schema_editor):
    for name in ("Consent",):
        encrypt_existing_rows(apps.get_model("partners", name))


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0002_webhooks"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="consent",
            name="partners_co_partner_b093b5_idx",
        ),
        migrations.AddField(
            model_name="consent",
            name="iin_digest",
            field=qyzmet.core.encrypted.KeyedHashField(null=True, of="iin", purpose="subject"),
        ),
        migrations.AlterField(
            model_name="consent",
            name="iin",
            field=qyzmet.core.encrypted.EncryptedCharField(index="iin_digest", max_length=12),
        ),
        migrations.RunPython(encrypt_rows, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="consent",
            index=models.Index(
                fields=["partner", "iin_digest", "requested_at"],
                name="partners_co_partner_d308ef_idx",
            ),
        ),
    ]
