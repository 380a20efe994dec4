"""Notification channels: the contract, a registry, and the built-in ones: ``inbox`` (the
portal), ``console`` (development), ``sms`` and ``email`` (outside qyzmet, at the address the
person gave).

A channel delivers a notification that is already written and rendered; it returns the status
the notification reached (``sent`` when a gateway accepted it, ``delivered`` when it is there)
and raises when it could not deliver. The messenger app registers ``messenger`` beside these.

News of a citizen's applications goes through every channel that ``reaches`` them
(``services.citizen_channels``): the inbox always, an external channel (SMS, e-mail) when
the citizen chose it and gave its address, the messenger while a chat is linked. A message
that fails for good falls back to another external channel with an address
(``preferences.fallback_for``).
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import Any

from django.core.mail import send_mail

from qyzmet.core.pseudonyms import masked
from qyzmet.notifications.models import Notification, NotificationStatus
from qyzmet.notifications.sms import MessageRefused, without_codes
from qyzmet.notifications.sms_delivery import send_sms

logger = logging.getLogger("qyzmet.notifications.console")


class Undeliverable(Exception):
    """The channel will never deliver this notification (a gateway refused it for good): it
    fails now, without being tried again."""


class NotificationChannel(ABC):
    """Base class of a channel; subclasses set ``name`` and implement ``deliver``, and
    ``address_of`` when they need an address (a phone number, an e-mail address)."""

    name: str = ""
    external = False  # reaches the person outside qyzmet; the person chooses these
    # the row is the message: written delivered, with no job to deliver it (the inbox)
    delivered_when_written = False

    def address_of(self, recipient: Any) -> str:
        """Where this channel reaches ``recipient``; ``""`` when it cannot."""
        return "" if self.external else "qyzmet"

    @abstractmethod
    def deliver(self, notification: Notification) -> NotificationStatus:
        """Deliver the notification; the status it reached, or raise when it could not."""

    def reaches(self, recipient: Any) -> bool:
        """Whether news of ``recipient``'s applications goes through this channel: for an
        external channel, when the recipient chose it and gave its address."""
        chosen = getattr(recipient, "notification_channels", None) or []
        return self.external and self.name in chosen and bool(self.address_of(recipient))


class InboxChannel(NotificationChannel):
    """The citizen's inbox on the portal: the notification row is the message, so it is
    delivered as soon as it is committed: written so, with no job to deliver it (``deliver``
    still answers for a row queued before that was so)."""

    name = "inbox"
    delivered_when_written = True

    def reaches(self, recipient: Any) -> bool:
        return recipient is not None

    def deliver(self, notification: Notification) -> NotificationStatus:
        return NotificationStatus.DELIVERED


class ConsoleChannel(NotificationChannel):
    """For development and the demo: writes the message to the log (the server's console),
    with its codes masked: a one-time code in a log is a key in a place many people read. The
    demo outbox page shows the codes from the stored notifications."""

    name = "console"

    def deliver(self, notification: Notification) -> NotificationStatus:
        logger.info(  # never the address in clear: logs keep no personal data
            "Notification %s to %s: %s — %s",
            notification.pk,
            f"user {notification.recipient_id}"
            if notification.recipient_id
            else masked(notification.address),
            notification.subject,
            without_codes(notification.body),
        )
        return NotificationStatus.DELIVERED


class SmsChannel(NotificationChannel):
    """Text messages through the configured gateway (``QYZMET_SMS_BACKEND``): ``sent`` when
    it took the message; its delivery report makes the notification delivered or failed
    (``sms_delivery``)."""

    name = "sms"
    external = True

    def address_of(self, recipient: Any) -> str:
        return str(getattr(recipient, "phone", "") or "")

    def deliver(self, notification: Notification) -> NotificationStatus:
        try:
            message = send_sms(notification=notification)
        except MessageRefused as refused:
            raise Undeliverable(str(refused)) from refused
        if message.status == "failed":  # a delivery report came before the answer
            raise Undeliverable(f"delivery report: {message.reason or 'failed'}")
        delivered = message.status == "delivered"
        return NotificationStatus.DELIVERED if delivered else NotificationStatus.SENT


class EmailChannel(NotificationChannel):
    """E-mail through Django's mail backend (SMTP in production; ``QYZMET_EMAIL_BACKEND``)."""

    name = "email"
    external = True

    def address_of(self, recipient: Any) -> str:
        return str(getattr(recipient, "email", "") or "")

    def deliver(self, notification: Notification) -> NotificationStatus:
        send_mail(
            subject=notification.subject,
            message=notification.body,
            from_email=None,  # DEFAULT_FROM_EMAIL
            recipient_list=[notification.address],
        )
        return NotificationStatus.SENT


class ChannelRegistry:
    def __init__(self) -> None:
        self._channels: dict[str, NotificationChannel] = {}

    def register(self, channel: NotificationChannel) -> NotificationChannel:
        if not channel.name or channel.name in self._channels:
            raise ValueError(f"channel name missing or taken: {channel.name!r}")
        self._channels[channel.name] = channel
        return channel

    def __getitem__(self, name: str) -> NotificationChannel:
        return self._channels[name]

    def __contains__(self, name: object) -> bool:
        return name in self._channels

    def __iter__(self) -> Iterator[str]:
        return iter(self._channels)

    def reaching(self, recipient: Any) -> list[str]:
        """The names of the channels that reach ``recipient``, in the order registered."""
        return [name for name, channel in self._channels.items() if channel.reaches(recipient)]


def default_channels() -> ChannelRegistry:
    registry = ChannelRegistry()
    registry.register(InboxChannel())
    registry.register(ConsoleChannel())
    registry.register(SmsChannel())
    registry.register(EmailChannel())
    return registry


channels = default_channels()
