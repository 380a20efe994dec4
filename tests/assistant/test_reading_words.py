"""How the assistant reads what people write: the language (Kazakh in either script, Russian,
English, best effort others), Latin-script Kazakh and Russian in Cyrillic, Kazakh typed on a
Russian keyboard, Russian lemmas, typos; and what is kept out of its records."""

from __future__ import annotations

import pytest

from qyzmet.assistant.languages import detect_language
from qyzmet.assistant.privacy import redact
from qyzmet.assistant.questions import clarifying_question
from qyzmet.assistant.text import fold, kazakh_stem, latin_to_cyrillic, russian_lemma


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("балам дүниеге келді", "kk"),
        ("балам дуниеге келди", "kk"),  # on a Russian keyboard
        ("balam duniege keldi", "kk"),
        ("Men Astanağa köşip keldim", "kk"),
        ("пропискаға тұру керек", "kk"),
        ("переезжаю в Алматы", "ru"),
        ("poteryal pasport", "ru"),
        ("I lost my ID card", "en"),
        ("我的孩子出生了", "zh"),
    ],
)
def test_the_language_is_told_from_the_words(text, language):
    assert detect_language(text).language == language


def test_latin_script_kazakh_and_russian_are_read_in_cyrillic():
    assert latin_to_cyrillic("qaitys") == "каитыс" == fold("қайтыс")
    assert latin_to_cyrillic("zhogaltyp") == latin_to_cyrillic("joğaltyp") == "жогалтып"
    assert latin_to_cyrillic("poteryal") == "потерял"
    assert latin_to_cyrillic("qanday") == fold("қандай")


def test_words_are_reduced_to_what_they_mean():
    assert russian_lemma("переезжаю") == fold("переезжать")
    assert kazakh_stem(fold("үйленеміз")) == kazakh_stem(fold("үйленеді")) == "уилен"
    assert fold("дүниеге") == fold("дуниеге")


def test_the_question_names_the_choices_in_the_language_asked():
    titles = [{"kk": "А", "ru": "А", "en": "A"}, {"kk": "Б", "ru": "Б", "en": "B"},
              {"kk": "В", "ru": "В", "en": "C"}]  # fmt: skip
    assert clarifying_question(titles, "en") == "Which one do you mean: «A», «B» or «C»?"
    assert clarifying_question(titles[:2], "kk") == "Сізге қайсысы керек: «А» әлде «Б»?"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("мой ИИН 900101400123", "мой ИИН [IIN]"),
        ("звоните +7 701 234 56 78", "звоните [PHONE]"),
        ("пишите a.b@mail.kz", "пишите [EMAIL]"),
        ("родился 12.03.2026", "родился [DATE]"),
        ("меня зовут Гульнара, переезжаю в Астану", "меня зовут [NAME], переезжаю в Астану"),
        ("my name is Serik and I moved to Almaty", "my name is [NAME] and I moved to Almaty"),
        ("сын Нурлан родился", "сын [NAME] родился"),
        ("VIN JTNBF3EK503012345 и 500000 тенге", "VIN [VIN] и [NUMBER] тенге"),
    ],
)
def test_personal_data_is_replaced_before_anything_is_recorded(text, kept):
    assert redact(text) == kept
