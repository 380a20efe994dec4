"""Checks of the SMS gateway (``qyzmet check``; the deployment ones with ``--deploy``, outside
a demo only):

- ``qyzmet.E064`` (every process): ``QYZMET_SMS_BACKEND`` names no registered gateway.
- ``qyzmet.E060``: the ``sms`` identity provider is on but text messages go to the log or a
  file (``console``, ``file``): nobody would ever get a code.
- ``qyzmet.E061``: the ``http`` gateway without its address or its token.
- ``qyzmet.E062``: the ``http`` gateway without the secret its delivery reports are signed
  with: every report is refused, no message is ever known delivered or failed.
- ``qyzmet.E063``: the ``http`` gateway over plain HTTP: the token and the codes in clear.
- ``qyzmet.W060``: a report secret shorter than 32 characters (guessable).
- ``qyzmet.W061``: delivery reports posted to a plain-HTTP address (signed, but readable).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from qyzmet.notifications.sms import gateways

WEAK_SECRET = 32


@register(Tags.security)
def sms_gateway_known(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.SMS_BACKEND in gateways:
        return []
    return [Error(
        f"QYZMET_SMS_BACKEND is `{settings.SMS_BACKEND}`, which is no SMS gateway: choose one "
        f"of {', '.join(f'`{name}`' for name in gateways)}.",
        id="qyzmet.E064",
    )]  # fmt: skip


@register(Tags.security, deploy=True)
def sms_gateway_deployment(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEMO:
        return []
    found: list[CheckMessage] = []
    backend = settings.SMS_BACKEND
    if "sms" in settings.IDENTITY_PROVIDERS and backend != "http":
        found.append(Error(
            f"QYZMET_IDENTITY_PROVIDERS has `sms` but QYZMET_SMS_BACKEND is `{backend}`: codes "
            "would stay on this server and nobody could sign in by SMS. Set it to `http`.",
            id="qyzmet.E060",
        ))  # fmt: skip
    if backend != "http":
        return found
    needed = (("QYZMET_SMS_URL", settings.SMS_URL), ("QYZMET_SMS_TOKEN", settings.SMS_TOKEN))
    missing = [name for name, value in needed if not value]
    if missing:
        found.append(Error(
            f"{' and '.join(missing)} not set: the `http` SMS gateway cannot be reached.",
            id="qyzmet.E061",
        ))  # fmt: skip
    secret = settings.SMS_REPORT_SECRET
    if not secret:
        found.append(Error(
            "QYZMET_SMS_REPORT_SECRET is not set: every delivery report of the SMS gateway "
            "would be refused, so no text message is ever known delivered or failed.",
            id="qyzmet.E062",
        ))  # fmt: skip
    elif len(secret) < WEAK_SECRET:
        found.append(Warning(
            f"QYZMET_SMS_REPORT_SECRET is shorter than {WEAK_SECRET} characters: use a long "
            "random secret, shared with the SMS gateway alone.",
            id="qyzmet.W060",
        ))  # fmt: skip
    if settings.SMS_URL and not settings.SMS_URL.lower().startswith("https://"):
        found.append(Error(
            "QYZMET_SMS_URL is plain HTTP: the gateway's token and every one-time code would "
            "cross the network in clear. Give its https:// address.",
            id="qyzmet.E063",
        ))  # fmt: skip
    callback = settings.SMS_CALLBACK_BASE_URL or settings.PUBLIC_URL
    if not callback.lower().startswith("https://"):
        found.append(Warning(
            f"Delivery reports are posted to {callback} (QYZMET_SMS_CALLBACK_BASE_URL, else "
            "QYZMET_PUBLIC_URL) over plain HTTP: signed, but readable on the way.",
            id="qyzmet.W061",
        ))  # fmt: skip
    return found
