"""What a database can store: PostgreSQL refuses NUL characters and lone surrogates in text
and JSON, and JSON has no infinite numbers. Edges check request bodies with ``storable``
so that such input is a clear 4xx, not a server error."""

from __future__ import annotations

import math
from typing import Any


def storable(value: Any) -> bool:
    """True when ``value`` (a JSON value) can be stored as it is in any database qyzmet runs on."""
    if isinstance(value, str):
        return "\x00" not in value and value.encode("utf-8", "ignore").decode() == value
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(storable(k) and storable(v) for k, v in value.items())
    if isinstance(value, list):
        return all(storable(v) for v in value)
    return True
