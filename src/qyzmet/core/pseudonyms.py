"""Keyed hashes of personal identifiers (IIN/BIN): a stable value to find or count records by
a person without storing who they are. Without the key a guess cannot be checked."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def _key() -> bytes:
    return hashlib.sha256(f"qyzmet.pseudonyms:{settings.SECRET_KEY}".encode()).digest()


def subject_digest(identifier: str) -> str:
    """HMAC-SHA256 (hex) of an IIN or BIN."""
    return hmac.new(_key(), identifier.strip().encode(), hashlib.sha256).hexdigest()
