"""What a result document says and its signed PDF, encrypted at rest (they name the holder):
the content in place; the PDF into a new column (its column name is bound into each value),
the clear one set aside and dropped. Rows already stored are sealed."""

from django.db import migrations

import qyzmet.core.encrypted
from qyzmet.core.encrypted_rows import encrypt_existing_rows


def seal_documents(apps, schema_editor):
    model = apps.get_model("documents", "ResultDocument")
    encrypt_existing_rows(model)  # the content; the new pdf column is empty yet
    for pk, clear in model.objects.values_list("pk", "clear_pdf").iterator(chunk_size=200):
        model.objects.filter(pk=pk).update(pdf=bytes(clear))


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_several_documents_per_case"),
    ]

    operations = [
        migrations.AlterField(
            model_name="resultdocument",
            name="content",
            field=qyzmet.core.encrypted.EncryptedJSONField(
                help_text="What the document says, as printed (encrypted)."
            ),
        ),
        migrations.RenameField(model_name="resultdocument", old_name="pdf", new_name="clear_pdf"),
        migrations.AddField(
            model_name="resultdocument",
            name="pdf",
            field=qyzmet.core.encrypted.EncryptedBinaryField(
                default=b"", help_text="The signed PDF exactly as issued (encrypted)."
            ),
            preserve_default=False,
        ),
        migrations.RunPython(seal_documents, migrations.RunPython.noop, elidable=False),
        migrations.RemoveField(model_name="resultdocument", name="clear_pdf"),
    ]
