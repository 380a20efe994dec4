"""Checks that keep a deployment safe: demo conveniences only in a demo, and the deployment
check (``qyzmet check --deploy``, run by ``qyzmet serve`` outside a demo).

Each finding is one line naming the variable to change (a ``QYZMET_`` one, or
``DATABASE_URL``). Errors stop a server from starting; warnings are printed when it starts.
Django's own deployment checks that these replace are silenced in ``settings.py``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

# Each demo-only feature: the variable that turns it on, and whether it is on.
DEMO_ONLY: tuple[tuple[str, str, Callable[[Any], bool]], ...] = (
    ("QYZMET_DEMO_PAGES", "demo pages show sign-in codes", lambda s: bool(s.DEMO_PAGES)),
    (
        "QYZMET_DEVELOPMENT_TOKENS",
        "development API tokens skip signing in",
        lambda s: bool(s.DEVELOPMENT_TOKENS),
    ),
    (
        "QYZMET_IDENTITY_PROVIDERS",
        "the `demo` identity provider signs in anyone who reads the outbox",
        lambda s: "demo" in s.IDENTITY_PROVIDERS,
    ),
    (
        "QYZMET_PAYMENT_PROVIDER",
        "the `sandbox` payment provider marks fees paid without money",
        lambda s: s.PAYMENT_PROVIDER == "sandbox",
    ),
    (
        "QYZMET_ATTACHMENT_SCANNER",
        "the `unscanned` scanner keeps attachments without looking for malware",
        lambda s: s.ATTACHMENT_SCANNER == "unscanned",
    ),
)

# SQLite before 3.51.3 can, rarely, corrupt a database in WAL mode when one connection
# checkpoints the log while another writes ("the WAL-reset bug", sqlite.org/wal.html).
SQLITE_WAL_RESET_FIXED = (3, 51, 3)

WEAK_KEY_LENGTH = 50
WEAK_KEY_UNIQUE_CHARACTERS = 5


@register(Tags.security)
def demo_features_only_in_a_demo(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Outside a demo, a setting that turns on a demo-only feature stops every process."""
    if settings.DEMO:
        return []
    return [
        Error(
            f"{name} turns on a demo-only feature ({what}) but QYZMET_DEMO is off: "
            f"unset {name}, or set QYZMET_DEMO=true if this is a demo.",
            id="qyzmet.E001",
        )
        for name, what, is_on in DEMO_ONLY
        if is_on(settings)
    ]


def _weak(key: str) -> bool:
    return (
        len(key) < WEAK_KEY_LENGTH
        or len(set(key)) < WEAK_KEY_UNIQUE_CHARACTERS
        or key.startswith("django-insecure-")
    )


@register(Tags.security, deploy=True)
def deployment(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """What a server for real people must not run with (errors) or should not (warnings)."""
    found: list[CheckMessage] = []

    def error(id_: int, text: str) -> None:
        found.append(Error(text, id=f"qyzmet.E{id_:03d}"))

    def warn(id_: int, text: str) -> None:
        found.append(Warning(text, id=f"qyzmet.W{id_:03d}"))

    if settings.DEMO:
        error(2, "QYZMET_DEMO is on: this is a demo, never serve it to real people.")
    if settings.DEBUG:
        error(3, "QYZMET_DEBUG is on: error pages would show settings and personal data.")
    if not [host for host in settings.ALLOWED_HOSTS if host not in settings.DEMO_HOSTS]:
        error(4, "QYZMET_ALLOWED_HOSTS names no public host: set the portal's host name(s).")
    if settings.SECRET_KEY_GENERATED:
        warn(1, "QYZMET_SECRET_KEY is not set: a key generated into var/ differs per server.")
    elif _weak(settings.SECRET_KEY):
        error(5, "QYZMET_SECRET_KEY is weak: use 50 or more random characters.")
    if not settings.SESSION_COOKIE_SECURE:
        warn(2, "QYZMET_SECURE_COOKIES is off: session cookies would travel over plain HTTP.")
    if not settings.SECURE_HSTS_SECONDS:
        warn(3, "QYZMET_HSTS_SECONDS is 0: browsers are not told to use HTTPS only.")
    if not settings.SECURE_PROXY_SSL_HEADER:
        warn(4, "QYZMET_PROXY_SSL_HEADER is not set: behind a TLS proxy, HTTPS is not seen.")
    elif not settings.TRUSTED_PROXIES:
        warn(
            12,
            "QYZMET_TRUSTED_PROXIES is not set though a proxy is (QYZMET_PROXY_SSL_HEADER): "
            "every client is counted, and locked out, under the proxy's address.",
        )
    # The console channels are the demo's (the default): a server for real people refuses them.
    if settings.SMS_BACKEND == "console":
        error(115, "QYZMET_SMS_BACKEND is `console` (the demo's): notifications and codes by "
              "SMS would only be logged, never sent. Set it to `http` and its gateway's "
              "QYZMET_SMS_URL and QYZMET_SMS_TOKEN.")  # fmt: skip
    elif settings.SMS_BACKEND != "http":
        warn(5, f"QYZMET_SMS_BACKEND is `{settings.SMS_BACKEND}`: text messages are kept here, "
             "not sent to people.")  # fmt: skip
    if settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
        error(116, "QYZMET_EMAIL_BACKEND is `console` (the demo's): notifications by e-mail "
              "would only be logged, never sent: set it to `smtp`.")  # fmt: skip
    elif settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
        warn(6, "QYZMET_EMAIL_BACKEND is not `smtp`: e-mails are kept here, not sent.")
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        warn(9, "QYZMET_CACHE_URL is not set: each server process counts wrong sign-in codes "
             "and forged exchange requests alone, so each allows the whole limit.")  # fmt: skip
    if _on_sqlite_with_wal_reset_bug():
        warn(13, f"DATABASE_URL is SQLite, whose library here ({sqlite3.sqlite_version}) is "
             "older than 3.51.3: its WAL-reset bug can, rarely, corrupt a database when one "
             "connection checkpoints the log while another writes (a backup tool or the sqlite3 "
             "shell beside the server). Serve real people on PostgreSQL.")  # fmt: skip
    if not settings.IDENTITY_PROVIDERS:
        warn(7, "QYZMET_IDENTITY_PROVIDERS is not set: citizens cannot sign in.")
    if not settings.PAYMENT_PROVIDER:
        warn(8, "QYZMET_PAYMENT_PROVIDER is not set: fees cannot be paid online.")
    if not settings.OPERATOR_NAME:
        warn(120, "QYZMET_OPERATOR_NAME is not set: the privacy and contacts pages cannot name "
             "who runs the portal and answers for the personal data it keeps.")  # fmt: skip
    if not (settings.CONTACT_EMAIL or settings.CONTACT_PHONE):
        warn(121, "QYZMET_CONTACT_EMAIL and QYZMET_CONTACT_PHONE are not set: the footer's "
             "help and contacts pages give people no way to reach the operator.")  # fmt: skip
    return found


def _on_sqlite_with_wal_reset_bug() -> bool:
    engine = settings.DATABASES["default"]["ENGINE"]
    return "sqlite" in engine and sqlite3.sqlite_version_info < SQLITE_WAL_RESET_FIXED
