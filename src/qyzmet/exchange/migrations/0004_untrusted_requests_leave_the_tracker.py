"""Requests refused for their signature were recorded as ``DataAccess`` rows, so they showed
in the data tracker of whoever they named; they move to the security log (an investigation's
concealment of one keeps it where it is). Their audit record stays theirs."""

from django.db import migrations

BATCH = 500


def move_untrusted_requests(apps, schema_editor):
    DataAccess = apps.get_model("exchange", "DataAccess")
    SecurityEvent = apps.get_model("exchange", "SecurityEvent")
    Concealment = apps.get_model("tracker", "Concealment")
    concealed = Concealment.objects.values("access_id")
    untrusted = DataAccess.objects.filter(
        outcome="refused", refusal__startswith="signature:"
    ).exclude(pk__in=concealed)
    while batch := list(untrusted.order_by("pk")[:BATCH]):
        SecurityEvent.objects.bulk_create(
            SecurityEvent(
                at=access.at,
                kind="signature",
                reason=access.refusal.removeprefix("signature:").strip()[:200],
                sender="",
                provider_agency=access.provider_agency,
                message_id=access.message_id,
                claimed_client=f"{access.client_agency}/{access.client_system}"[:170],
                registry=access.registry,
                fields=access.fields,
                purpose={"kind": access.purpose_kind, "ref": access.purpose_ref},
                subject=access.subject,
                audit_record=access.audit_record,
            )
            for access in batch
        )
        DataAccess.objects.filter(pk__in=[access.pk for access in batch]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0003_security_log"),
        ("tracker", "0001_initial"),
    ]

    operations = [migrations.RunPython(move_untrusted_requests, migrations.RunPython.noop)]
