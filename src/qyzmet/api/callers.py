"""What the API needs to know about the caller: the citizen or officer acting, through which
channel, with which scopes (partners only have the scopes they were given)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from qyzmet.core.errors import Forbidden
from qyzmet.partners.scopes import ensure_scope

CHANNEL = "api"


def partner_of(request: HttpRequest) -> Any | None:
    return getattr(request, "partner", None)


def channel_of(request: HttpRequest) -> str:
    partner = partner_of(request)
    return partner.channel if partner is not None else CHANNEL


def require(request: HttpRequest, scope: str) -> None:
    """Refuse a partner's request unless its token carries ``scope``."""
    ensure_scope(getattr(request, "scopes", None), scope)


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
