"""The ``telegram`` bot client speaks the Bot API over HTTP, tried here against a local fake
server (never the internet); the ``simulator`` client keeps messages for the demo page."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command

from qyzmet.messenger.clients import BotApiError, SimulatorClient, TelegramClient
from qyzmet.messenger.models import SimulatedMessage
from qyzmet.messenger.webhook import webhook_secret

TOKEN = "123456:ABC-test-token"


class FakeBotApi(BaseHTTPRequestHandler):
    calls: list[tuple[str, dict]] = []
    answer: dict = {"ok": True, "result": {"message_id": 7}}
    status = 200

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).calls.append((self.path, json.loads(body)))
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(self.answer).encode())

    def log_message(self, *args) -> None:
        return None


@pytest.fixture
def bot_api():
    FakeBotApi.calls, FakeBotApi.status = [], 200
    FakeBotApi.answer = {"ok": True, "result": {"message_id": 7}}
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeBotApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield FakeBotApi, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_send_message_posts_json_to_the_bot_api(bot_api):
    api, url = bot_api
    client = TelegramClient(token=TOKEN, api_url=url)
    markup = {"inline_keyboard": [[{"text": "Иә", "callback_data": "ans:1:0:0"}]]}
    assert client.send_message(chat_id=42, text="Сәлем", reply_markup=markup) == {"message_id": 7}
    client.answer_callback_query(callback_query_id="cq1", text="This button is no longer active.")
    assert api.calls == [
        (f"/bot{TOKEN}/sendMessage", {"chat_id": 42, "text": "Сәлем", "reply_markup": markup}),
        (
            f"/bot{TOKEN}/answerCallbackQuery",
            {"callback_query_id": "cq1", "text": "This button is no longer active."},
        ),
    ]


def test_a_refusal_of_the_bot_api_is_an_error_that_does_not_show_the_token(bot_api):
    api, url = bot_api
    api.status = 403
    api.answer = {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked"}
    with pytest.raises(BotApiError) as refused:
        TelegramClient(token=TOKEN, api_url=url).send_message(chat_id=42, text="x")
    assert refused.value.code == 403 and "bot was blocked" in str(refused.value)
    assert TOKEN not in str(refused.value)


def test_an_unreachable_bot_api_is_an_error_that_does_not_show_the_token():
    client = TelegramClient(token=TOKEN, api_url="http://127.0.0.1:9", timeout=2)
    with pytest.raises(BotApiError) as unreachable:
        client.send_message(chat_id=42, text="x")
    assert TOKEN not in str(unreachable.value)


def test_without_a_token_nothing_is_sent(settings):
    settings.MESSENGER_BOT_TOKEN = ""
    with pytest.raises(BotApiError, match="no bot token"):
        TelegramClient().send_message(chat_id=42, text="x")


@pytest.mark.django_db
def test_the_simulator_client_keeps_the_message_for_the_demo_page():
    sent = SimulatorClient().send_message(chat_id=42, text="hello", reply_markup=None)
    message = SimulatedMessage.objects.get(pk=sent["message_id"])
    assert (message.chat_id, message.sender, message.text) == (42, "bot", "hello")


def test_set_webhook_tells_the_bot_api_the_address_and_the_secret(bot_api, settings):
    api, url = bot_api
    settings.MESSENGER_BOT_TOKEN, settings.MESSENGER_API_URL = TOKEN, url
    api.answer = {"ok": True, "result": True}
    out = StringIO()
    call_command("messenger", "set-webhook", "https://qyzmet.example/", stdout=out)
    [(path, params)] = api.calls
    assert path == f"/bot{TOKEN}/setWebhook"
    assert params["url"] == "https://qyzmet.example/messenger/telegram/webhook"
    assert params["secret_token"] == webhook_secret()
    assert params["allowed_updates"] == ["message", "callback_query"]
    assert "https://qyzmet.example/messenger/telegram/webhook" in out.getvalue()
