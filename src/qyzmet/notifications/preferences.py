"""Where a message that failed for good on one external channel goes next: the next channel
the citizen can be reached on (their chosen ones first, then SMS → e-mail → messenger).
Which channels a message goes through at first is ``services.citizen_channels``."""

from __future__ import annotations

from typing import Any

from qyzmet.notifications.channels import ChannelRegistry
from qyzmet.notifications.channels import channels as default_channels

FALLBACK_ORDER = ("sms", "email", "messenger")


def reachable(recipient: Any, name: str, registry: ChannelRegistry | None = None) -> str:
    """The address of ``recipient`` on channel ``name``; ``""`` when it cannot reach them."""
    registry = registry or default_channels
    return registry[name].address_of(recipient) if name in registry else ""


def fallback_for(
    recipient: Any, *, failed: str, tried: set[str], registry: ChannelRegistry | None = None
) -> str | None:
    """The next external channel after ``failed`` that reaches the recipient and was not
    tried for this message; ``None`` when there is none."""
    if recipient is None or failed not in FALLBACK_ORDER:
        return None
    chosen = list(getattr(recipient, "notification_channels", None) or [])
    order = [*chosen, *FALLBACK_ORDER]
    for name in order:
        if name in FALLBACK_ORDER and name not in tried and reachable(recipient, name, registry):
            return name
    return None
