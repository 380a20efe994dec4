"""Notification channels: the contract, a registry, and the built-in ``inbox`` and ``console``.

A channel delivers a notification that is already written and rendered; it returns the status
the notification reached (``sent`` when a gateway accepted it, ``delivered`` when it is there)
and raises when it could not deliver. SMS, e-mail and messenger channels register beside these
(the messenger app registers ``messenger`` when it is installed).

A channel that has its own way to a person (a linked messenger chat, later a verified phone)
says so in ``reaches``; news of a citizen's applications then goes there too, beside the inbox
(``services.citizen_channels``).
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import Any

from qyzmet.notifications.models import Notification, NotificationStatus

logger = logging.getLogger("qyzmet.notifications.console")


class NotificationChannel(ABC):
    """Base class of a channel; subclasses set ``name`` and implement ``deliver``."""

    name: str = ""

    @abstractmethod
    def deliver(self, notification: Notification) -> NotificationStatus:
        """Deliver the notification; the status it reached, or raise when it could not."""

    def reaches(self, recipient: Any) -> bool:
        """Whether news of ``recipient``'s applications goes through this channel."""
        return False


class InboxChannel(NotificationChannel):
    """The citizen's inbox on the portal: the notification row is the message, so it is
    delivered as soon as it is committed."""

    name = "inbox"

    def reaches(self, recipient: Any) -> bool:
        return recipient is not None

    def deliver(self, notification: Notification) -> NotificationStatus:
        return NotificationStatus.DELIVERED


class ConsoleChannel(NotificationChannel):
    """For development and the demo: writes the message to the log (the server's console)."""

    name = "console"

    def deliver(self, notification: Notification) -> NotificationStatus:
        logger.info(
            "Notification to %s: %s — %s",
            notification.address or notification.recipient_id,
            notification.subject,
            notification.body,
        )
        return NotificationStatus.DELIVERED


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
    return registry


channels = default_channels()
