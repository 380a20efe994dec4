from __future__ import annotations

import pytest

from qyzmet.messenger.clients import ClientRegistry, SimulatorClient
from tests.accounts.helpers import code_sent_to
from tests.factories import CitizenFactory
from tests.messenger.helpers import Messenger


@pytest.fixture
def citizen(demo_people):
    return CitizenFactory(iin=demo_people["parent"])


@pytest.fixture
def chat(client) -> Messenger:
    return Messenger(client)


@pytest.fixture
def linked(chat, citizen) -> Messenger:
    """A chat linked to ``citizen`` with the one-time code sent to them."""
    chat.write("/start")
    chat.write(citizen.iin)
    assert "linked to" in chat.write(code_sent_to(citizen.iin))
    citizen.refresh_from_db()  # linking sets the language their news is written in
    return chat


class RecordingClient(SimulatorClient):
    """The simulator client, also keeping the notices shown for button presses."""

    def __init__(self) -> None:
        self.notices: list[str] = []

    def answer_callback_query(self, *, callback_query_id: str, text: str = "") -> None:
        self.notices.append(text)


@pytest.fixture
def notices(monkeypatch) -> list[str]:
    """The notices the bot shows on top of the chat when a button is pressed."""
    registry = ClientRegistry()
    client = registry.register(RecordingClient())
    monkeypatch.setattr("qyzmet.messenger.clients.clients", registry)
    return client.notices  # type: ignore[attr-defined]
