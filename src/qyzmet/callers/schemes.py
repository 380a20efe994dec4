"""The authentication schemes of qyzmet's JSON APIs, first match wins: a partner's OAuth2
token, a development token, the browser session. Each answers with the caller: a user (a
citizen with an ``iin`` or an officer with an ``agency``) or, for a partner's own token, the
partner. A partner's request also carries the partner and its scopes (``partner_of``,
``require``) and counts against its rate limit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from qyzmet.accounts.officers import needs_second_factor, second_factor_verified
from qyzmet.accounts.services import is_api_token, user_for_token
from qyzmet.core.errors import Forbidden, NotFound
from qyzmet.partners.access import access_for_token
from qyzmet.partners.limits import count_request
from qyzmet.partners.scopes import ensure_scope


class SessionAuth(APIKeyCookie):
    """The browser session, with CSRF protection on changes. A request without the session
    cookie is not checked for CSRF, so token callers are left to the token scheme. An officer
    or operator counts only once their second factor is verified in the session (their TOTP
    code, or the identity provider ``QYZMET_OFFICER_IDENTITY_PROVIDERS`` requires): a password
    alone signs nobody in here."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None
        if needs_second_factor(user) and not second_factor_verified(user):
            return None  # a password alone, or a TOTP code where a provider is required
        return user


class DevelopmentTokenAuth(HttpBearer):
    """``Authorization: Bearer qz_...``, when ``QYZMET_DEVELOPMENT_TOKENS`` is on, for citizens
    only: an officer's or operator's token would skip their second factor (403)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not settings.DEVELOPMENT_TOKENS or not is_api_token(token):
            return None
        user = user_for_token(token)
        if user is not None and needs_second_factor(user):
            raise Forbidden("auth.development_token_refused")
        if user is not None:
            request.user = user
        return user


class PartnerTokenAuth(HttpBearer):
    """``Authorization: Bearer`` with an OAuth2 access token from ``/oauth/token/``; the
    caller is the consenting citizen (a grant) or the partner itself. A token shaped as a
    development token (``qz_...``) is left to that scheme without a query: an OAuth2 token is
    letters and digits only."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if is_api_token(token):
            return None
        access = access_for_token(token)
        if access is None:
            return None
        count_request(partner=access.partner)
        request.partner = access.partner  # type: ignore[attr-defined]
        request.scopes = access.scopes  # type: ignore[attr-defined]
        if access.citizen is not None:
            request.user = access.citizen
            return access.citizen
        return access.partner


class Anyone:
    """Last in the list of an operation open to everybody: lets an anonymous caller in."""

    ANONYMOUS = object()

    def __call__(self, request: HttpRequest) -> Any:
        return self.ANONYMOUS


def schemes() -> list[Any]:
    """The schemes of an API, in the order they are tried."""
    return [PartnerTokenAuth(), DevelopmentTokenAuth(), SessionAuth()]


def partner_of(request: HttpRequest) -> Any | None:
    """The partner whose token signed the request in, or ``None``."""
    return getattr(request, "partner", None)


def require(request: HttpRequest, scope: str) -> None:
    """Refuse a partner's request unless its token carries ``scope``; citizens and officers
    acting themselves may do whatever their role allows."""
    ensure_scope(getattr(request, "scopes", None), scope)


def made_through_caller(request: HttpRequest, application: Any) -> Any:
    """``application`` unless a partner asks about one not made through it (not found)."""
    partner = partner_of(request)
    if partner is not None and application.channel != partner.channel:
        raise NotFound("not_found.application")
    return application


def only_made_through_caller(request: HttpRequest, rows: QuerySet[Any]) -> QuerySet[Any]:
    """``rows`` (applications), or for a partner those made through it."""
    partner = partner_of(request)
    return rows.filter(channel=partner.channel) if partner is not None else rows
