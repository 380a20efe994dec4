"""Officers' and operators' TOTP keys encrypted at rest: a device model of our own whose key is
an encrypted field; every device of django-otp's TOTPDevice moves into it (same key, counters
and timestamps) and its clear row is deleted. Sessions verified with an old device must verify
again (the device's persistent id changes)."""

import django.db.models.deletion
import django_otp.plugins.otp_totp.models
from django.conf import settings
from django.db import migrations, models

import qyzmet.core.encrypted

FIELDS = (
    "user_id", "name", "confirmed", "key", "step", "t0", "digits", "tolerance", "drift", "last_t",
    "throttling_failure_timestamp", "throttling_failure_count", "created_at", "last_used_at",
)  # fmt: skip


def move_devices(source, target):
    for device in source.objects.order_by("pk"):
        moved = target.objects.create(**{name: getattr(device, name) for name in FIELDS})
        target.objects.filter(pk=moved.pk).update(created_at=device.created_at)  # not "now"
        device.delete()


def seal_keys(apps, schema_editor):
    move_devices(
        apps.get_model("otp_totp", "TOTPDevice"), apps.get_model("accounts", "SealedTOTPDevice")
    )


def unseal_keys(apps, schema_editor):
    move_devices(
        apps.get_model("accounts", "SealedTOTPDevice"), apps.get_model("otp_totp", "TOTPDevice")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_names_encrypted"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [
        migrations.CreateModel(
            name="SealedTOTPDevice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="The human-readable name of this device.", max_length=64
                    ),
                ),
                (
                    "confirmed",
                    models.BooleanField(default=True, help_text="Is this device ready for use?"),
                ),
                (
                    "throttling_failure_timestamp",
                    models.DateTimeField(
                        blank=True,
                        default=None,
                        help_text="A timestamp of the last failed verification attempt. Null if last attempt succeeded.",
                        null=True,
                    ),
                ),
                (
                    "throttling_failure_count",
                    models.PositiveIntegerField(
                        default=0, help_text="Number of successive failed attempts."
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True,
                        help_text="The date and time when this device was initially created in the system.",
                        null=True,
                    ),
                ),
                (
                    "last_used_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="The most recent date and time this device was used.",
                        null=True,
                    ),
                ),
                (
                    "key",
                    qyzmet.core.encrypted.EncryptedCharField(
                        default=django_otp.plugins.otp_totp.models.default_key,
                        editable=False,
                        help_text="The hex-encoded secret, encrypted; shown once, when it is enrolled.",
                        max_length=80,
                        validators=[django_otp.plugins.otp_totp.models.key_validator],
                    ),
                ),
                (
                    "step",
                    models.PositiveSmallIntegerField(default=30, help_text="Seconds per code."),
                ),
                (
                    "t0",
                    models.BigIntegerField(default=0, help_text="The Unix time steps count from."),
                ),
                ("digits", models.PositiveSmallIntegerField(choices=[(6, 6), (8, 8)], default=6)),
                (
                    "tolerance",
                    models.PositiveSmallIntegerField(
                        default=1, help_text="Steps in the past or future a code may be from."
                    ),
                ),
                (
                    "drift",
                    models.SmallIntegerField(
                        default=0, help_text="Steps the app's clock is off by."
                    ),
                ),
                (
                    "last_t",
                    models.BigIntegerField(
                        default=-1,
                        help_text="The step of the last code accepted; a code works once.",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        help_text="The user that this device belongs to.",
                        on_delete=django.db.models.deletion.CASCADE,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "TOTP device",
                "abstract": False,
            },
        ),
        migrations.RunPython(seal_keys, unseal_keys, elidable=False),
    ]
