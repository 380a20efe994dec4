"""What officers write in free text (a decision's reason, a status change's note, a reversal's
reason), encrypted at rest: it may name people or quote their data (rows in clear encrypted)."""

from django.db import migrations

import qyzmet.core.encrypted
from qyzmet.core.encrypted_rows import encrypt_existing_rows


def encrypt_rows(apps, schema_editor):
    for model in ("Case", "StatusChange", "Reversal"):
        encrypt_existing_rows(apps.get_model("applications", model))


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0005_personal_data_encrypted"),
    ]

    operations = [
        migrations.AlterField(
            model_name="case",
            name="decision_reason",
            field=qyzmet.core.encrypted.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name="reversal",
            name="reason",
            field=qyzmet.core.encrypted.EncryptedTextField(
                help_text="The officer's written reason; the citizen reads it."
            ),
        ),
        migrations.AlterField(
            model_name="statuschange",
            name="note",
            field=qyzmet.core.encrypted.EncryptedTextField(blank=True),
        ),
        migrations.RunPython(encrypt_rows, migrations.RunPython.noop, elidable=False),
    ]
