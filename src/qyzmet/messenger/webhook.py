"""Receiving updates from the bot API's webhook: check the secret token, keep the update once
by its ``update_id``, and enqueue the job that answers it. Nothing is answered in the web
request, so the bot API gets its acknowledgement at once (it waits at most a minute, and
sends the update again when it is not acknowledged)."""

from __future__ import annotations

import json
from enum import IntEnum

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from qyzmet.core.storable import storable
from qyzmet.core.texts import FALLBACK, LANGUAGES
from qyzmet.messenger.clients import TelegramClient
from qyzmet.messenger.models import Chat, Update
from qyzmet.messenger.updates import Incoming, parse_update

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
PRIORITY = 40  # someone is waiting in the chat


class Outcome(IntEnum):
    """How the webhook answers, as an HTTP status."""

    ACCEPTED = 200  # kept and enqueued, or repeated, or not for the bot: acknowledged
    MALFORMED = 400
    NO_SECRET = 401
    WRONG_SECRET = 403


def webhook_secret() -> str:
    """The secret token the bot API must send (``setWebhook``'s ``secret_token``)."""
    return (
        settings.MESSENGER_WEBHOOK_SECRET
        or salted_hmac("qyzmet.messenger.webhook", "secret_token", algorithm="sha256").hexdigest()
    )


def language_of(code: str) -> str:
    """The platform language for a messenger's ``language_code`` ("kk", "ru-RU"...)."""
    language = code.split("-")[0].lower()
    return language if language in LANGUAGES else FALLBACK


def secret_refusal(secret: str | None) -> Outcome | None:
    """Why a request with this secret token is refused, or ``None`` when the token is right."""
    if not secret:
        return Outcome.NO_SECRET
    if not constant_time_compare(secret, webhook_secret()):
        return Outcome.WRONG_SECRET
    return None


def accept_update(*, body: bytes, secret: str | None) -> Outcome:
    """Check and keep one update posted to the webhook (the simulator posts through here too)."""
    if refusal := secret_refusal(secret):
        return refusal
    try:
        payload = json.loads(body)
        incoming = parse_update(payload)
    except (ValueError, RecursionError):  # bad JSON, bad UTF-8, MalformedUpdate, deep nesting
        return Outcome.MALFORMED
    if not storable(payload):  # a NUL or a lone surrogate: no database keeps it as it is
        return Outcome.MALFORMED
    if incoming is not None:
        receive_update(incoming=incoming, payload=payload)
    return Outcome.ACCEPTED


def receive_update(*, incoming: Incoming, payload: dict) -> Update | None:
    """Keep an update and enqueue the job answering it, in one transaction; ``None`` when this
    ``update_id`` was received before (the bot API sent it again)."""
    from qyzmet.messenger.tasks import answer  # the task module imports the processing

    if Update.objects.filter(update_id=incoming.update_id).exists():
        return None
    try:
        with transaction.atomic():
            Chat.objects.get_or_create(
                chat_id=incoming.chat_id, defaults={"language": language_of(incoming.language)}
            )
            update = Update.objects.create(
                update_id=incoming.update_id, chat_id=incoming.chat_id, payload=payload
            )
            answer.using(priority=PRIORITY).enqueue(incoming.chat_id)
    except IntegrityError:  # the same update, received twice at the same moment
        return None
    return update


def set_webhook(*, public_url: str, client: TelegramClient | None = None) -> str:
    """Tell the bot API to post updates to this server's webhook, with the secret token; the
    webhook's address. The bot API wants HTTPS on port 443, 80, 88 or 8443."""
    url = public_url.rstrip("/") + reverse("messenger:webhook")
    (client or TelegramClient()).call(
        "setWebhook",
        {
            "url": url,
            "secret_token": webhook_secret(),
            "allowed_updates": ["message", "callback_query"],
        },
    )
    return url
