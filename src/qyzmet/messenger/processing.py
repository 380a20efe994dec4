"""Answering a chat's updates in a background job: holding the chat's lease, each update
waiting is answered in order (``conversation.converse``), the chat's new state and what the
citizen wrote (emptied) are committed, and its replies are sent before the next one.

A chat's updates are answered one at a time and in order whatever the number of workers: a job
takes the chat's lease in a short transaction, and a job that finds it taken leaves the updates
to the lease holder, which looks for new ones, under the chat's row lock, before it lets go.
No transaction is held while an update is answered: the registries answering its reads
(perhaps in another process, ``qyzmet registry serve``) write their access records meanwhile.
The lease ends by itself (``LEASE``) if its worker dies; the job that found it taken is run
again then (``Processed.again_at``).

An update whose answer fails is answered with an apology and marked processed, so one bad
update never blocks its chat; what the domain functions it called committed stays, as it does
when the domain refuses (``core.errors``)."""

from __future__ import annotations

import datetime
import logging
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from qyzmet.messenger.clients import BotClient
from qyzmet.messenger.conversation import converse
from qyzmet.messenger.models import Chat, Update
from qyzmet.messenger.replies import Reply, send_replies
from qyzmet.messenger.texts import say
from qyzmet.messenger.updates import parse_update

logger = logging.getLogger(__name__)

LEASE = datetime.timedelta(minutes=2)  # far longer than one answer, renewed after each
CONVERSATION = [
    "language",
    "step",
    "iin",
    "application",
    "field",
    "reasons",
    "code_requests",
    "updated_at",
]


@dataclass(frozen=True)
class Taken:
    """Another worker holds the chat's lease, until ``until``."""

    until: datetime.datetime


def _answer(chat: Chat, update: Update) -> list[Reply]:
    incoming = parse_update(update.payload)
    if incoming is None:
        return []
    try:
        return converse(chat, incoming)
    except Exception:
        logger.exception("Answering update %s of chat %s failed", update.update_id, chat.pk)
        chat.refresh_from_db(fields=CONVERSATION)  # the failed answer's changes are not kept
        apology = [Reply(chat_id=chat.pk, text=say("error", chat.language))]
        if incoming.callback_id:
            apology.append(Reply(chat_id=chat.pk, callback_id=incoming.callback_id))
        return apology


def _waiting(chat_id: int) -> Update | None:
    return (
        Update.objects.filter(chat_id=chat_id, processed_at__isnull=True)
        .order_by("update_id")
        .first()
    )


def take_lease(chat_id: int) -> Chat | Taken | None:
    """The chat, its lease taken for this worker; ``Taken`` when another worker holds it;
    ``None`` for a chat that does not exist."""
    with transaction.atomic():
        chat = Chat.objects.select_for_update().filter(pk=chat_id).first()
        if chat is None:
            return None
        now = timezone.now()
        if chat.lease and chat.leased_until is not None and chat.leased_until > now:
            return Taken(until=chat.leased_until)
        chat.lease, chat.leased_until = uuid.uuid4().hex, now + LEASE
        chat.save(update_fields=["lease", "leased_until"])
        return chat


def _next_or_release(chat: Chat) -> Update | None:
    """The next update waiting, the lease renewed; or none, and the lease given up. ``None``
    too when the lease was lost (it ended and another worker took it)."""
    with transaction.atomic():
        if not Chat.objects.select_for_update().filter(pk=chat.pk, lease=chat.lease).exists():
            logger.warning("Chat %s: the lease ended while its update was answered", chat.pk)
            return None
        update = _waiting(chat.pk)
        if update is None:
            Chat.objects.filter(pk=chat.pk).update(lease="", leased_until=None)
        else:
            chat.leased_until = timezone.now() + LEASE
            Chat.objects.filter(pk=chat.pk).update(leased_until=chat.leased_until)
        return update


def _keep(chat: Chat, update: Update) -> bool:
    """Commit the chat's new state and the update answered; ``False`` if the lease was lost
    meanwhile (the worker now holding it answers the update)."""
    with transaction.atomic():
        if not Chat.objects.select_for_update().filter(pk=chat.pk, lease=chat.lease).exists():
            logger.warning("Chat %s: the lease ended while its update was answered", chat.pk)
            return False
        chat.save(update_fields=CONVERSATION)
        update.payload = {}  # what the citizen typed (an IIN, a code) is not kept
        update.processed_at = timezone.now()
        update.save(update_fields=["payload", "processed_at"])
        return True


@dataclass(frozen=True)
class Processed:
    answered: int  # updates answered
    again_at: datetime.datetime | None = None  # another worker held the chat until then


def process_updates(*, chat_id: int, client: BotClient | None = None) -> Processed:
    """Answer every update of the chat not answered yet, in order. When another worker holds
    the chat, it answers them; ``again_at`` says when to look again, should that worker die."""
    chat = take_lease(chat_id)
    if isinstance(chat, Taken):
        return Processed(answered=0, again_at=chat.until)
    answered = 0
    update = _next_or_release(chat) if chat is not None else None
    while chat is not None and update is not None:
        replies = _answer(chat, update)
        if not _keep(chat, update):
            break
        answered += 1
        send_replies(replies, client=client)
        update = _next_or_release(chat)
    return Processed(answered=answered)
