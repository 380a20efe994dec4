"""What citizens enter and what the registries said about them, encrypted at rest: the
subject's IIN (found by its keyed hash), the answers, form values, pre-filled data and
registry extracts. Rows held in clear are encrypted in place."""

from django.db import migrations

import qyzmet.core.encrypted
from qyzmet.core.encrypted_rows import encrypt_existing_rows


def encrypt_rows(apps, schema_editor):
    for name in ("Application", "Case"):
        encrypt_existing_rows(apps.get_model("applications", name))


def digest(**kwargs):
    return qyzmet.core.encrypted.KeyedHashField(of="subject_iin", purpose="subject", **kwargs)


def sealed_json(**kwargs):
    return qyzmet.core.encrypted.EncryptedJSONField(default=dict, **kwargs)


class Migration(migrations.Migration):
    dependencies = [("applications", "0004_case_fees_and_awaiting_payment")]

    operations = [
        migrations.AddField("application", "subject_iin_digest", digest(null=True)),
        migrations.AlterField(
            "application",
            "subject_iin",
            qyzmet.core.encrypted.EncryptedCharField(
                help_text="Whom the application is for: the citizen or their minor child.",
                index="subject_iin_digest",
                max_length=12,
            ),
        ),
        migrations.AlterField("application", "answers", sealed_json(blank=True)),
        migrations.AlterField(
            "application",
            "data",
            sealed_json(blank=True, help_text="Form values per service slug."),
        ),
        migrations.AlterField(
            "application",
            "prefill",
            sealed_json(blank=True, help_text="Registry data shown to the citizen to check."),
        ),
        migrations.AlterField(
            "case", "data", sealed_json(help_text="The form values for this service.")
        ),
        migrations.AlterField(
            "case",
            "registry_extract",
            sealed_json(
                help_text="The registry data this service declared, as read at submission."
            ),
        ),
        migrations.RunPython(encrypt_rows, migrations.RunPython.noop, elidable=False),
        migrations.AlterField("application", "subject_iin_digest", digest(db_index=True)),
    ]
