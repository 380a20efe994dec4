"""Partners' webhook secrets encrypted at rest (rows in clear encrypted in place), and the
OAuth2 tokens already issued kept only as their checksum: the settings now store new ones so
(``COMPLIANT_BCP_RFC9700_TOKEN_STORAGE``), and the clear ``token`` column of older rows is
emptied. Their checksum stays, so tokens already given keep working until they expire."""

from django.db import migrations

import qyzmet.core.encrypted
from qyzmet.core.encrypted_rows import encrypt_existing_rows


def encrypt_rows(apps, schema_editor):
    encrypt_existing_rows(apps.get_model("partners", "Partner"))


def forget_clear_tokens(apps, schema_editor):
    for name in ("AccessToken", "RefreshToken"):
        tokens = apps.get_model("oauth2_provider", name).objects
        tokens.exclude(token="").exclude(token_checksum="").update(token="")


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0005_webhooks_withheld_when_consent_revoked"),
        ("oauth2_provider", "0015_refreshtoken_token_checksum"),
    ]

    operations = [
        migrations.AlterField(
            model_name="partner",
            name="webhook_previous_secret",
            field=qyzmet.core.encrypted.EncryptedCharField(
                blank=True,
                help_text="The secret before the last rotation (encrypted).",
                max_length=100,
            ),
        ),
        migrations.AlterField(
            model_name="partner",
            name="webhook_secret",
            field=qyzmet.core.encrypted.EncryptedCharField(
                blank=True, help_text="Signs the webhooks (encrypted).", max_length=100
            ),
        ),
        migrations.RunPython(encrypt_rows, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(forget_clear_tokens, migrations.RunPython.noop, elidable=False),
    ]
