"""A citizen linked in the messenger appeals a decision of theirs (or complains about a late
case) from the chat, as in the portal: the button under the decision's news or in /cases, the
reasons written, read back and sent; the domain's refusals hold; the outcome comes to the
chat."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from qyzmet.casework.appeal_models import Appeal, AppealKind, AppealOutcome
from qyzmet.casework.appeals import decide_appeal
from qyzmet.casework.roles import grant_role
from qyzmet.messenger.models import Chat
from tests.factories import ApplicationFactory, CitizenFactory, OfficerFactory
from tests.messenger.helpers import buttons_of

pytestmark = pytest.mark.django_db

APPEAL = "⚖ Appeal the decision"
REASONS = "All the documents were in order; the registry shows my address."


def rejected_case(citizen):
    return ApplicationFactory(citizen=citizen, rejected=True).cases.get()


def test_a_citizen_appeals_a_rejection_from_its_news_and_reads_the_outcome(linked, citizen):
    case = rejected_case(citizen)
    news = linked.read()
    assert "Rejected: " in news
    assert APPEAL in buttons_of(linked.last())  # under the decision's news

    asked = linked.press(APPEAL)
    assert "Write your reasons in one message" in asked
    assert f"/applications/{case.application_id}/cases/{case.pk}/appeal/" in asked  # documents
    read_back = linked.write(REASONS)
    assert REASONS in read_back and "Send it?" in read_back
    assert not Appeal.objects.exists()  # nothing filed before Send

    filed = linked.press("✓ Send")

    appeal = Appeal.objects.get(case=case)
    assert "Your appeal is filed" in filed
    assert (appeal.kind, appeal.channel, appeal.reasons["written"]) == (
        AppealKind.DECISION, "messenger", REASONS,
    )  # fmt: skip
    assert "Your appeal is received" in filed  # the news, as on every channel
    officer = OfficerFactory(agency=case.agency, username="appeals-officer")
    grant_role(officer=officer, role="appeals")
    decide_appeal(
        appeal=appeal, officer=officer, outcome=AppealOutcome.DISMISSED,
        reason="The address was checked: it is not in the region.", channel="back-office",
    )  # fmt: skip
    assert "The address was checked: it is not in the region." in linked.read()


def test_reasons_written_again_replace_the_first_ones(linked, citizen):
    case = rejected_case(citizen)
    linked.read()
    linked.press(APPEAL)
    linked.write("first try")
    assert "second try" in linked.write("second try")
    linked.press("✓ Send")
    assert Appeal.objects.get(case=case).reasons["written"] == "second try"


def test_send_pressed_twice_files_one_appeal_and_a_second_appeal_is_refused(linked, citizen):
    case = rejected_case(citizen)
    linked.read()
    linked.press(APPEAL)
    linked.write(REASONS)
    send = linked.last()
    linked.press("✓ Send")
    assert linked.press_data(buttons_of(send)["✓ Send"]) == ""  # "no longer active"
    assert Appeal.objects.filter(case=case).count() == 1
    again = linked.press_data(f"ap:{case.pk.hex}")  # the decision's old button
    assert "An appeal of this case is already filed" in again
    assert APPEAL not in linked.write("/cases")


def test_an_appeal_after_the_term_is_refused_naming_the_last_day(linked, citizen):
    case = rejected_case(citizen)
    linked.read()
    case.decided_at = timezone.now() - datetime.timedelta(days=120)
    case.save(update_fields=["decided_at"])

    assert APPEAL not in linked.write("/cases")
    refused = linked.press_data(f"ap:{case.pk.hex}")

    assert "The term to appeal has passed" in refused
    assert not Appeal.objects.exists()


def test_a_late_case_gets_a_complaint_about_the_delay(linked, citizen):
    case = ApplicationFactory(citizen=citizen, submitted=True).cases.get()
    case.due_date = timezone.localdate() - datetime.timedelta(days=3)
    case.save(update_fields=["due_date"])

    listed = linked.write("/cases")
    assert "submitted" in listed
    linked.press("⚠ Complain about the delay · № " + case.application.reference)
    linked.write("Three days late and nobody answers.")
    linked.press("✓ Send")

    assert Appeal.objects.get(case=case).kind == AppealKind.DELAY


def test_another_citizens_case_cannot_be_appealed_from_a_chat(linked, citizen):
    others = rejected_case(CitizenFactory())
    linked.press_data(f"ap:{others.pk.hex}")
    linked.write("I appeal someone else's decision")
    assert linked.press_data(f"apc:{others.pk.hex}") == ""
    assert not Appeal.objects.exists()
    assert Chat.objects.get(pk=linked.chat_id).reasons == ""


@pytest.mark.parametrize(
    ("name", "listed", "asked", "read_back"),
    [
        ("Қазақша", "⚖ Шешімге шағым беру", "себептерін", "Жіберейік пе?"),
        ("Русский", "⚖ Обжаловать решение", "Напишите причины", "Отправить?"),
    ],
)
def test_the_appeal_is_asked_and_read_back_in_kazakh_and_russian(
    linked, citizen, name, listed, asked, read_back
):
    case = rejected_case(citizen)
    linked.read()
    linked.write("/lang")
    linked.press(name)
    linked.write("/cases")
    assert f"{listed} · № {case.application.reference}" in linked.buttons()
    assert asked in linked.press_data(f"ap:{case.pk.hex}")
    assert read_back in linked.write(REASONS)
