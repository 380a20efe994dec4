"""Appealing a decision, or complaining about a delay, in the chat: ``ap:CASE`` (the button
under the decision's news or in ``/cases``) asks for the reasons; the citizen writes them
(step ``appeal``), reads them back and presses *Send* (``apc:CASE``, step
``appeal_confirm``; writing again replaces them); the appeal is filed through
``casework.appeals.file_appeal``, with its refusals (the term passed, an appeal open already).
Documents cannot be sent in a chat: the reply links the same case's appeal page in the
portal. The outcome comes as news to the chat, as on every channel that reaches the citizen."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from qyzmet.applications.models import Case
from qyzmet.casework.appeals import (
    appeal_last_day,
    appeal_offered,
    appeals_body,
    file_appeal,
    open_appeal,
)
from qyzmet.core.errors import Conflict, DomainError, Invalid
from qyzmet.core.texts import pick
from qyzmet.formats import date_text
from qyzmet.messenger.applying import CHANNEL, menu_row, message, to_menu
from qyzmet.messenger.cases import case_url, own_case
from qyzmet.messenger.models import Chat, Step
from qyzmet.messenger.replies import Button, Reply
from qyzmet.messenger.texts import say, say_error, say_problem


def _appeal_url(case: Case) -> str:
    path = reverse("portal:appeal", args=[case.application_id, case.pk])
    return f"{settings.PUBLIC_URL}{path}"


def _refusal(case: Case) -> Conflict:
    """Why nothing can be filed about ``case`` today (a button pressed late)."""
    if open_appeal(case) is not None:
        return Conflict("appeal.already_open")
    last_day = appeal_last_day(case)
    if last_day is not None:
        return Conflict("appeal.term_passed", {"last_day": date_text(last_day)})
    if case.due_date is not None and case.status not in ("withdrawn", "sent_back"):
        return Conflict("appeal.not_late", {"due_date": date_text(case.due_date)})
    return Conflict("appeal.nothing_to_appeal")


def _what(case: Case, language: str) -> str:
    kind = appeal_offered(case) or ("decision" if appeal_last_day(case) else "delay")
    return say("appeal_of_decision" if kind == "decision" else "complaint_of_delay", language)


def start_appeal(chat: Chat, citizen: Any, *, case_id: str) -> list[Reply]:
    """Ask for the reasons of an appeal of ``case_id`` (or say why none can be filed)."""
    case = own_case(citizen, case_id)
    if case is None:
        return []
    language = chat.language
    if appeal_offered(case) is None:
        return [message(chat, say_error(_refusal(case), language), [menu_row(chat)])]
    to_menu(chat)
    chat.step, chat.application, chat.field = Step.APPEAL, case.application, case.pk.hex
    text = say(
        "ask_reasons",
        language,
        what=_what(case, language),
        service=pick(case.service.title, language),
        number=case.application.reference,
        url=_appeal_url(case),
    )
    return [message(chat, text, [menu_row(chat)])]


def type_reasons(chat: Chat, citizen: Any, text: str) -> list[Reply]:
    """The reasons written: read them back with *Send*."""
    case = own_case(citizen, chat.field)
    if case is None or not text.strip():
        to_menu(chat)
        return [message(chat, say("stale_button", chat.language), [menu_row(chat)])]
    language = chat.language
    chat.step, chat.reasons = Step.APPEAL_CONFIRM, text.strip()
    said = say(
        "confirm_appeal",
        language,
        what=_what(case, language),
        service=pick(case.service.title, language),
        reasons=chat.reasons,
        body=pick(appeals_body(case).name, language),
    )
    send = [Button(say("send_appeal", language), f"apc:{case.pk.hex}")]
    return [message(chat, said, [send, menu_row(chat)])]


def send_appeal(chat: Chat, citizen: Any, *, case_id: str) -> list[Reply]:
    """File the appeal with the reasons read back (one press files one: the chat leaves the
    step, and the domain files one open appeal per case)."""
    if chat.step != Step.APPEAL_CONFIRM or chat.field != case_id or not chat.reasons:
        return []
    case = own_case(citizen, case_id)
    if case is None:
        return []
    language = chat.language
    try:
        appeal = file_appeal(case=case, citizen=citizen, reasons=chat.reasons, channel=CHANNEL)
    except Invalid as invalid:  # too long: written again
        chat.step = Step.APPEAL
        lines = [
            say_error(invalid, language),
            *(say_problem(p, language) for p in invalid.problems),
        ]
        return [message(chat, "\n".join(lines), [menu_row(chat)])]
    except DomainError as refused:  # the term passed, or one is open already
        to_menu(chat)
        return [message(chat, say_error(refused, language), [menu_row(chat)])]
    to_menu(chat)
    text = say(
        "appeal_filed",
        language,
        body=pick(appeal.body.name, language),
        due=pick(date_text(appeal.due_date), language),
        url=case_url(case),
    )
    return [message(chat, text, [menu_row(chat)])]
