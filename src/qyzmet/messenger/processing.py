"""Answering a chat's updates in a background job: with the chat's row locked, each update
waiting is answered in order (``conversation.converse``), the chat's new state and what the
citizen wrote (emptied) are committed, and then the replies are sent.

A chat's updates are answered one at a time and in order whatever the number of workers: the
lock makes a second worker wait, and whichever job comes first answers every update waiting.
An update whose answer fails is answered with an apology and marked processed, so one bad
update never blocks its chat."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from qyzmet.messenger.clients import BotClient
from qyzmet.messenger.conversation import converse
from qyzmet.messenger.models import Chat, Update
from qyzmet.messenger.replies import Reply, send_replies
from qyzmet.messenger.texts import say
from qyzmet.messenger.updates import parse_update

logger = logging.getLogger(__name__)


def _answer(chat: Chat, update: Update) -> list[Reply]:
    incoming = parse_update(update.payload)
    if incoming is None:
        return []
    try:
        with transaction.atomic():
            return converse(chat, incoming)
    except Exception:
        logger.exception("Answering update %s of chat %s failed", update.update_id, chat.pk)
        chat.refresh_from_db()  # what the failed answer changed was rolled back
        apology = [Reply(chat_id=chat.pk, text=say("error", chat.language))]
        if incoming.callback_id:
            apology.append(Reply(chat_id=chat.pk, callback_id=incoming.callback_id))
        return apology


def process_updates(*, chat_id: int, client: BotClient | None = None) -> int:
    """Answer every update of the chat not answered yet, in order; how many were answered."""
    replies: list[Reply] = []
    with transaction.atomic():
        chat = Chat.objects.select_for_update().filter(pk=chat_id).first()
        if chat is None:
            return 0
        waiting = list(
            Update.objects.filter(chat_id=chat_id, processed_at__isnull=True).order_by("update_id")
        )
        for update in waiting:
            replies.extend(_answer(chat, update))
            update.payload = {}  # what the citizen typed (an IIN, a code) is not kept
            update.processed_at = timezone.now()
            update.save(update_fields=["payload", "processed_at"])
        chat.save()
    send_replies(replies, client=client)
    return len(waiting)
