"""The hashes of the Merkle tree's perfect subtrees of 128 records and more, so that a
record's inclusion proof reads O(log n) rows, not the whole log (decision 0069); those of the
records sealed before are computed here from the records, in order."""

from django.db import migrations, models

STORED_FROM = 7  # as proofs.STORED_FROM when this was written


def keep_nodes_of_sealed_records(apps, schema_editor):
    from qyzmet.audit.keyed import leaf
    from qyzmet.audit.tree import Frontier

    AuditRecord = apps.get_model("audit", "AuditRecord")
    AuditTreeHead = apps.get_model("audit", "AuditTreeHead")
    AuditTreeNode = apps.get_model("audit", "AuditTreeNode")
    last = AuditTreeHead.objects.order_by("-size").first()
    if last is None:
        return
    frontier, nodes = Frontier(), []
    records = AuditRecord.objects.filter(sequence__lte=last.size).order_by("sequence")
    for record in records.iterator(chunk_size=2000):
        for level, hash_ in frontier.append(leaf(record)):
            if level >= STORED_FROM:
                index = (frontier.size >> level) - 1
                nodes.append(AuditTreeNode(level=level, index=index, hash=hash_.hex()))
        if len(nodes) >= 1000:
            AuditTreeNode.objects.bulk_create(nodes)
            nodes = []
    AuditTreeNode.objects.bulk_create(nodes)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_merkle_log")]

    operations = [
        migrations.CreateModel(
            name="AuditTreeNode",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("level", models.PositiveSmallIntegerField()),
                ("index", models.BigIntegerField()),
                ("hash", models.CharField(help_text="SHA-256, hex.", max_length=64)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("level", "index"), name="audit_tree_node_once")
                ]
            },
        ),
        migrations.RunPython(keep_nodes_of_sealed_records, migrations.RunPython.noop),
    ]
