"""Signing a user in to the JSON APIs in tests: a citizen with a development token, an officer
(whose development tokens are refused) with a browser session verified by their second factor,
as the back office's sign-in leaves it."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.middleware.csrf import CSRF_SECRET_LENGTH
from django.utils.crypto import get_random_string
from django_otp import DEVICE_ID_SESSION_KEY

from qyzmet.accounts.officers import enroll_totp
from qyzmet.accounts.services import create_api_token


def officer_session(officer: Any, *, verified: bool = True) -> str:
    """The key of a session in which ``officer`` signed in (with the second factor, unless
    ``verified`` is false: the password alone)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(officer.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = officer.get_session_auth_hash()
    if verified:
        store[DEVICE_ID_SESSION_KEY] = enroll_totp(
            officer=officer, channel="test", keep_existing=True
        ).persistent_id
    store.create()
    return str(store.session_key)


def signed_in_headers(user: Any) -> dict[str, str]:
    """The HTTP headers that sign ``user`` in: ``Authorization`` for a citizen; for an officer
    the cookies of a verified session, with the CSRF token that changes need."""
    if getattr(user, "agency_id", None) is None:
        return {"Authorization": f"Bearer {create_api_token(user=user)}"}
    csrf = get_random_string(CSRF_SECRET_LENGTH)
    cookies = f"{settings.SESSION_COOKIE_NAME}={officer_session(user)}; "
    return {"Cookie": cookies + f"{settings.CSRF_COOKIE_NAME}={csrf}", "X-CSRFToken": csrf}


def bearer(user: Any) -> dict[str, str]:
    """``signed_in_headers`` for Django's test client (they replace its cookies)."""
    return {
        "HTTP_" + name.upper().replace("-", "_"): value
        for name, value in signed_in_headers(user).items()
    }
