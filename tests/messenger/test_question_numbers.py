"""The chat numbers only the questions it asks: a question the registries answered is not
asked, not counted, and the citizen is told what the registry said instead (as the portal
shows it in the question's place)."""

from __future__ import annotations

import pytest

from qyzmet.applications.models import Application
from qyzmet.registries.answers import answers as registry_answers
from tests.accounts.helpers import code_sent_to
from tests.messenger.helpers import Messenger

pytestmark = pytest.mark.django_db

WORDS = {
    "en": {"moving": "Moving house", "myself": "Myself", "no": "No",
           "first": "Question 1 of 2.", "second": "Question 2 of 2.", "of_3": "of 3",
           "not_asked": "Questions the state's registries answer are not asked"},
    "ru": {"moving": "Переезд на новое место жительства", "myself": "За себя", "no": "Нет",
           "first": "Вопрос 1 из 2.", "second": "Вопрос 2 из 2.", "of_3": "из 3",
           "not_asked": "Вопросы, на которые отвечают государственные регистры, не задаём"},
    "kk": {"moving": "Жаңа мекенжайға көшу", "myself": "Өзім үшін", "no": "Жоқ",
           "first": "Сұрақ 1/2.", "second": "Сұрақ 2/2.", "of_3": "/3",
           "not_asked": "Мемлекеттік тіркелімдер жауап беретін сұрақтар қойылмайды"},
}  # fmt: skip


def linked_chat(client, citizen, language: str) -> Messenger:
    chat = Messenger(client, language=language)
    chat.write("/start")
    chat.write(citizen.iin)
    chat.write(code_sent_to(citizen.iin))
    return chat


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_questions_are_counted_among_those_asked(client, citizen, language):
    words = WORDS[language]
    chat = linked_chat(client, citizen, language)
    chat.press(words["moving"])
    first = chat.press(words["myself"])  # moving has three questions; the registry answers one
    assert words["first"] in first and words["of_3"] not in first
    second = chat.press(words["no"])
    assert words["second"] in second and words["of_3"] not in second
    assert words["not_asked"] not in second  # said once, with the first question asked


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_first_question_asked_says_what_the_registry_answered(client, citizen, language):
    words = WORDS[language]
    chat = linked_chat(client, citizen, language)
    chat.press(words["moving"])
    first = chat.press(words["myself"])
    prefill = Application.objects.get(citizen=citizen).prefill
    said = registry_answers["has-preschool-children"].says(prefill)[language]
    assert words["not_asked"] in first
    assert f"✓ {said}" in first
    assert first.index(said) < first.index(words["first"])


def test_a_changed_registry_answer_is_not_asked_again(linked):
    linked.press("Moving house")
    linked.press("Myself")
    linked.press("No")
    linked.press("No")
    changed = linked.press("✎ Do you have children of preschool age? → No")
    assert "Question" not in changed  # the citizen answered it; nothing is left to ask
    assert "These services apply to you" in changed
