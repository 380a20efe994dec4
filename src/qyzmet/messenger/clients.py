"""Bot clients: how the bot's messages leave qyzmet. The contract, a registry, the ``telegram``
client (the Bot API over HTTPS, which national messengers' bot APIs follow) and the
``simulator`` client (messages kept in the database for ``/demo/messenger/``).
``settings.MESSENGER_BOT_CLIENT`` chooses the one in use."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import Any

from django.conf import settings

from qyzmet.messenger.models import SimulatedMessage


class BotApiError(Exception):
    """The bot API refused a call or could not be reached."""

    def __init__(self, description: str, *, code: int | None = None) -> None:
        super().__init__(f"{code or '-'}: {description}")
        self.description = description
        self.code = code


class BotClient(ABC):
    """Base class of a bot client; subclasses set ``name``."""

    name: str = ""

    @abstractmethod
    def send_message(
        self, *, chat_id: int, text: str, reply_markup: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Send a message (``sendMessage``); the sent message as the API returns it."""

    @abstractmethod
    def answer_callback_query(self, *, callback_query_id: str, text: str = "") -> None:
        """Acknowledge a button press (``answerCallbackQuery``), with an optional notice."""


class TelegramClient(BotClient):
    """The Telegram Bot API: ``POST {api_url}/bot{token}/{method}`` with a JSON body."""

    name = "telegram"

    def __init__(
        self, *, token: str | None = None, api_url: str | None = None, timeout: float = 10
    ) -> None:
        self._token = token
        self._api_url = api_url
        self.timeout = timeout

    def call(self, method: str, params: dict[str, Any]) -> Any:
        """Call a bot API ``method``; its ``result``, or ``BotApiError``."""
        token = self._token or settings.MESSENGER_BOT_TOKEN
        if not token:
            raise BotApiError("no bot token: set QYZMET_MESSENGER_BOT_TOKEN")
        api_url = (self._api_url or settings.MESSENGER_API_URL).rstrip("/")
        request = urllib.request.Request(
            f"{api_url}/bot{token}/{method}",
            data=json.dumps(params, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as error:  # the API explains refusals in a JSON body
            body = error.read()
        except (urllib.error.URLError, TimeoutError) as error:  # the token stays out of it
            raise BotApiError(f"{method}: {type(error).__name__}") from None
        try:
            answer = json.loads(body)
        except ValueError:
            raise BotApiError(f"{method}: the answer is not JSON") from None
        if not isinstance(answer, dict) or not answer.get("ok"):
            answer = answer if isinstance(answer, dict) else {}
            raise BotApiError(
                f"{method}: {answer.get('description', 'refused')}", code=answer.get("error_code")
            )
        return answer.get("result")

    def send_message(
        self, *, chat_id: int, text: str, reply_markup: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        params: dict[str, Any] = {"chat_id": chat_id, "text": text}
        if reply_markup:
            params["reply_markup"] = reply_markup
        return dict(self.call("sendMessage", params))

    def answer_callback_query(self, *, callback_query_id: str, text: str = "") -> None:
        params: dict[str, Any] = {"callback_query_id": callback_query_id}
        if text:
            params["text"] = text[:200]
        self.call("answerCallbackQuery", params)


class SimulatorClient(BotClient):
    """Keeps the bot's messages in the database, where the simulator page shows them."""

    name = "simulator"

    def send_message(
        self, *, chat_id: int, text: str, reply_markup: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        message = SimulatedMessage.objects.create(
            chat_id=chat_id,
            sender=SimulatedMessage.Sender.BOT,
            text=text,
            reply_markup=reply_markup or {},
        )
        return {
            "message_id": message.pk,
            "chat": {"id": chat_id, "type": "private"},
            "date": int(message.sent_at.timestamp()),
            "text": text,
        }

    def answer_callback_query(self, *, callback_query_id: str, text: str = "") -> None:
        return None  # the simulator page shows no notices on top of the chat


class ClientRegistry:
    def __init__(self) -> None:
        self._clients: dict[str, BotClient] = {}

    def register(self, client: BotClient) -> BotClient:
        if not client.name or client.name in self._clients:
            raise ValueError(f"bot client name missing or taken: {client.name!r}")
        self._clients[client.name] = client
        return client

    def __getitem__(self, name: str) -> BotClient:
        return self._clients[name]

    def __contains__(self, name: object) -> bool:
        return name in self._clients

    def __iter__(self) -> Iterator[str]:
        return iter(self._clients)


def default_clients() -> ClientRegistry:
    registry = ClientRegistry()
    registry.register(TelegramClient())
    registry.register(SimulatorClient())
    return registry


clients = default_clients()


def bot_client(registry: ClientRegistry | None = None) -> BotClient:
    """The client the bot sends with (``settings.MESSENGER_BOT_CLIENT``)."""
    return (registry or clients)[settings.MESSENGER_BOT_CLIENT]
