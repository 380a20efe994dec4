"""A citizen's messenger in tests: a chat that writes and presses buttons through the webhook
(as the bot API posts) or through the simulator page, and reads what the bot answered (the
``simulator`` bot client keeps it). Background jobs run as a worker runs them."""

from __future__ import annotations

import html
import itertools
import re
from typing import Any

from qyzmet.messenger.models import SimulatedMessage
from qyzmet.messenger.webhook import webhook_secret
from tests.jobs.helpers import run_jobs

WEBHOOK = "/messenger/telegram/webhook"
SIMULATOR = "/demo/messenger/"
update_ids = itertools.count(1000)
chat_ids = itertools.count(5_000_001)


def text_update(chat_id: int, text: str, *, language: str = "en", update_id: int | None = None):
    return {
        "update_id": next(update_ids) if update_id is None else update_id,
        "message": {
            "message_id": next(update_ids),
            "from": {"id": chat_id, "is_bot": False, "first_name": "A", "language_code": language},
            "chat": {"id": chat_id, "type": "private", "first_name": "A"},
            "date": 1767225600,
            "text": text,
        },
    }


def button_update(chat_id: int, message: SimulatedMessage, data: str) -> dict[str, Any]:
    return {
        "update_id": next(update_ids),
        "callback_query": {
            "id": f"cq{next(update_ids)}",
            "from": {"id": chat_id, "is_bot": False, "first_name": "A", "language_code": "en"},
            "chat_instance": "1",
            "data": data,
            "message": {
                "message_id": message.pk,
                "chat": {"id": chat_id, "type": "private"},
                "date": 1767225600,
                "text": message.text,
            },
        },
    }


def bot_messages(chat_id: int) -> list[SimulatedMessage]:
    return list(SimulatedMessage.objects.filter(chat_id=chat_id, sender="bot").order_by("id"))


def buttons_of(message: SimulatedMessage) -> dict[str, str]:
    """Label → callback data of the message's inline keyboard."""
    rows = message.reply_markup.get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row}


class Messenger:
    """One private chat with the bot, posting bot API updates to the webhook."""

    def __init__(self, client: Any, chat_id: int | None = None, language: str = "en") -> None:
        self.client = client
        self.chat_id = chat_id or next(chat_ids)
        self.language = language
        self.seen = 0

    def post(self, update: Any, *, secret: str | None = None) -> Any:
        return self.client.post(
            WEBHOOK,
            update,
            content_type="application/json",
            headers={"X-Telegram-Bot-Api-Secret-Token": secret or webhook_secret()},
        )

    def _new(self) -> list[str]:
        """Run the jobs due; the texts the bot sent since last asked."""
        run_jobs()
        messages = bot_messages(self.chat_id)
        new, self.seen = messages[self.seen :], len(messages)
        return [m.text for m in new]

    def read(self) -> str:
        """What the bot wrote since last asked (news, after the jobs ran)."""
        return "\n".join(self._new())

    def write(self, text: str) -> str:
        """Write ``text``; everything the bot answered, as one text."""
        assert self.post(text_update(self.chat_id, text, language=self.language)).status_code == 200
        return "\n".join(self._new())

    def press(self, label: str) -> str:
        """Press the button ``label`` of the newest bot message that has it."""
        for message in reversed(bot_messages(self.chat_id)):
            if label in buttons_of(message):
                data = buttons_of(message)[label]
                assert self.post(button_update(self.chat_id, message, data)).status_code == 200
                return "\n".join(self._new())
        raise AssertionError(f"no button {label!r}; last message: {self.last().text}")

    def press_data(self, data: str) -> str:
        """Press a button carrying ``data`` under the newest message (one kept from before, or
        made up by someone trying)."""
        assert self.post(button_update(self.chat_id, self.last(), data)).status_code == 200
        return "\n".join(self._new())

    def last(self) -> SimulatedMessage:
        return bot_messages(self.chat_id)[-1]

    def buttons(self) -> list[str]:
        return list(buttons_of(self.last()))


MYSELF = "Myself"  # the answer to "For whom?" of a citizen who may act for others
BUTTON = re.compile(r'<button[^>]*name="button" value="(\d+:[^"]*)">([^<]*)</button>')


class SimulatorPage:
    """The demo simulator page in a browser session (no JavaScript), with a worker beside it."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def page(self) -> str:
        response = self.client.get(SIMULATOR)
        assert response.status_code == 200
        return response.content.decode()

    def read(self) -> str:
        """What the bot wrote since last asked (news, after the jobs ran)."""
        return "\n".join(self._new())

    def write(self, text: str) -> str:
        assert self.client.post(SIMULATOR, {"text": text}).status_code == 302
        run_jobs()
        return self.page()

    def press(self, label: str) -> str:
        found = [
            value for value, text in BUTTON.findall(self.page()) if html.unescape(text) == label
        ]
        assert found, f"no button {label!r} on the page"
        assert self.client.post(SIMULATOR, {"button": html.unescape(found[-1])}).status_code == 302
        run_jobs()
        return self.page()

    @property
    def chat_id(self) -> int:
        return int(self.client.session["messenger_simulator_chat"])

    def said(self) -> str:
        """The bot's newest message."""
        return bot_messages(self.chat_id)[-1].text
