"""Errors that domain functions raise for things a person can correct or must be told.

Each carries a message code (``core.messages``) so every channel renders it in the
requester's language, and a ``kind`` the channels map to their own status (HTTP 404, 403...).
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    kind = "invalid"

    def __init__(self, code: str, params: dict[str, Any] | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.params = params or {}


class Malformed(DomainError):
    """The request itself cannot be read (a malformed header): HTTP 400."""

    kind = "malformed"


class NotFound(DomainError):
    kind = "not_found"


class Forbidden(DomainError):
    kind = "forbidden"


class Conflict(DomainError):
    """The request contradicts the state (a decided case, a reused idempotency key)."""

    kind = "conflict"


class Unavailable(DomainError):
    """Not offered by this server now (e.g. no identity provider configured): HTTP 503."""

    kind = "unavailable"


class Invalid(DomainError):
    """What was entered is wrong; ``problems`` lists each field in error."""

    kind = "invalid"

    def __init__(self, code: str, problems: list[Any] | None = None) -> None:
        super().__init__(code)
        self.problems = problems or []
