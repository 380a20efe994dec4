"""The audit records become a hash chain: records already written are chained in the order
they were written (by id), then every new record is linked as it is written."""

import django.utils.timezone
from django.db import migrations, models


def chain_existing_records(apps, schema_editor):
    from qyzmet.audit.chain import GENESIS, canonical, hashed_fields, record_hash

    AuditRecord = apps.get_model("audit", "AuditRecord")
    previous = GENESIS
    for sequence, record in enumerate(AuditRecord.objects.order_by("id").iterator(), start=1):
        record.sequence = sequence
        record.details = canonical(record.details)
        record.previous_hash = previous
        record.hash = record_hash(hashed_fields(record), previous)
        record.save(update_fields=["sequence", "details", "previous_hash", "hash"])
        previous = record.hash


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="auditrecord",
            name="sequence",
            field=models.BigIntegerField(null=True, help_text="Place in the hash chain, from 1."),
        ),
        migrations.AddField(
            model_name="auditrecord",
            name="previous_hash",
            field=models.CharField(
                default="", max_length=64, help_text="The hash of the record before."
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditrecord",
            name="hash",
            field=models.CharField(
                default="", max_length=64, help_text="SHA-256 of this record and previous_hash."
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditrecord",
            name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
        ),
        migrations.RunPython(chain_existing_records, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditrecord",
            name="sequence",
            field=models.BigIntegerField(unique=True, help_text="Place in the hash chain, from 1."),
        ),
        migrations.AlterModelOptions(name="auditrecord", options={"ordering": ["sequence"]}),
        migrations.CreateModel(
            name="AuditCheckpoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sequence", models.BigIntegerField()),
                ("hash", models.CharField(max_length=64)),
                ("at", models.DateTimeField(default=django.utils.timezone.now)),
                ("key_id", models.CharField(max_length=64)),
                (
                    "signature",
                    models.CharField(help_text="Ed25519, base64url.", max_length=128),
                ),
            ],
            options={"ordering": ["sequence", "at"]},
        ),
    ]
