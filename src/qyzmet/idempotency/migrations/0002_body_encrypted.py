"""The response body kept for a replay, encrypted at rest (it may hold an application's data):
the clear column set aside, a new encrypted ``body`` (its column name is bound into each value),
the kept bodies sealed into it, the clear column dropped."""

from django.db import migrations

import qyzmet.core.encrypted


def seal_bodies(apps, schema_editor):
    model = apps.get_model("idempotency", "IdempotentRequest")
    for pk, clear in model.objects.values_list("pk", "clear_body").iterator(chunk_size=500):
        model.objects.filter(pk=pk).update(body=bytes(clear))


class Migration(migrations.Migration):
    dependencies = [
        ("idempotency", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(
            model_name="idempotentrequest", old_name="body", new_name="clear_body"
        ),
        migrations.AddField(
            model_name="idempotentrequest",
            name="body",
            field=qyzmet.core.encrypted.EncryptedBinaryField(
                default=b"", help_text="Encrypted: it may hold personal data."
            ),
        ),
        migrations.RunPython(seal_bodies, migrations.RunPython.noop, elidable=False),
        migrations.RemoveField(model_name="idempotentrequest", name="clear_body"),
    ]
