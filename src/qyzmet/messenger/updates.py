"""Reading the bot API's ``Update`` JSON (Telegram's format): a message with text, or a press of
an inline keyboard button (``callback_query``). Everything else is acknowledged and ignored.

Only private chats are answered: in a group every member would read a citizen's data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class MalformedUpdate(ValueError):
    """Not an update the bot API would send (400)."""


@dataclass(frozen=True)
class Incoming:
    """What a citizen did in a chat: wrote ``text`` or pressed a button carrying ``data``."""

    update_id: int
    chat_id: int
    text: str = ""
    data: str | None = None  # a pressed button's callback data
    callback_id: str = ""  # the press to acknowledge (answerCallbackQuery)
    language: str = ""  # the sender's language_code, e.g. "kk"

    @property
    def is_button(self) -> bool:
        return self.data is not None


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise MalformedUpdate("not an integer")
    return value


def _object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise MalformedUpdate("not an object")
    return value


def _string(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _private_chat(message: dict[str, Any]) -> int | None:
    chat = _object(message.get("chat"))
    chat_id = _integer(chat.get("id"))
    return chat_id if chat.get("type", "private") == "private" else None


def _sender(container: dict[str, Any]) -> dict[str, Any]:
    sender = container.get("from")
    return sender if isinstance(sender, dict) else {}


def update_id_of(payload: Any) -> int:
    return _integer(_object(payload).get("update_id"))


def parse_update(payload: Any) -> Incoming | None:
    """The citizen's message or button press in ``payload``; ``None`` for an update the bot
    does not answer (edits, joins, group chats...). Raises ``MalformedUpdate``."""
    update_id = update_id_of(payload)
    if "message" in payload:
        message = _object(payload["message"])
        chat_id = _private_chat(message)
        if chat_id is None:
            return None
        sender = _sender(message)
        return Incoming(
            update_id=update_id,
            chat_id=chat_id,
            text=_string(message.get("text"))[:4096],
            language=_string(sender.get("language_code"))[:8],
        )
    if "callback_query" in payload:
        query = _object(payload["callback_query"])
        callback_id = _string(query.get("id"))
        if not callback_id:
            raise MalformedUpdate("a callback query without its id")
        if "message" not in query:  # a button of an inline-mode message: not this bot's
            return None
        chat_id = _private_chat(_object(query["message"]))
        if chat_id is None:
            return None
        sender = _sender(query)
        return Incoming(
            update_id=update_id,
            chat_id=chat_id,
            data=_string(query.get("data"))[:64],
            callback_id=callback_id,
            language=_string(sender.get("language_code"))[:8],
        )
    return None
