"""The conversation: what the bot answers to a message or a button press, from where the chat
stands (``Chat.step``). It validates what came in and calls the domain functions: linking in
``linking.py``, applying in ``applying.py`` (which calls the applications domain).

Commands: ``/start`` links the chat (or shows the menu when linked), ``/menu`` the life
situations, ``/lang`` the language, ``/stop`` unlinks, ``/help``. Button data: ``lang:kk``,
``menu``, ``ls:SLUG`` / ``sv:SLUG`` (start a life situation / a service; asks "For whom?"
first when the citizen may act for others), ``fw:ls|sv:SLUG:IIN|BIN|-`` (start it for whom
was chosen; ``-``: themself), ``ans:DRAFT:Q:O``
(answer), ``ok:DRAFT`` (registry data confirmed), ``val:DRAFT:FIELD:O`` (a field's value),
``sub:APPLICATION`` (submit), ``code:APPLICATION`` (an SMS code to sign it), ``oa:OFFER`` /
``od:OFFER`` (accept / decline an offer); while ``confirm``, the text typed is that code.
After submission (``cases.py``): ``/cases`` or ``cases`` lists the citizen's cases; ``ap:CASE``
/ ``apc:CASE`` appeal (``appealing.py``; while ``appeal``, the text typed is the reasons);
``vb:``, ``vc:``, ``vd:``, ``vt:``, ``vm:``, ``vx:``, ``vxy:`` a visit (``booking.py``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qyzmet.accounts.identity import code_provider
from qyzmet.accounts.signin import CODE_LIFETIME
from qyzmet.assistant.ranking import Status
from qyzmet.assistant.routing import route_request
from qyzmet.catalog.selectors import current_life_situations
from qyzmet.core.errors import DomainError
from qyzmet.core.texts import LANGUAGES, pick
from qyzmet.messenger import appealing, applying, booking, cases, linking, offers
from qyzmet.messenger.applying import menu_row, message
from qyzmet.messenger.models import Chat, Step
from qyzmet.messenger.replies import Button, Reply, column
from qyzmet.messenger.texts import LANGUAGE_NAMES, say, say_error
from qyzmet.messenger.updates import Incoming

SUGGESTIONS = 3
APPLYING = (Step.QUESTIONS, Step.CHECK, Step.FIELD, Step.REVIEW, Step.CONFIRM)
APPEALING = (Step.APPEAL, Step.APPEAL_CONFIRM)


def converse(chat: Chat, incoming: Incoming) -> list[Reply]:
    """The replies to one message or button press; ``chat`` is changed, the caller saves it."""
    try:
        if incoming.is_button:
            replies = _button(chat, incoming.data or "")
        else:
            replies = _text(chat, incoming.text.strip())
    except DomainError as error:  # the refusal is answered; what the domain recorded stays
        replies = [message(chat, say_error(error, chat.language))]
    if incoming.is_button:
        # Every press is acknowledged; one that no longer fits says so on top of the chat.
        notice = "" if replies else say("stale_button", chat.language)
        replies.append(Reply(chat_id=chat.pk, text=notice, callback_id=incoming.callback_id))
    return replies


def _name(citizen: Any) -> str:
    """The citizen's name, or their IIN with all but the last four digits hidden."""
    return citizen.get_full_name() or f"{'•' * 8}{(citizen.iin or '')[-4:]}"


def _start(chat: Chat) -> list[Reply]:
    citizen = linking.linked_citizen(chat)
    if citizen is not None:
        linked = message(chat, say("already_linked", chat.language, name=_name(citizen)))
        return [linked, *_menu(chat)]
    chat.step, chat.iin = Step.IIN, ""
    return [message(chat, say("ask_iin", chat.language))]


def _stop(chat: Chat) -> list[Reply]:
    link = linking.unlink_chat(chat=chat)
    applying.to_menu(chat)
    chat.step, chat.iin = Step.START, ""
    return [message(chat, say("unlinked" if link else "not_linked", chat.language))]


def _menu(chat: Chat) -> list[Reply]:
    if linking.linked_citizen(chat) is None:
        return [message(chat, say("not_linked", chat.language))]
    applying.to_menu(chat)
    mine = [Button(say("cases_button", chat.language), "cases")]
    return [message(chat, say("menu", chat.language), [*_situation_rows(chat), mine])]


def _cases(chat: Chat) -> list[Reply]:
    citizen = linking.linked_citizen(chat)
    if citizen is None:
        return [message(chat, say("not_linked", chat.language))]
    applying.to_menu(chat)
    return cases.list_cases(chat, citizen)


def _situation_rows(chat: Chat) -> list[list[Button]]:
    return column(
        Button(pick(situation.current.title, chat.language), f"ls:{situation.slug}")
        for situation in current_life_situations()
        if situation.current is not None
    )


def _languages(chat: Chat) -> list[Reply]:
    buttons = [Button(LANGUAGE_NAMES[code], f"lang:{code}") for code in LANGUAGES]
    return [message(chat, say("choose_language", chat.language), [buttons])]


def _help(chat: Chat) -> list[Reply]:
    return [message(chat, say("help", chat.language))]


COMMANDS: dict[str, Callable[[Chat], list[Reply]]] = {
    "/start": _start,
    "/menu": _menu,
    "/cancel": _menu,
    "/cases": _cases,
    "/lang": _languages,
    "/stop": _stop,
    "/help": _help,
}


def _text(chat: Chat, text: str) -> list[Reply]:
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0].split("@")[0].lower()  # "/start@bot payload"
        if command in COMMANDS:
            return COMMANDS[command](chat)
    if chat.step == Step.IIN:
        return _iin_typed(chat, text)
    if chat.step == Step.CODE:
        return _code_typed(chat, text)
    citizen = linking.linked_citizen(chat)
    if citizen is None:
        return [message(chat, say("welcome", chat.language))]
    if chat.step == Step.FIELD:
        return applying.type_value(chat, citizen, text)
    if chat.step == Step.CONFIRM:
        return applying.type_signing_code(chat, citizen, text)
    if chat.step in APPEALING:
        return appealing.type_reasons(chat, citizen, text)
    if chat.step in APPLYING:
        hint = message(chat, say("use_buttons", chat.language))
        return [hint, *applying.carry_on(chat, citizen)]
    return _route(chat, text)


def _iin_typed(chat: Chat, iin: str) -> list[Reply]:
    linking.request_link_code(chat=chat, iin=iin)
    chat.step = Step.CODE
    minutes = int(CODE_LIFETIME.total_seconds() // 60)
    sent = "code_sent_sms" if code_provider().delivery == "sms" else "code_sent"
    return [message(chat, say(sent, chat.language, minutes=minutes))]


def _code_typed(chat: Chat, code: str) -> list[Reply]:
    linked = linking.link_chat(chat=chat, code=code)
    citizen = linked.link.citizen
    replies = [
        Reply(chat_id=ended.chat_id, text=say("replaced", chat.language))
        for ended in linked.ended
        if ended.chat_id != chat.pk
    ]
    replies.append(message(chat, say("linked", chat.language, name=_name(citizen))))
    return [*replies, *_menu(chat)]


def _route(chat: Chat, text: str) -> list[Reply]:
    """Life situations and services for the citizen's own words, as the assistant ranks
    them: the best ones as buttons; when it is unsure, its question naming the top choices;
    when nothing is close, the list of life situations."""
    query = text[:100]
    routing = route_request(
        text=text, channel=applying.CHANNEL, language_hint=chat.language,
        conversation=applying.conversation_of(chat),
    )  # fmt: skip
    if routing.status == Status.NO_MATCH:
        reply = say("nothing_found", chat.language, query=query)
        return [message(chat, reply, _situation_rows(chat))]
    if routing.status == Status.UNSURE:
        reply, named = routing.question, routing.suggestions[: routing.asked]
    else:
        reply, named = say("found", chat.language, query=query), routing.suggestions[:SUGGESTIONS]
    buttons = [
        Button(
            pick(s.title, chat.language), f"{'ls' if s.kind == 'life_situation' else 'sv'}:{s.id}"
        )
        for s in named
    ]
    return [message(chat, reply, [*column(buttons), menu_row(chat)])]


def _set_language(chat: Chat, code: str) -> list[Reply]:
    if code not in LANGUAGES:
        return []
    chat.language = code
    replies = [message(chat, say("language_set", code))]
    citizen = linking.linked_citizen(chat)
    if citizen is not None and chat.step in APPLYING:
        return [*replies, *applying.carry_on(chat, citizen)]
    return replies


def _integers(*parts: str) -> list[int] | None:
    return [int(p) for p in parts] if all(p.isdigit() and len(p) < 4 for p in parts) else None


def _button(chat: Chat, data: str) -> list[Reply]:
    kind, _, rest = data.partition(":")
    args = rest.split(":") if rest else []
    if kind == "lang":
        return _set_language(chat, rest)
    citizen = linking.linked_citizen(chat)
    if citizen is None:
        return [message(chat, say("not_linked", chat.language))]
    if kind == "menu":
        return _menu(chat)
    if kind in ("ls", "sv") and rest:
        situation, service = (rest, "") if kind == "ls" else ("", rest)
        return applying.choose_whom(chat, citizen, life_situation=situation, service=service)
    if kind == "fw" and len(args) == 3 and args[0] in ("ls", "sv") and args[1] and args[2]:
        situation, service = (args[1], "") if args[0] == "ls" else ("", args[1])
        return applying.start(
            chat, citizen, life_situation=situation, service=service, on_behalf_of=args[2]
        )
    if kind == "ans" and len(args) == 3 and (numbers := _integers(*args[1:])):
        return applying.answer(chat, citizen, draft=args[0], number=numbers[0], option=numbers[1])
    if kind == "ok" and len(args) == 1:
        return applying.confirm(chat, citizen, draft=args[0])
    if kind == "val" and len(args) == 3 and (numbers := _integers(args[2])):
        return applying.choose_value(chat, citizen, draft=args[0], token=args[1], option=numbers[0])
    if kind == "sub" and len(args) == 1:
        return applying.submit(chat, citizen, application_id=args[0])
    if kind == "code" and len(args) == 1:
        return applying.send_signing_code(chat, citizen, application_id=args[0])
    if kind in ("oa", "od") and len(args) == 1:
        return offers.answer_offer(chat, citizen, offer_id=args[0], accept=kind == "oa")
    return _casework_button(chat, citizen, kind, args)


def _casework_button(chat: Chat, citizen: Any, kind: str, args: list[str]) -> list[Reply]:
    """The buttons of a case after submission: appeal it, book its visit."""
    if kind == "cases" and not args:
        return _cases(chat)
    one: dict[str, Callable[..., list[Reply]]] = {
        "ap": appealing.start_appeal,
        "apc": appealing.send_appeal,
        "vb": booking.show_visit,
        "vm": booking.choose_centre,
        "vx": booking.ask_cancel,
        "vxy": booking.cancel,
    }
    if kind in one and len(args) == 1:
        return one[kind](chat, citizen, case_id=args[0])
    if kind == "vc" and len(args) == 2:
        return booking.choose_day(chat, citizen, case_id=args[0], centre_id=args[1])
    if kind == "vd" and len(args) == 3:
        return booking.choose_time(chat, citizen, case_id=args[0], centre_id=args[1], day=args[2])
    if kind == "vt" and len(args) == 3:
        return booking.book(chat, citizen, case_id=args[0], centre_id=args[1], moment=args[2])
    return []
