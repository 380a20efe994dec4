"""Keyed hashes of personal identifiers (IIN/BIN) and other values: a stable value to find or
count records by without storing them. Without the key a guess cannot be checked.

The key is the key ring's index key (``core.keyring``), kept outside the database; each
*purpose* gets its own key derived from it, so equal values of different kinds never match.
``subject_digest`` is the one used for IINs and BINs everywhere: the exchange's access log,
the population registry's index, accounts, consents.
"""

from __future__ import annotations

import hashlib
import hmac

from qyzmet.core.keyring import key_ring

SUBJECT = "subject"

_started: dict[tuple[bytes, str], hmac.HMAC] = {}


def _hmac(purpose: str, index_key: bytes | None = None) -> hmac.HMAC:
    """An HMAC under the purpose's key, fed nothing yet (copied for each value)."""
    index_key = index_key or key_ring().index_key
    started = _started.get((index_key, purpose))
    if started is None:
        key = hmac.new(index_key, f"qyzmet.pseudonyms:{purpose}".encode(), hashlib.sha256).digest()
        started = _started[(index_key, purpose)] = hmac.new(key, digestmod=hashlib.sha256)
    return started


def keyed_digest(value: str, *, purpose: str, index_key: bytes | None = None) -> str:
    """HMAC-SHA256 (hex) of ``value`` under the index key of ``purpose`` (of the key ring in
    force, or of ``index_key``: another installation's, for tools and tests)."""
    mac = _hmac(purpose, index_key).copy()
    mac.update(value.encode())
    return mac.hexdigest()


def subject_digest(identifier: str) -> str:
    """HMAC-SHA256 (hex) of an IIN or BIN."""
    return keyed_digest(identifier.strip(), purpose=SUBJECT)


def masked(value: str, *, keep: int = 4) -> str:
    """An address or identifier as a log may show it: only its last ``keep`` characters."""
    value = value.strip()
    return "••••" + value[-keep:] if len(value) > 2 * keep else "••••"
