"""What the API needs to know about the caller: the citizen or officer acting, through which
channel, with which scopes (partners only have the scopes they were given)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from qyzmet.callers.schemes import (
    made_through_caller,
    only_made_through_caller,
    partner_of,
    require,
)
from qyzmet.core.errors import Forbidden

CHANNEL = "api"
__all__ = [
    "channel_of",
    "citizen_of",
    "made_through_caller",
    "officer_of",
    "only_made_through_caller",
    "partner_of",
    "require",
]


def channel_of(request: HttpRequest) -> str:
    partner = partner_of(request)
    return partner.channel if partner is not None else CHANNEL


def citizen_of(request: HttpRequest, scope: str | None = None) -> Any:
    """The citizen acting: signed in, or a partner's grant from a consenting citizen."""
    if scope:
        require(request, scope)
    user = request.auth  # type: ignore[attr-defined]
    if not getattr(user, "iin", None):
        if partner_of(request) is not None:
            raise Forbidden("auth.partner_needs_consent")
        raise Forbidden("auth.citizen_only")
    return user


def officer_of(request: HttpRequest) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    if partner_of(request) is not None or getattr(user, "agency_id", None) is None:
        raise Forbidden("auth.officer_only")
    return user
