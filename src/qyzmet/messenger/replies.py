"""What the bot says: messages with inline keyboards in the bot API's ``reply_markup`` format,
split to the API's length limit, and sent through the bot client."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from qyzmet.messenger.clients import BotClient, bot_client

logger = logging.getLogger(__name__)

MAX_TEXT = 4096  # characters of one message
MAX_DATA = 64  # bytes of a button's callback data


@dataclass(frozen=True)
class Button:
    text: str
    data: str

    def __post_init__(self) -> None:
        if not 1 <= len(self.data.encode()) <= MAX_DATA:
            raise ValueError(f"callback data must be 1-{MAX_DATA} bytes: {self.data!r}")


@dataclass(frozen=True)
class Reply:
    """A message to ``chat_id``; ``rows`` of buttons below it. A reply to a button press
    without a chat message only acknowledges the press (``callback_id``), with an optional
    short ``text`` the messenger shows on top of the chat."""

    chat_id: int
    text: str = ""
    rows: Sequence[Sequence[Button]] = field(default_factory=tuple)
    callback_id: str = ""

    def reply_markup(self) -> dict[str, Any] | None:
        if not self.rows:
            return None
        return {
            "inline_keyboard": [
                [{"text": b.text, "callback_data": b.data} for b in row] for row in self.rows
            ]
        }


def column(buttons: Iterable[Button]) -> list[list[Button]]:
    """One button per row."""
    return [[button] for button in buttons]


def chunks(text: str, limit: int = MAX_TEXT) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut at line ends where possible."""
    pieces = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        cut = cut if cut > 0 else limit
        pieces.append(text[:cut])
        text = text[cut:].lstrip("\n")
    return [*pieces, text] if text else pieces


def send_replies(replies: Iterable[Reply], *, client: BotClient | None = None) -> int:
    """Send each reply (keyboard below its last piece); how many failed. A reply the bot API
    refuses is logged and the next one is sent: the conversation's state is committed already,
    and the citizen's next message carries it on."""
    client = client or bot_client()
    failed = 0
    for reply in replies:
        try:
            if reply.callback_id:
                client.answer_callback_query(callback_query_id=reply.callback_id, text=reply.text)
                continue
            pieces = chunks(reply.text)
            for number, piece in enumerate(pieces, start=1):
                markup = reply.reply_markup() if number == len(pieces) else None
                client.send_message(chat_id=reply.chat_id, text=piece, reply_markup=markup)
        except Exception:
            failed += 1
            logger.exception("The bot could not send a reply to chat %s", reply.chat_id)
    return failed
