"""Linking a chat to a citizen, and unlinking it: the write paths of ``ChatLink``.

A chat proves whose it is as the portal's sign-in does, through the identity provider: the
chat gives an IIN, the provider sends a one-time code to that IIN's owner through qyzmet
(never to the chat, or anyone could link anyone's IIN), and the chat types the code. The
provider's limits and lockouts apply, with the chat as the requester, and a chat may ask for
``settings.MESSENGER_LINK_CODES_PER_CHAT`` codes an hour, whatever the IINs. Links and unlinks
are audited."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from qyzmet.accounts.identity import code_provider
from qyzmet.audit.services import record_audit
from qyzmet.core.errors import Forbidden
from qyzmet.messenger.models import Chat, ChatLink

CHANNEL = "messenger"
CODE_REQUEST_WINDOW = datetime.timedelta(hours=1)


def active_link(chat: Chat) -> ChatLink | None:
    return (
        ChatLink.objects.select_related("citizen")
        .filter(chat=chat, unlinked_at__isnull=True)
        .first()
    )


def linked_citizen(chat: Chat) -> Any | None:
    """The citizen the chat is linked to, if any (and if their account is active)."""
    link = active_link(chat)
    return link.citizen if link is not None and link.citizen.is_active else None


def _requester(chat: Chat) -> str:
    """The chat as the requester of its codes: they work only in it, and its wrong codes
    lock out only this chat (a messenger's updates carry no client address)."""
    return f"messenger-chat:{chat.pk}"


def _recent_requests(chat: Chat, now: datetime.datetime) -> list[str]:
    since = now - CODE_REQUEST_WINDOW
    return [at for at in chat.code_requests if datetime.datetime.fromisoformat(at) > since]


def request_link_code(*, chat: Chat, iin: str) -> str:
    """Have a one-time code sent to the owner of ``iin`` through qyzmet; the checked IIN,
    which the chat keeps until it types the code. The answer is the same whether the IIN is
    in the population registry or not. The caller saves the chat."""
    now = timezone.now()
    recent = _recent_requests(chat, now)
    if len(recent) >= settings.MESSENGER_LINK_CODES_PER_CHAT:
        raise Forbidden("messenger.too_many_codes")
    started = code_provider().start(
        identifier=iin, language=chat.language, channel=CHANNEL, requester=_requester(chat)
    )
    chat.code_requests = [*recent, now.isoformat()]
    chat.iin = started.identifier
    return started.identifier


@dataclass(frozen=True)
class Linked:
    link: ChatLink
    ended: list[ChatLink] = field(default_factory=list)  # links this one replaced


def _end(link: ChatLink, *, reason: str, now: datetime.datetime) -> ChatLink:
    link.unlinked_at = now
    link.save(update_fields=["unlinked_at"])
    record_audit(
        actor=link.citizen,
        action="messenger.chat_unlinked",
        obj=link,
        channel=CHANNEL,
        details={"chat": link.chat_id, "reason": reason},
    )
    return link


def link_chat(*, chat: Chat, code: str) -> Linked:
    """Link the chat to the citizen whose IIN it gave when ``code`` is the one-time code sent
    to them. A wrong code is counted against the chat and refused (``core.errors``). The link
    replaces the chat's earlier link and the citizen's link to another chat."""
    citizen = code_provider().verify(
        identifier=chat.iin, response=code, language=chat.language, channel=CHANNEL,
        requester=_requester(chat),
    )  # fmt: skip
    now = timezone.now()
    with transaction.atomic():
        current = ChatLink.objects.select_for_update().filter(unlinked_at__isnull=True)
        earlier = list(current.filter(chat=chat).exclude(citizen=citizen)) + list(
            current.filter(citizen=citizen).exclude(chat=chat)
        )
        ended = [_end(link, reason="replaced", now=now) for link in earlier]
        link = current.filter(chat=chat, citizen=citizen).first()
        if link is None:
            link = ChatLink.objects.create(chat=chat, citizen=citizen)
            record_audit(
                actor=citizen,
                action="messenger.chat_linked",
                obj=link,
                channel=CHANNEL,
                details={"chat": chat.pk},
            )
    chat.iin = ""
    return Linked(link=link, ended=ended)


def unlink_chat(*, chat: Chat, reason: str = "stop") -> ChatLink | None:
    """End the chat's link (``/stop``); nothing more is sent to it. The ended link, if any."""
    with transaction.atomic():
        link = (
            ChatLink.objects.select_for_update()
            .select_related("citizen")
            .filter(chat=chat, unlinked_at__isnull=True)
            .first()
        )
        return _end(link, reason=reason, now=timezone.now()) if link is not None else None
