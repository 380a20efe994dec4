"""A reversal's reason keeps the language it is written in, as a decision's reason does
(decision 0042), so a reader in another language is told. Reasons written before are given the
language their letters show (as ``core.written.guess_language`` did when this was written, what
the pages guessed until now; copied here so that code can change without changing history)."""

import re

from django.db import migrations, models

KAZAKH_LETTERS = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
CYRILLIC_WORD = re.compile(r"[а-яёА-ЯЁәғқңөұүһіӘҒҚҢӨҰҮҺІ]{2,}")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def guess_language(text):
    cyrillic = CYRILLIC_WORD.findall(text)
    latin = LATIN_WORD.findall(text)
    if not cyrillic and not latin:
        return ""
    if len(latin) > len(cyrillic):
        return "en"
    kazakh = sum(1 for word in cyrillic if KAZAKH_LETTERS.search(word))
    return "kk" if kazakh * 5 >= len(cyrillic) else "ru"


def guess_written_languages(apps, schema_editor):
    reversals = apps.get_model("applications", "Reversal")
    for reversal in reversals.objects.filter(reason_language="").iterator(chunk_size=100):
        language = guess_language(reversal.reason)
        if language:
            reversal.reason_language = language
            reversal.save(update_fields=["reason_language"])


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0012_application_reference_default"),
    ]

    operations = [
        migrations.AddField(
            model_name="reversal",
            name="reason_language",
            field=models.CharField(
                blank=True,
                help_text="The language the reason is written in (kk, ru, en; guessed from its "
                "letters when it was written), so a reader in another language is told; '' when "
                "it has no words.",
                max_length=2,
            ),
        ),
        migrations.RunPython(guess_written_languages, migrations.RunPython.noop, elidable=False),
    ]
