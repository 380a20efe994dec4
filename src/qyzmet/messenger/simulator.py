"""The messenger simulator (``/demo/messenger/``, demo only): a chat with the bot in a web page,
without JavaScript. What the visitor writes or presses becomes a real bot API ``Update`` and
goes through the webhook's own code path, with the secret token; the bot's replies come back
through the ``simulator`` bot client. A background worker answers, as for a real messenger, so
the page reloads itself while an answer is on its way."""

from __future__ import annotations

import json
import secrets
import time
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from qyzmet.core.texts import current_language
from qyzmet.messenger.clients import SimulatorClient
from qyzmet.messenger.models import SimulatedMessage, Update
from qyzmet.messenger.webhook import accept_update, webhook_secret

SESSION_CHAT = "messenger_simulator_chat"
SHOWN = 60  # latest messages on the page
BOT = {"id": 1, "is_bot": True, "first_name": "qyzmet"}


def _person(chat_id: int) -> dict[str, Any]:
    return {
        "id": chat_id,
        "is_bot": False,
        "first_name": "Demo",
        "language_code": current_language(),
    }


def _chat(chat_id: int) -> dict[str, Any]:
    return {"id": chat_id, "type": "private", "first_name": "Demo"}


def _update_id() -> int:
    return 10**9 + secrets.randbelow(2**52)  # apart from each other and from real bots' ids


def text_update(*, chat_id: int, message_id: int, text: str) -> dict[str, Any]:
    """A bot API ``Update`` with a text message, as a messenger sends it."""
    message: dict[str, Any] = {
        "message_id": message_id,
        "from": _person(chat_id),
        "chat": _chat(chat_id),
        "date": int(time.time()),
        "text": text,
    }
    if text.startswith("/"):
        length = len(text.split(maxsplit=1)[0])
        message["entities"] = [{"offset": 0, "length": length, "type": "bot_command"}]
    return {"update_id": _update_id(), "message": message}


def button_update(*, chat_id: int, message: SimulatedMessage, data: str) -> dict[str, Any]:
    """A bot API ``Update`` with a press of an inline keyboard button of ``message``."""
    return {
        "update_id": _update_id(),
        "callback_query": {
            "id": str(secrets.randbits(63)),
            "from": _person(chat_id),
            "chat_instance": str(chat_id),
            "data": data,
            "message": {
                "message_id": message.pk,
                "from": BOT,
                "chat": _chat(chat_id),
                "date": int(message.sent_at.timestamp()),
                "text": message.text,
                "reply_markup": message.reply_markup,
            },
        },
    }


def _label(message: SimulatedMessage, data: str) -> str | None:
    for row in message.reply_markup.get("inline_keyboard", []):
        for button in row:
            if button.get("callback_data") == data:
                return str(button.get("text", ""))
    return None


def _post(chat_id: int, update: dict[str, Any]) -> None:
    accept_update(body=json.dumps(update, ensure_ascii=False).encode(), secret=webhook_secret())


def _said(chat_id: int, text: str) -> SimulatedMessage:
    return SimulatedMessage.objects.create(
        chat_id=chat_id, sender=SimulatedMessage.Sender.CITIZEN, text=text
    )


def _posted(request: HttpRequest, chat_id: int) -> None:
    text = request.POST.get("text", "").strip()[:4096]
    if text:
        said = _said(chat_id, text)
        _post(chat_id, text_update(chat_id=chat_id, message_id=said.pk, text=text))
        return
    message_id, _, data = request.POST.get("button", "").partition(":")
    message = SimulatedMessage.objects.filter(
        pk=int(message_id) if message_id.isdigit() else 0,
        chat_id=chat_id,
        sender=SimulatedMessage.Sender.BOT,
    ).first()
    label = _label(message, data) if message is not None else None
    if message is not None and label is not None:
        _said(chat_id, f"▸ {label}")
        _post(chat_id, button_update(chat_id=chat_id, message=message, data=data))


@never_cache
@require_http_methods(["GET", "POST"])
def simulator(request: HttpRequest) -> HttpResponse:
    """Demo only: a chat with the bot; each browser session has a chat of its own."""
    if not settings.DEMO_PAGES:
        raise Http404
    if SESSION_CHAT not in request.session or "new_chat" in request.POST:
        request.session[SESSION_CHAT] = 10**9 + secrets.randbelow(10**12)
    chat_id = int(request.session[SESSION_CHAT])
    if request.method == "POST":
        _posted(request, chat_id)
        return redirect(reverse("messenger:simulator") + "#composer")
    shown = SimulatedMessage.objects.filter(chat_id=chat_id).order_by("-id")[:SHOWN]
    context = {
        "chat_id": chat_id,
        "chat": list(reversed(shown)),
        "answering": Update.objects.filter(chat_id=chat_id, processed_at__isnull=True).exists(),
        "simulated": SimulatorClient.name == settings.MESSENGER_BOT_CLIENT,
    }
    return render(request, "messenger/simulator.html", context)
