"""Who is calling: the schemes this API accepts, and the citizen or officer acting.

The schemes are qyzmet's own, shared with ``/api/v1/`` (``qyzmet.callers.schemes``): a
partner's OAuth2 token, a development token, the browser session. Whatever scheme signs the
caller in answers with a citizen (``iin``), an officer of one agency (``agency``) or a
partner. A partner acting with a citizen's grant is that citizen here, within the scopes the
citizen consented to, and sees only the applications made through it; a partner's own token
(no citizen) is neither citizen nor officer."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from qyzmet.callers.schemes import (
    Anyone,
    made_through_caller,
    only_made_through_caller,
    partner_of,
    require,
    schemes,
)
from qyzmet.core.errors import Forbidden

AUTHENTICATION = schemes()
OPEN = [*AUTHENTICATION, Anyone()]
READ, WRITE = "applications:read", "applications:write"


def caller(request: HttpRequest) -> Any:
    return getattr(request, "auth", None)


def acting_citizen(request: HttpRequest, scope: str | None = None) -> Any | None:
    """The signed-in citizen, or ``None`` when the caller is not a citizen. A partner's grant
    must carry ``scope`` (403 otherwise)."""
    user = caller(request)
    if not getattr(user, "iin", None):
        return None
    if scope:
        require(request, scope)
    return user


def citizen_required(request: HttpRequest, scope: str) -> Any:
    """The acting citizen; a partner without a citizen's grant, or an officer, is refused."""
    citizen = acting_citizen(request, scope)
    if citizen is None:
        partner = partner_of(request) is not None
        raise Forbidden("auth.partner_needs_consent" if partner else "auth.citizen_only")
    return citizen


def acting_officer(request: HttpRequest) -> Any | None:
    """The signed-in officer of an agency, or ``None`` when the caller is not one (a partner
    never is)."""
    user = caller(request)
    if partner_of(request) is not None:
        return None
    return user if getattr(user, "agency_id", None) is not None else None


def channel_for(request: HttpRequest, channel: str) -> str:
    """The channel a change is recorded with: the partner's when a partner acts (so it sees
    and hears of it as of its own), else ``channel`` (``govstack:<client>``)."""
    partner = partner_of(request)
    return partner.channel if partner is not None else channel


__all__ = ["made_through_caller", "only_made_through_caller"]
