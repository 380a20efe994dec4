"""How many refused signatures a sender may cause before the registry server stops listening to
it for a while. Every request the provider can read is recorded (a ``DataAccess`` row, or a
``SecurityEvent`` when its signature is refused, each with an audit record), so a sender flooding
forged requests would fill the logs; after ``settings.EXCHANGE_FORGERIES_PER_MINUTE`` refused
signatures in a minute, the server answers that sender 429 without reading its requests until
the minute is over.

Counted per sender address in Django's cache: with a shared one (``QYZMET_CACHE_URL``, Redis)
across every process and server; with the local-memory default, per process (each gunicorn
worker allows the limit alone; the deploy check ``qyzmet.W009`` says so). A shared cache that
cannot be reached does not stop the registry: the request is answered uncounted, and the error
logged. A client whose requests are signed as they should be never meets the limit."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger("qyzmet.exchange")
WINDOW_SECONDS = 60


def _key(sender: str) -> str:
    return f"exchange:forgeries:{sender}:{int(time.time() // WINDOW_SECONDS)}"


def silenced(sender: str) -> bool:
    """Whether ``sender`` caused too many refused signatures this minute."""
    limit = settings.EXCHANGE_FORGERIES_PER_MINUTE
    if limit <= 0:
        return False
    try:
        return int(cache.get(_key(sender), 0)) >= limit
    except Exception as error:  # the shared cache's client errors: the registry still answers
        logger.error("the forgery throttle cannot read its cache: %s", error)
        return False


def count_forgery(sender: str) -> None:
    """One more refused signature from ``sender`` this minute."""
    key = _key(sender)
    try:
        if not cache.add(key, 1, timeout=WINDOW_SECONDS * 2):
            try:
                cache.incr(key)
            except ValueError:  # expired in between
                cache.add(key, 1, timeout=WINDOW_SECONDS * 2)
    except Exception as error:
        logger.error("the forgery throttle cannot count in its cache: %s", error)
