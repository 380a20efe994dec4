"""The ``messenger`` notification channel: news of a citizen's applications (submitted,
decided, overdue) and offers (with Accept and Decline buttons; news of a case with the buttons
of what can be done about it here: appeal it, book its visit) written to the chat linked to
them, through the bot client. It reaches a citizen while a chat is linked to them, so
``notifications.services.citizen_channels`` chooses it then, beside the inbox."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection
from django.urls import reverse

from qyzmet.messenger.cases import news_buttons
from qyzmet.messenger.clients import bot_client
from qyzmet.messenger.models import ChatLink
from qyzmet.messenger.offers import offer_buttons
from qyzmet.messenger.replies import Reply
from qyzmet.notifications.channels import NotificationChannel, channels
from qyzmet.notifications.models import Notification, NotificationStatus


class MessengerChannel(NotificationChannel):
    name = "messenger"
    external = True

    def address_of(self, recipient: Any) -> str:
        """The linked chat (also where a message that failed on SMS or e-mail may go)."""
        link = ChatLink.objects.filter(citizen=recipient, unlinked_at__isnull=True).first()
        return str(link.chat_id) if link is not None else ""

    def reaches(self, recipient: Any) -> bool:
        return recipient is not None and has_linked_chat(recipient.pk)

    def deliver(self, notification: Notification) -> NotificationStatus:
        link = ChatLink.objects.filter(
            citizen_id=notification.recipient_id, unlinked_at__isnull=True
        ).first()
        if link is None:  # unlinked since: nobody to tell there, and trying again will not help
            return NotificationStatus.FAILED
        text = f"{notification.subject}\n\n{notification.body}"
        if notification.application_id:
            path = reverse("portal:application", args=[notification.application_id])
            text += f"\n{settings.PUBLIC_URL}{path}"
        if notification.offer_id:  # answered right here, with its buttons
            buttons = offer_buttons(notification.offer_id, notification.language)
        else:  # what can be done here about its case: appeal, book a visit
            buttons = news_buttons(
                recipient_id=notification.recipient_id,
                application_id=notification.application_id,
                case_id=notification.case_id,
                language=notification.language,
            )
        markup = Reply(chat_id=link.chat_id, rows=buttons).reply_markup()
        bot_client().send_message(chat_id=link.chat_id, text=text, reply_markup=markup)
        return NotificationStatus.SENT


def register_channel() -> None:
    """Register the channel in the notifications' registry (once; the app's ``ready``)."""
    if MessengerChannel.name not in channels:
        channels.register(MessengerChannel())


def has_linked_chat(citizen_id: Any) -> bool:
    """Whether a chat is linked to the citizen now. Asked for every notification to a citizen
    (every submission's), so written by hand: the ORM's ``exists()`` built this one statement
    in ten times the time the database took to answer it (decision 77)."""
    quote = connection.ops.quote_name
    table = quote(ChatLink._meta.db_table)
    citizen = quote(str(ChatLink.citizen.field.column))
    unlinked = quote(str(ChatLink.unlinked_at.field.column))
    with connection.cursor() as cursor:  # the names are the model's, never the caller's
        cursor.execute(
            f"SELECT 1 FROM {table} WHERE {citizen} = %s AND {unlinked} IS NULL LIMIT 1",
            [citizen_id],
        )
        return cursor.fetchone() is not None
