"""A citizen linked in the messenger books the visit their ID card needs from the chat (a
centre, one of the nearest days, a free time), moves it and cancels it, with the same rules
as the portal; the reminder of the day before comes to the chat."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from qyzmet.appointments.models import Visit, VisitStatus
from qyzmet.appointments.reminders import remind_visits
from qyzmet.audit.models import AuditRecord
from qyzmet.messenger.booking import DAYS
from tests.factories import ApplicationFactory, CitizenFactory
from tests.messenger.helpers import buttons_of

pytestmark = pytest.mark.django_db

BOOK = "◷ Book a visit"
YESIL = "Yesil district public service centre, Astana"
SARYARKA = "Saryarka district public service centre, Astana"


def id_card_case(citizen):
    return ApplicationFactory(citizen=citizen, service="id-card", submitted=True).cases.get()


def first_button(messenger) -> str:
    """The label of the first button under the bot's newest message."""
    return next(iter(buttons_of(messenger.last())))


def book_first_free_time(messenger, centre: str = YESIL) -> str:
    messenger.press(centre)
    day_buttons = [b for b in messenger.buttons() if b != "☰ Menu"]
    assert 1 <= len(day_buttons) <= DAYS  # a short list of the nearest days
    messenger.press(day_buttons[0])
    return messenger.press(first_button(messenger))  # the day's first free time


def test_a_citizen_books_their_visit_from_the_news_of_the_application(linked, citizen):
    case = id_card_case(citizen)
    assert "Application submitted" in linked.read()
    assert BOOK in linked.buttons()  # under the news

    centres = linked.press(BOOK)
    assert "Photo and fingerprints for the identity card" in centres
    assert {YESIL, SARYARKA} <= set(linked.buttons())
    assert "Choose a day" in linked.press(YESIL)
    times = linked.press(linked.buttons()[0])
    assert "Choose a time" in times
    booked = linked.press(first_button(linked))

    visit = Visit.objects.get(case=case)
    local = timezone.localtime(visit.starts_at)
    assert (visit.status, visit.channel, visit.booked_by) == (
        VisitStatus.BOOKED, "messenger", citizen,
    )  # fmt: skip
    assert "Booked: " in booked and f"{local:%H:%M}" in booked and "8 Mangilik Yel" in booked
    assert AuditRecord.objects.filter(action="visit.booked", object_id=str(visit.pk)).exists()


def test_a_visit_is_moved_to_another_centre_and_cancelled(linked, citizen):
    case = id_card_case(citizen)
    linked.read()
    linked.press(BOOK)
    book_first_free_time(linked)

    linked.press("↔ Move")
    book_first_free_time(linked, SARYARKA)
    visit = Visit.objects.get(case=case, status=VisitStatus.BOOKED)
    assert visit.centre.slug == "astana-saryarka" and Visit.objects.filter(case=case).count() == 1

    assert "Cancel your visit on" in linked.press("✕ Cancel")
    assert "Your visit is cancelled" in linked.press("Yes, cancel it")
    assert Visit.objects.get(case=case).status == VisitStatus.CANCELLED
    assert linked.press_data(f"vxy:{case.pk.hex}") == "No visit is booked."  # pressed again


def test_a_second_visit_for_the_same_service_within_ten_days_is_refused(linked, citizen):
    first, second = id_card_case(citizen), id_card_case(citizen)
    linked.read()
    linked.press_data(f"vb:{first.pk.hex}")
    book_first_free_time(linked)

    linked.press_data(f"vb:{second.pk.hex}")
    refused = book_first_free_time(linked)

    assert "You have a visit for this service on" in refused
    assert "Choose a day" in refused  # and the days again
    assert not Visit.objects.filter(case=second).exists()


def test_the_reminder_of_the_day_before_comes_to_the_chat_with_move_and_cancel(linked, citizen):
    case = id_card_case(citizen)
    linked.read()
    linked.press(BOOK)
    book_first_free_time(linked)
    visit = Visit.objects.get(case=case)

    day_before = timezone.localtime(visit.starts_at) - datetime.timedelta(days=1)
    assert remind_visits(now=day_before.replace(hour=7, minute=0)) == 1
    reminder = linked.read()

    assert "Photo and fingerprints" in reminder and YESIL in reminder
    assert "Your visit:" in linked.press(BOOK)  # the booked one, to move or cancel
    assert {"↔ Move", "✕ Cancel"} <= set(linked.buttons())


def test_another_citizens_case_cannot_be_booked_from_a_chat(linked):
    others = id_card_case(CitizenFactory())
    yesil = "1"
    assert linked.press_data(f"vb:{others.pk.hex}") == ""
    assert linked.press_data(f"vc:{others.pk.hex}:{yesil}") == ""
    assert linked.press_data(f"vt:{others.pk.hex}:{yesil}:209901011000") == ""
    assert not Visit.objects.exists()


def test_a_time_that_is_not_a_slots_start_is_refused_and_the_days_offered_again(linked, citizen):
    case = id_card_case(citizen)
    linked.read()
    linked.press(BOOK)
    linked.press(YESIL)
    first_day = next(iter(buttons_of(linked.last()).values()))  # vd:CASE:CENTRE:YYYYMMDD
    _, _, centre, day = first_day.split(":")

    refused = linked.press_data(f"vt:{case.pk.hex}:{centre}:{day}0917")

    assert "Choose a day" in refused
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    ("name", "book", "asked"),
    [
        ("Қазақша", "◷ Қабылдауға жазылу", "Халыққа қызмет көрсету орталығын таңдаңыз"),
        ("Русский", "◷ Записаться на приём", "Выберите ЦОН"),
    ],
)
def test_booking_is_offered_in_kazakh_and_russian(linked, citizen, name, book, asked):
    case = id_card_case(citizen)
    linked.read()
    linked.write("/lang")
    linked.press(name)
    linked.write("/cases")
    assert f"{book} · № {case.application.reference}" in linked.buttons()
    assert asked in linked.press_data(f"vb:{case.pk.hex}")
