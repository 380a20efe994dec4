"""The audit log becomes a Merkle log with keyed hashes (decision 0023): each record carries
the HMAC of its content with the audit key (a file in the key folder, outside the database),
the sealer numbers records and signs tree heads. Records written before keep their numbers and
their old chain hash (``legacy_hash``); here they get their keyed hash, and the first seal
puts them, in order, at the start of the tree."""

import django.utils.timezone
from django.db import migrations, models

BATCH = 1000


def key_existing_records(apps, schema_editor):
    from qyzmet.audit.keyed import content_mac

    AuditRecord = apps.get_model("audit", "AuditRecord")
    records = AuditRecord.objects.order_by("sequence")
    batch = []
    for record in records.iterator(chunk_size=BATCH):
        record.mac = content_mac(record)
        batch.append(record)
        if len(batch) == BATCH:
            AuditRecord.objects.bulk_update(batch, ["mac"])
            batch = []
    AuditRecord.objects.bulk_update(batch, ["mac"])


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_hash_chain")]

    operations = [
        migrations.RenameField(model_name="auditrecord", old_name="hash", new_name="legacy_hash"),
        migrations.AlterField(
            model_name="auditrecord",
            name="legacy_hash",
            field=models.CharField(
                blank=True,
                max_length=64,
                help_text=(
                    "Its hash in the SHA-256 chain of the records written before the Merkle log."
                ),
            ),
        ),
        migrations.RemoveField(model_name="auditrecord", name="previous_hash"),
        migrations.AlterField(
            model_name="auditrecord",
            name="sequence",
            field=models.BigIntegerField(
                blank=True,
                null=True,
                unique=True,
                help_text="Place in the log, from 1, given when sealed; empty until then.",
            ),
        ),
        migrations.AddField(
            model_name="auditrecord",
            name="mac",
            field=models.CharField(
                default="", max_length=64, help_text="HMAC-SHA256 of the content (audit key)."
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditrecord",
            name="seal",
            field=models.CharField(
                blank=True,
                max_length=64,
                help_text="HMAC-SHA256 of the place and mac, by the sealer.",
            ),
        ),
        migrations.RunPython(key_existing_records, migrations.RunPython.noop),
        migrations.AlterModelOptions(name="auditrecord", options={"ordering": ["id"]}),
        migrations.CreateModel(
            name="AuditTreeHead",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "size",
                    models.BigIntegerField(
                        unique=True, help_text="Records in the tree (1 to size)."
                    ),
                ),
                ("root", models.CharField(max_length=64, help_text="RFC 6962 root hash, hex.")),
                (
                    "frontier",
                    models.JSONField(
                        default=list,
                        help_text="The right edge's subtree hashes: how the next seal goes on.",
                    ),
                ),
                ("at", models.DateTimeField(default=django.utils.timezone.now)),
                ("key_id", models.CharField(max_length=64)),
                ("signature", models.CharField(max_length=128, help_text="Ed25519, base64url.")),
            ],
            options={"ordering": ["size"]},
        ),
    ]
