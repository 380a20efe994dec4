"""Personal data in the registries encrypted at rest, with keyed-hash indexes.

The keyed hashes are added empty, the columns become text, the rows held in clear are
encrypted (``encrypt_existing_rows``, which skips what is encrypted already), and then the
indexes become unique and required. Registry event keys named people by IIN: they are
rewritten with the IIN's keyed hash.
"""

from django.db import migrations, models

import qyzmet.core.encrypted
from qyzmet.core.encrypted_rows import encrypt_existing_rows
from qyzmet.core.pseudonyms import subject_digest

MODELS = ("Person", "IdentityDocument", "Vehicle", "PaymentAccount", "RegistryEvent")


def encrypt_rows(apps, schema_editor):
    for name in MODELS:
        encrypt_existing_rows(apps.get_model("registries", name))
    RegistryEvent = apps.get_model("registries", "RegistryEvent")
    for event in RegistryEvent.objects.only("id", "key", "subject_iin"):
        kind, _, rest = event.key.partition(":")
        iin, _, more = rest.partition(":")
        if iin == event.subject_iin:
            key = ":".join(p for p in (kind, subject_digest(iin), more) if p)
            RegistryEvent.objects.filter(pk=event.pk).update(key=key)


def digest(of, purpose, **kwargs):
    return qyzmet.core.encrypted.KeyedHashField(of=of, purpose=purpose, **kwargs)


def encrypted(**kwargs):
    return qyzmet.core.encrypted.EncryptedCharField(**kwargs)


class Migration(migrations.Migration):
    dependencies = [("registries", "0002_events_and_labour")]

    operations = [
        migrations.AlterField(
            model_name="registryevent",
            name="key",
            field=models.CharField(
                help_text="One event per fact, e.g. death:<keyed hash of IIN>.",
                max_length=120,
                unique=True,
            ),
        ),
        migrations.AddField(
            "identitydocument", "number_digest", digest("number", "identity_document", null=True)
        ),
        migrations.AddField("paymentaccount", "iban_digest", digest("iban", "iban", null=True)),
        migrations.AddField(
            "person", "birth_date_digest", digest("birth_date", "birth_date", null=True)
        ),
        migrations.AddField(
            "person", "birth_month", qyzmet.core.encrypted.MonthField(of="birth_date", null=True)
        ),
        migrations.AddField("person", "iin_digest", digest("iin", "subject", null=True)),
        migrations.AddField(
            "registryevent", "subject_iin_digest", digest("subject_iin", "subject", null=True)
        ),
        migrations.AddField("vehicle", "plate_digest", digest("plate", "plate", null=True)),
        migrations.AddField("vehicle", "vin_digest", digest("vin", "vin", null=True)),
        migrations.AlterField(
            "identitydocument", "number", encrypted(index="number_digest", max_length=12)
        ),
        migrations.AlterField(
            "paymentaccount", "iban", encrypted(index="iban_digest", max_length=20)
        ),
        migrations.AlterField("person", "apartment", encrypted(blank=True, max_length=10)),
        migrations.AlterField(
            "person",
            "birth_date",
            qyzmet.core.encrypted.EncryptedDateField(
                index="birth_date_digest", month="birth_month"
            ),
        ),
        migrations.AlterField("person", "first_name_kk", encrypted(max_length=60)),
        migrations.AlterField("person", "first_name_ru", encrypted(max_length=60)),
        migrations.AlterField("person", "iin", encrypted(index="iin_digest", max_length=12)),
        migrations.AlterField("person", "last_name_kk", encrypted(max_length=60)),
        migrations.AlterField("person", "last_name_ru", encrypted(max_length=60)),
        migrations.AlterField("person", "patronymic_kk", encrypted(blank=True, max_length=60)),
        migrations.AlterField("person", "patronymic_ru", encrypted(blank=True, max_length=60)),
        migrations.AlterField(
            "registryevent",
            "details",
            qyzmet.core.encrypted.EncryptedJSONField(
                blank=True, default=dict, help_text="e.g. the parents' IINs."
            ),
        ),
        migrations.AlterField(
            "registryevent",
            "subject_iin",
            encrypted(
                help_text="Whom it is about: the child born, the pensioner, the deceased...",
                index="subject_iin_digest",
                max_length=12,
            ),
        ),
        migrations.AlterField("vehicle", "plate", encrypted(index="plate_digest", max_length=10)),
        migrations.AlterField("vehicle", "vin", encrypted(index="vin_digest", max_length=17)),
        migrations.RunPython(encrypt_rows, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            "identitydocument", "number_digest", digest("number", "identity_document", unique=True)
        ),
        migrations.AlterField("paymentaccount", "iban_digest", digest("iban", "iban", unique=True)),
        migrations.AlterField(
            "person", "birth_date_digest", digest("birth_date", "birth_date", db_index=True)
        ),
        migrations.AlterField(
            "person",
            "birth_month",
            qyzmet.core.encrypted.MonthField(db_index=True, of="birth_date"),
        ),
        migrations.AlterField("person", "iin_digest", digest("iin", "subject", unique=True)),
        migrations.AlterField(
            "registryevent",
            "subject_iin_digest",
            digest("subject_iin", "subject", db_index=True),
        ),
        migrations.AlterField("vehicle", "plate_digest", digest("plate", "plate", unique=True)),
        migrations.AlterField("vehicle", "vin_digest", digest("vin", "vin", unique=True)),
    ]
