"""Every application gets a short human reference (decision 0041); existing ones get theirs
here, each checked unused, before the column becomes unique and required."""

from django.db import migrations, models

from qyzmet.applications.references import new_reference


def give_references(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    taken: set[str] = set()
    for application in Application.objects.filter(reference__isnull=True).only("pk").iterator():
        reference = new_reference()
        while reference in taken:
            reference = new_reference()
        taken.add(reference)
        Application.objects.filter(pk=application.pk).update(reference=reference)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0009_signature_verification_as_of"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="reference",
            field=models.CharField(editable=False, max_length=12, null=True),
        ),
        migrations.RunPython(give_references, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="application",
            name="reference",
            field=models.CharField(
                editable=False,
                help_text="The short human number of the application (QZ-7K4M-2P9X), given when "
                "it is first saved (applications.references); it names the application, it "
                "opens nothing.",
                max_length=12,
                unique=True,
            ),
        ),
    ]
