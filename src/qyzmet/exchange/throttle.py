"""How many refused signatures a sender may cause before the registry server stops listening to
it for a while. Every request the provider can read, refused or granted, is recorded (a
``DataAccess`` row and an audit record), so a sender flooding forged requests would fill the
access log; after ``settings.EXCHANGE_FORGERIES_PER_MINUTE`` refused signatures in a minute, the
server answers that sender 429 without reading its requests until the minute is over.

Counted per sender address in Django's cache: per process with the default local-memory cache,
across servers with a shared one. A client whose requests are signed as they should be never
meets the limit."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60


def _key(sender: str) -> str:
    return f"exchange:forgeries:{sender}:{int(time.time() // WINDOW_SECONDS)}"


def silenced(sender: str) -> bool:
    """Whether ``sender`` caused too many refused signatures this minute."""
    limit = settings.EXCHANGE_FORGERIES_PER_MINUTE
    return limit > 0 and int(cache.get(_key(sender), 0)) >= limit


def count_forgery(sender: str) -> None:
    """One more refused signature from ``sender`` this minute."""
    key = _key(sender)
    if not cache.add(key, 1, timeout=WINDOW_SECONDS * 2):
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.add(key, 1, timeout=WINDOW_SECONDS * 2)
