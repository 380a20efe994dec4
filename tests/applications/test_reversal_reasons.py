"""A reversal's reason is kept as the officer wrote it, with the language it is written in, as
a decision's reason is (decision 0042): a reader in another language is told "Written by the
officer in Russian", and nothing is machine translated."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from qyzmet.accounts.officers import allow_reversals
from qyzmet.applications.models import Reversal
from qyzmet.applications.reversals import reverse_case
from qyzmet.notifications.models import Notification
from tests.factories import ApplicationFactory, CitizenFactory, OfficerFactory

pytestmark = pytest.mark.django_db

REASONS = {
    "kk": "Шағым комиссиясы мекенжайдың қате оқылғанын анықтады.",
    "ru": "Комиссия по жалобам установила, что адрес прочитан неверно.",
    "en": "The appeal commission found the address was read wrongly.",
}


@pytest.fixture
def supervisor(db: Any) -> Any:
    return allow_reversals(officer=OfficerFactory(), channel="test")


def reversed_case(supervisor: Any, reason: str, *, citizen_language: str = "en") -> Any:
    citizen = CitizenFactory(language=citizen_language)
    case = ApplicationFactory(citizen=citizen, approved=True).cases.get()
    reverse_case(case=case, officer=supervisor, ground="appeal_upheld", reason=reason,
                 channel="test")  # fmt: skip
    return case


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_reversal_keeps_the_language_its_reason_is_written_in(supervisor, language):
    case = reversed_case(supervisor, REASONS[language])
    reversal = Reversal.objects.get(case=case)
    assert reversal.reason_language == language
    assert reversal.reason_parts == [{"written": REASONS[language], "language": language}]


def test_a_reason_without_words_has_no_language_and_no_note(supervisor):
    case = reversed_case(supervisor, "2-1234/2026", citizen_language="ru")
    assert Reversal.objects.get(case=case).reason_language == ""
    told = Notification.objects.get(kind="case.reversed", case=case, channel="inbox")
    assert "Причина: 2-1234/2026\n" in told.body and "Написано сотрудником" not in told.body


def test_the_citizen_reading_another_language_is_told_who_wrote_it_in_which(supervisor):
    case = reversed_case(supervisor, REASONS["ru"], citizen_language="en")
    told = Notification.objects.get(kind="case.reversed", case=case, channel="inbox")
    assert f"Reason: {REASONS['ru']}\n(Written by the officer in Russian.)" in told.body
    note = case.history.get(status="reversed").note  # what the API and webhooks carry
    assert note == f"Appeal upheld: {REASONS['ru']}\n(Written by the officer in Russian.)"


def test_the_citizen_reading_the_reasons_language_gets_no_note(supervisor):
    case = reversed_case(supervisor, REASONS["kk"], citizen_language="kk")
    told = Notification.objects.get(kind="case.reversed", case=case, channel="inbox")
    assert REASONS["kk"] in told.body and "жазған" not in told.body


def test_reversals_written_before_keep_the_language_their_letters_show(supervisor):
    from django.apps import apps

    migration = importlib.import_module(
        "qyzmet.applications.migrations.0013_reversal_reason_language"
    )
    cases = {language: reversed_case(supervisor, REASONS[language]) for language in REASONS}
    numbers = reversed_case(supervisor, "№ 2-15/2026")
    Reversal.objects.update(reason_language="")  # as an older qyzmet left them

    migration.guess_written_languages(apps, None)

    for language, case in cases.items():
        assert Reversal.objects.get(case=case).reason_language == language
    assert Reversal.objects.get(case=numbers).reason_language == ""
    assert Reversal.objects.get(case=cases["ru"]).reason == REASONS["ru"]  # still readable
