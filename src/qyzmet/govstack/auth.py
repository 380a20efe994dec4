"""Who is calling: the schemes this API accepts, and the citizen or officer acting.

The schemes are the ones of ``/api/v1/`` (a development token, the browser session), kept in
``AUTHENTICATION`` so that partner OAuth2 can join or replace them in one place. Whatever
scheme signs the caller in must answer with a user: a citizen (``iin``) or an officer of
one agency (``agency``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from qyzmet.accounts.services import user_for_token


class SessionAuth(APIKeyCookie):
    """The browser session, with CSRF protection on changes. A request without the session
    cookie is not checked for CSRF, so token callers are left to the token scheme."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else None


class DevelopmentTokenAuth(HttpBearer):
    """``Authorization: Bearer qz_...``, when ``QYZMET_DEVELOPMENT_TOKENS`` is on."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not settings.DEVELOPMENT_TOKENS:
            return None
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class Anyone:
    """Last in the list of an operation open to everybody: lets an anonymous caller in."""

    ANONYMOUS = object()

    def __call__(self, request: HttpRequest) -> Any:
        return self.ANONYMOUS


AUTHENTICATION = [DevelopmentTokenAuth(), SessionAuth()]
OPEN = [*AUTHENTICATION, Anyone()]


def caller(request: HttpRequest) -> Any:
    return getattr(request, "auth", None)


def acting_citizen(request: HttpRequest) -> Any | None:
    """The signed-in citizen, or ``None`` when the caller is not a citizen."""
    user = caller(request)
    return user if getattr(user, "iin", None) else None


def acting_officer(request: HttpRequest) -> Any | None:
    """The signed-in officer of an agency, or ``None`` when the caller is not one."""
    user = caller(request)
    return user if getattr(user, "agency_id", None) is not None else None
