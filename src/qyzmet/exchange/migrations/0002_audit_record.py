"""A request's audit record is named by its id: records get their number in the audit log only
when sealed (audit migration 0003, decision 0023), after the request's transaction."""

from django.db import migrations, models


def number_to_id(apps, schema_editor):
    DataAccess = apps.get_model("exchange", "DataAccess")
    AuditRecord = apps.get_model("audit", "AuditRecord")
    accesses = DataAccess.objects.exclude(audit_record=None)
    ids = dict(AuditRecord.objects.exclude(sequence=None).values_list("sequence", "id"))
    for access in accesses.iterator():
        access.audit_record = ids.get(access.audit_record)
        access.save(update_fields=["audit_record"])


class Migration(migrations.Migration):
    dependencies = [("exchange", "0001_initial"), ("audit", "0003_merkle_log")]

    operations = [
        migrations.RenameField(
            model_name="dataaccess", old_name="audit_sequence", new_name="audit_record"
        ),
        migrations.AlterField(
            model_name="dataaccess",
            name="audit_record",
            field=models.BigIntegerField(
                blank=True, null=True, help_text="The id of this request's audit record."
            ),
        ),
        migrations.RunPython(number_to_id, migrations.RunPython.noop),
    ]
