"""The IIN an offer waits for encrypted at rest; one offer per rule, event and citizen by
its keyed hash.
Rows held in clear are encrypted in place (``encrypt_existing_rows``)."""

from django.db import migrations, models

import qyzmet.core.encrypted
from qyzmet.core.encrypted_rows import encrypt_existing_rows


def encrypt_rows(apps, schema_editor):
    for name in ("Offer",):
        encrypt_existing_rows(apps.get_model("offers", name))


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0005_personal_data_encrypted"),
        ("catalog", "0003_offer_rules"),
        ("offers", "0001_initial"),
        ("registries", "0003_personal_data_encrypted"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="offer",
            name="offer_once_per_rule_event_citizen",
        ),
        migrations.RemoveIndex(
            model_name="offer",
            name="offers_offe_citizen_f1e278_idx",
        ),
        migrations.AddField(
            model_name="offer",
            name="citizen_iin_digest",
            field=qyzmet.core.encrypted.KeyedHashField(
                null=True, of="citizen_iin", purpose="subject"
            ),
        ),
        migrations.AlterField(
            model_name="offer",
            name="citizen_iin",
            field=qyzmet.core.encrypted.EncryptedCharField(
                help_text="Whom it is for.", index="citizen_iin_digest", max_length=12
            ),
        ),
        migrations.RunPython(encrypt_rows, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="offer",
            index=models.Index(
                fields=["citizen_iin_digest", "-created_at"], name="offers_offe_citizen_e67d60_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="offer",
            constraint=models.UniqueConstraint(
                fields=("rule", "event", "citizen_iin_digest"),
                name="offer_once_per_rule_event_citizen",
            ),
        ),
    ]
