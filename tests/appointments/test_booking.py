"""A citizen books, moves and cancels the visit their ID card needs; the rules of the
catalogue (opening hours, places per slot, one visit per service in ten days) hold."""

from __future__ import annotations

from contextlib import nullcontext

import pytest
from django.test import override_settings

from qyzmet.applications.models import StatusChange
from qyzmet.appointments.models import Visit, VisitStatus
from qyzmet.appointments.selectors import centre_named, centres_serving
from qyzmet.appointments.services import book_visit, cancel_visit, move_visit
from qyzmet.appointments.slots import days_of_slots
from qyzmet.audit.models import AuditRecord
from qyzmet.core.errors import Conflict, Invalid
from qyzmet.core.messages import render
from tests.appointments.helpers import MONDAY, another_citizen, at, id_card_case
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def book(case, centre="astana-yesil", when=None, **kwargs):
    return book_visit(
        case=case, centre=centre_named(centre), starts_at=when or at(16, 10),
        actor=case.application.citizen, channel="portal", now=kwargs.pop("now", MONDAY), **kwargs,
    )  # fmt: skip


def test_the_id_card_is_booked_at_the_centres_that_serve_it():
    slugs = [c.slug for c in centres_serving("id-card")]
    assert slugs == ["almaty-almaly", "astana-saryarka", "astana-yesil"]
    assert centres_serving("passport") == []


def test_slots_follow_the_opening_hours_and_skip_closed_days():
    centre = centre_named("astana-yesil")
    days = days_of_slots(centre=centre, service="id-card", now=MONDAY)
    by_day = {d.day.isoformat(): d for d in days}
    monday = by_day["2027-02-15"]  # 09:00-18:00 in slots of 20 minutes, from now on
    assert len(monday.slots) == 27
    assert monday.slots[0].starts_at == at(15, 9)
    assert monday.slots[-1].ends_at == at(15, 18)
    assert len(by_day["2027-02-20"].slots) == 12  # Saturday 09:00-13:00
    assert "2027-02-21" not in by_day  # closed on Sundays
    assert max(by_day) == "2027-03-01"  # fourteen days ahead


def test_a_public_holiday_has_no_slots():
    centre = centre_named("astana-yesil")
    days = days_of_slots(centre=centre, service="id-card", now=at(25, 8))
    assert "2027-03-08" not in {d.day.isoformat() for d in days}  # International Women's Day


def test_a_booked_visit_takes_a_place_of_its_slot_and_is_in_the_history():
    case = id_card_case()
    visit = book(case)
    assert (visit.status, visit.place) == (VisitStatus.BOOKED, 1)
    [slot] = [
        s
        for d in days_of_slots(centre=visit.centre, service="id-card", now=MONDAY)
        for s in d.slots
        if s.starts_at == at(16, 10)
    ]
    assert (slot.taken, slot.free) == (1, 1)
    assert StatusChange.objects.filter(case=case, status="visit_booked").exists()
    assert AuditRecord.objects.filter(action="visit.booked", object_id=str(visit.pk)).exists()


def test_the_last_place_goes_to_one_citizen_only():
    first, second = id_card_case(), id_card_case(another_citizen())
    book(first, "astana-saryarka", at(16, 9, 30))  # one place per slot there
    with pytest.raises(Conflict) as refused:
        book(second, "astana-saryarka", at(16, 9, 30))
    assert refused.value.code == "visit.slot_full"


@pytest.mark.parametrize(
    ("when", "code"),
    [
        (at(15, 7, 40), "visit.past"),  # before now
        (at(16, 8, 40), "visit.no_slot"),  # before opening
        (at(16, 18, 0), "visit.no_slot"),  # at closing time
        (at(16, 10, 5), "visit.no_slot"),  # not the start of a slot
        (at(21, 10, 0), "visit.no_slot"),  # a Sunday
        (at(26, 10, 0), "visit.too_far"),  # beyond the ten days allowed here
    ],
)
def test_times_outside_the_slots_are_refused_with_a_reason(when, code):
    days = override_settings(VISIT_BOOKING_DAYS=10) if code == "visit.too_far" else nullcontext()
    with days, pytest.raises(Invalid) as refused:
        book(id_card_case(), when=when)
    assert refused.value.code == code
    for language in ("kk", "ru", "en"):
        text = render(refused.value.code, refused.value.params, language)
        assert text and "{" not in text


def test_a_service_without_a_visit_books_none():
    case = ApplicationFactory(service="passport", submitted=True).cases.get()
    with pytest.raises(Invalid) as refused:
        book(case)
    assert refused.value.code == "visit.not_needed"


def test_one_visit_per_service_in_ten_days():
    citizen = another_citizen(2)
    first, second = id_card_case(citizen), id_card_case(citizen)
    booked = book(first, when=at(16, 10))
    with pytest.raises(Conflict) as refused:
        book(second, "almaty-almaly", at(25, 10))  # nine days later
    assert refused.value.code == "visit.too_soon"
    assert "10" in render("visit.too_soon", refused.value.params, "en")
    book(second, "almaty-almaly", at(26, 10))  # ten days later
    cancel_visit(case=first, actor=citizen, channel="portal", now=MONDAY)
    assert Visit.objects.get(pk=booked.pk).status == VisitStatus.CANCELLED


def test_a_second_booking_of_a_case_is_refused_it_is_moved_instead():
    case = id_card_case()
    book(case)
    with pytest.raises(Conflict) as refused:
        book(case, when=at(17, 10))
    assert refused.value.code == "visit.already_booked"
    moved = move_visit(
        case=case, centre=centre_named("astana-saryarka"), starts_at=at(17, 11),
        actor=case.application.citizen, channel="portal", now=MONDAY,
    )  # fmt: skip
    assert (moved.centre.slug, moved.starts_at) == ("astana-saryarka", at(17, 11))
    assert Visit.objects.filter(case=case).count() == 1
    assert StatusChange.objects.filter(case=case, status="visit_moved").exists()


def test_a_visit_whose_time_has_come_can_no_longer_be_cancelled():
    case = id_card_case()
    book(case)
    with pytest.raises(Conflict) as refused:
        cancel_visit(case=case, actor=case.application.citizen, channel="portal", now=at(16, 10))
    assert refused.value.code == "visit.started"


def test_a_cancelled_visit_frees_its_place():
    first, second = id_card_case(), id_card_case(another_citizen())
    book(first, "astana-saryarka", at(16, 9, 30))
    cancel_visit(case=first, actor=first.application.citizen, channel="portal", now=MONDAY)
    assert book(second, "astana-saryarka", at(16, 9, 30)).place == 1


@pytest.mark.parametrize("days", [0, -3, 400])
def test_a_booking_window_nobody_could_use_is_an_error(settings, days):
    from qyzmet.appointments.checks import visit_booking_days

    settings.VISIT_BOOKING_DAYS = days
    [error] = visit_booking_days()
    assert error.id == "qyzmet.E135" and str(days) in error.msg
    settings.VISIT_BOOKING_DAYS = 14
    assert visit_booking_days() == []


def test_a_withdrawn_application_frees_the_place_of_its_visit():
    from qyzmet.applications.services import withdraw_application

    case = id_card_case()
    visit = book(case, "astana-saryarka", at(16, 9, 30))
    withdraw_application(
        application=case.application, citizen=case.application.citizen, channel="portal"
    )
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED
    assert AuditRecord.objects.filter(action="visit.released", object_id=str(visit.pk)).exists()
    assert book(id_card_case(another_citizen()), "astana-saryarka", at(16, 9, 30)).place == 1
