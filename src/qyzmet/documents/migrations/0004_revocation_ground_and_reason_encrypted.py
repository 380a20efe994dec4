"""A revoked document's coded ground (what checks show) beside the written reason, now
encrypted (what checks never show). Reasons stored in clear are sealed; documents revoked by a
reversal take its ground and its reason alone (they held "<ground>: <reason>"), the others the
ground ``issued_in_error``."""

from django.db import migrations, models

import qyzmet.core.encrypted
from qyzmet.core.encrypted_rows import encrypt_existing_rows


def ground_revoked_documents(apps, schema_editor):
    documents = apps.get_model("documents", "ResultDocument")
    reversals = apps.get_model("applications", "Reversal")
    encrypt_existing_rows(documents, batch=100)  # the reasons; content and PDF are sealed
    revoked = documents.objects.filter(revoked_at__isnull=False, revocation_ground="")
    for document in revoked.only("pk", "revocation_reason").iterator(chunk_size=100):
        reversal = reversals.objects.filter(document_number=document.pk).first()
        if reversal is None:
            document.revocation_ground = "issued_in_error"
        else:
            document.revocation_ground = reversal.ground
            document.revocation_reason = reversal.reason
        document.save(update_fields=["revocation_ground", "revocation_reason"])


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0003_contents_encrypted"),
        ("applications", "0006_reasons_encrypted"),
    ]

    operations = [
        migrations.AddField(
            model_name="resultdocument",
            name="revocation_ground",
            field=models.CharField(
                blank=True,
                help_text="Coded (documents.grounds); the verify page shows it.",
                max_length=32,
            ),
        ),
        migrations.AlterField(
            model_name="resultdocument",
            name="revocation_reason",
            field=qyzmet.core.encrypted.EncryptedTextField(
                blank=True,
                help_text="The written reason (encrypted); the verify page never shows it.",
            ),
        ),
        migrations.RunPython(ground_revoked_documents, migrations.RunPython.noop, elidable=False),
    ]
