"""Who is calling the JSON API: a signed-in session, or a development token."""

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
