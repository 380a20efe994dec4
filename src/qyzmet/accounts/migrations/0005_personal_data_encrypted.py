"""Citizens' IINs, phones and e-mail addresses, and the IINs typed at sign-in, encrypted at
rest and found by keyed hashes.
Rows held in clear are encrypted in place (``encrypt_existing_rows``)."""

from django.db import migrations, models

import qyzmet.core.encrypted
from qyzmet.core.encrypted_rows import encrypt_existing_rows
from qyzmet.core.pseudonyms import subject_digest


def encrypt_rows(apps, schema_editor):
    for name in ("User", "SignInChallenge", "SignInAttempt"):
        encrypt_existing_rows(apps.get_model("accounts", name))
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(iin__isnull=False).only("id", "username", "iin"):
        if user.username == user.iin:  # user names were IINs: now pseudonyms
            user.username = f"citizen-{subject_digest(user.iin)[:20]}"
            user.save(update_fields=["username"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_contact_preferences"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="signinattempt",
            name="accounts_si_iin_9e5c27_idx",
        ),
        migrations.RemoveIndex(
            model_name="signinchallenge",
            name="accounts_si_iin_6f7ad9_idx",
        ),
        migrations.AddField(
            model_name="signinattempt",
            name="iin_digest",
            field=qyzmet.core.encrypted.KeyedHashField(null=True, of="iin", purpose="subject"),
        ),
        migrations.AddField(
            model_name="signinchallenge",
            name="iin_digest",
            field=qyzmet.core.encrypted.KeyedHashField(null=True, of="iin", purpose="subject"),
        ),
        migrations.AddField(
            model_name="user",
            name="iin_digest",
            field=qyzmet.core.encrypted.KeyedHashField(
                null=True, of="iin", purpose="subject", unique=True
            ),
        ),
        migrations.AlterField(
            model_name="signinattempt",
            name="iin",
            field=qyzmet.core.encrypted.EncryptedCharField(index="iin_digest", max_length=12),
        ),
        migrations.AlterField(
            model_name="signinchallenge",
            name="iin",
            field=qyzmet.core.encrypted.EncryptedCharField(index="iin_digest", max_length=12),
        ),
        migrations.AlterField(
            model_name="user",
            name="email",
            field=qyzmet.core.encrypted.EncryptedCharField(
                blank=True, max_length=254, verbose_name="email address"
            ),
        ),
        migrations.AlterField(
            model_name="user",
            name="iin",
            field=qyzmet.core.encrypted.EncryptedCharField(
                blank=True,
                help_text="Citizens: their IIN.",
                index="iin_digest",
                max_length=12,
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="user",
            name="phone",
            field=qyzmet.core.encrypted.EncryptedCharField(
                blank=True, help_text="Mobile, e.g. +77011234567.", max_length=16
            ),
        ),
        migrations.RunPython(encrypt_rows, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="signinattempt",
            index=models.Index(
                fields=["iin_digest", "event", "-at"], name="accounts_si_iin_dig_efaba5_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="signinchallenge",
            index=models.Index(
                fields=["iin_digest", "-created_at"], name="accounts_si_iin_dig_d1078b_idx"
            ),
        ),
    ]
