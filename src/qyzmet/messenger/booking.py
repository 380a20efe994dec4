"""Booking the visit a service needs (the ID card's photo) in the chat, through
``appointments.services`` as the portal does: ``vb:CASE`` shows the booked visit (with *Move*
and *Cancel*) or the centres serving the service; ``vc:CASE:CENTRE`` the nearest days with
free times; ``vd:CASE:CENTRE:YYYYMMDD`` that day's free times; ``vt:CASE:CENTRE:YYYYMMDDHHMM``
books the time (or moves the visit booked there); ``vm:CASE`` moves (the centres again);
``vx:CASE`` asks whether to cancel, ``vxy:CASE`` cancels. The domain's rules and refusals hold
(one booking of a person per service within its days, the last place taken meanwhile)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from qyzmet.applications.models import Case
from qyzmet.appointments.selectors import centres_serving
from qyzmet.appointments.services import book_visit, booked_visit, cancel_visit, move_visit
from qyzmet.appointments.slots import days_of_slots
from qyzmet.catalog.centres import ServiceCentre
from qyzmet.core.errors import DomainError
from qyzmet.core.texts import pick
from qyzmet.formats import date_text
from qyzmet.messenger.applying import CHANNEL, menu_row, message
from qyzmet.messenger.cases import own_case
from qyzmet.messenger.models import Chat
from qyzmet.messenger.replies import Button, Reply, column
from qyzmet.messenger.texts import say, say_error

DAYS = 5  # the nearest days with free times offered
TIMES_IN_A_ROW = 4


def _case(citizen: Any, case_id: str) -> Case | None:
    case = own_case(citizen, case_id)
    return case if case is not None and case.service.visit is not None else None


def _centre(case: Case, centre_id: str) -> ServiceCentre | None:
    if not (centre_id.isdigit() and len(centre_id) < 10):
        return None
    return next((c for c in centres_serving(case.service.slug) if str(c.pk) == centre_id), None)


def _when(moment: datetime.datetime, language: str) -> str:
    local = timezone.localtime(moment)
    return f"{pick(date_text(local), language)}, {local:%H:%M}"


def _visit_said(key: str, visit: Any, language: str) -> str:
    return say(
        key,
        language,
        when=_when(visit.starts_at, language),
        centre=pick(visit.centre.name, language),
        address=pick(visit.centre.address, language),
    )


def _visit_rows(case: Case, chat: Chat) -> list[list[Button]]:
    language = chat.language
    return [
        [
            Button(say("visit_move", language), f"vm:{case.pk.hex}"),
            Button(say("visit_cancel", language), f"vx:{case.pk.hex}"),
        ],
        menu_row(chat),
    ]


def show_visit(chat: Chat, citizen: Any, *, case_id: str) -> list[Reply]:
    """The case's booked visit with *Move* and *Cancel*, or the centres to book one."""
    case = _case(citizen, case_id)
    if case is None:
        return []
    visit = booked_visit(case)
    if visit is None:
        return choose_centre(chat, citizen, case_id=case_id)
    return [
        message(chat, _visit_said("visit_current", visit, chat.language), _visit_rows(case, chat))
    ]


def _centre_buttons(case: Case, language: str) -> list[Button]:
    return [
        Button(pick(centre.name, language), f"vc:{case.pk.hex}:{centre.pk}")
        for centre in centres_serving(case.service.slug)
    ]


def choose_centre(chat: Chat, citizen: Any, *, case_id: str) -> list[Reply]:
    """The centres serving the case's service (to book, or to move the visit to)."""
    case = _case(citizen, case_id)
    if case is None:
        return []
    language = chat.language
    buttons = _centre_buttons(case, language)
    if not buttons:
        return [message(chat, say("visit_no_centre", language), [menu_row(chat)])]
    text = say(
        "visit_choose_centre",
        language,
        service=pick(case.service.title, language),
        purpose=pick(case.service.visit["purpose"], language),  # type: ignore[index]
    )
    return [message(chat, text, [*column(buttons), menu_row(chat)])]


def choose_day(chat: Chat, citizen: Any, *, case_id: str, centre_id: str) -> list[Reply]:
    """The nearest days the centre has free times for the case's service."""
    case = _case(citizen, case_id)
    centre = _centre(case, centre_id) if case is not None else None
    if case is None or centre is None:
        return []
    language = chat.language
    days = [day for day in days_of_slots(centre=centre, service=case.service.slug) if day.free]
    name = pick(centre.name, language)
    if not days:
        others = [
            b for b in _centre_buttons(case, language) if b.data != f"vc:{case.pk.hex}:{centre.pk}"
        ]
        text = say("visit_no_days", language, centre=name)
        return [message(chat, text, [*column(others), menu_row(chat)])]
    buttons = [
        Button(_day_text(day.day, language),
               f"vd:{case.pk.hex}:{centre.pk}:{day.day:%Y%m%d}")
        for day in days[:DAYS]
    ]  # fmt: skip
    text = say("visit_choose_day", language, centre=name, address=pick(centre.address, language))
    return [message(chat, text, [*column(buttons), menu_row(chat)])]


def _day_text(day: datetime.date, language: str) -> str:
    """ "Monday, 7 December 2026", "Понедельник, 7 декабря 2026 г.": the weekday and the date as
    each language writes it."""
    weekday = pick(date_text(day, "l"), language)
    return f"{weekday[:1].upper()}{weekday[1:]}, {pick(date_text(day), language)}"


def _day(text: str) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(text, "%Y%m%d").date() if len(text) == 8 else None
    except ValueError:
        return None


def choose_time(chat: Chat, citizen: Any, *, case_id: str, centre_id: str, day: str) -> list[Reply]:
    """The free times of the day chosen, in rows."""
    case = _case(citizen, case_id)
    centre = _centre(case, centre_id) if case is not None else None
    chosen = _day(day)
    if case is None or centre is None or chosen is None:
        return []
    language = chat.language
    days = days_of_slots(centre=centre, service=case.service.slug, first=chosen, last=chosen)
    free = days[0].free if days else []
    if not free:  # taken meanwhile, or the day passed
        return choose_day(chat, citizen, case_id=case_id, centre_id=centre_id)
    buttons = [
        Button(f"{timezone.localtime(slot.starts_at):%H:%M}",
               f"vt:{case.pk.hex}:{centre.pk}:{timezone.localtime(slot.starts_at):%Y%m%d%H%M}")
        for slot in free
    ]  # fmt: skip
    rows = [buttons[i : i + TIMES_IN_A_ROW] for i in range(0, len(buttons), TIMES_IN_A_ROW)]
    text = say(
        "visit_choose_time",
        language,
        centre=pick(centre.name, language),
        day=_day_text(chosen, language),
    )
    return [message(chat, text, [*rows, menu_row(chat)])]


def _moment(text: str) -> datetime.datetime | None:
    try:
        naive = datetime.datetime.strptime(text, "%Y%m%d%H%M") if len(text) == 12 else None
    except ValueError:
        return None
    return timezone.make_aware(naive, timezone.get_default_timezone()) if naive else None


def book(chat: Chat, citizen: Any, *, case_id: str, centre_id: str, moment: str) -> list[Reply]:
    """Book the time chosen, or move the visit booked to it."""
    case = _case(citizen, case_id)
    centre = _centre(case, centre_id) if case is not None else None
    starts_at = _moment(moment)
    if case is None or centre is None or starts_at is None:
        return []
    action = move_visit if booked_visit(case) is not None else book_visit
    try:
        visit = action(
            case=case, centre=centre, starts_at=starts_at, actor=citizen, channel=CHANNEL
        )
    except DomainError as refused:  # taken meanwhile, too soon after another visit, ...
        refusal = message(chat, say_error(refused, chat.language))
        return [refusal, *choose_day(chat, citizen, case_id=case_id, centre_id=centre_id)]
    return [
        message(chat, _visit_said("visit_booked", visit, chat.language), _visit_rows(case, chat))
    ]


def ask_cancel(chat: Chat, citizen: Any, *, case_id: str) -> list[Reply]:
    case = _case(citizen, case_id)
    visit = booked_visit(case) if case is not None else None
    if case is None or visit is None:
        return []
    yes = [Button(say("visit_cancel_yes", chat.language), f"vxy:{case.pk.hex}")]
    return [
        message(chat, _visit_said("visit_cancel_ask", visit, chat.language), [yes, menu_row(chat)])
    ]


def cancel(chat: Chat, citizen: Any, *, case_id: str) -> list[Reply]:
    case = _case(citizen, case_id)
    if case is None:
        return []
    cancel_visit(case=case, actor=citizen, channel=CHANNEL)  # refused: said by the conversation
    again = [Button(say("visit_button", chat.language), f"vb:{case.pk.hex}")]
    return [message(chat, say("visit_cancelled", chat.language), [again, menu_row(chat)])]
