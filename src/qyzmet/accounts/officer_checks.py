"""Checks of how officers and operators sign in (``QYZMET_OFFICER_IDENTITY_PROVIDERS``), ids
E090-E094 and W090-W094. A wrong provider name would lock every officer out of the back
office (the password is switched off once the setting names anything), so those stop every
process; officers left on a password where a stronger way is on is a deployment warning."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from qyzmet.accounts.identity import providers

SETTING = "QYZMET_OFFICER_IDENTITY_PROVIDERS"
STRONG = ("eds", "oidc")  # the providers an officer could use instead of a password


def _able() -> list[str]:
    return [name for name in providers if providers[name].proves_identity]


@register(Tags.security)
def officer_providers_usable(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``qyzmet.E090``: a name no provider has; ``E091``: a provider that is not on
    (``QYZMET_IDENTITY_PROVIDERS``); ``E092``: a provider that cannot sign officers in (a code
    provider such as ``demo`` or ``sms``: it proves no one without a citizen's account)."""
    found: list[CheckMessage] = []
    able = ", ".join(_able())
    for name in settings.OFFICER_IDENTITY_PROVIDERS:
        if name not in providers:
            found.append(Error(
                f"{SETTING} names {name}, which no identity provider is called: officers "
                "could not sign in to the back office.",
                hint=f"Providers that can sign officers in: {able}.", id="qyzmet.E090",
            ))  # fmt: skip
        elif name not in settings.IDENTITY_PROVIDERS:
            found.append(Error(
                f"{SETTING} names {name}, which is not on: officers could not sign in with it.",
                hint=f"Add {name} to QYZMET_IDENTITY_PROVIDERS (and configure it), or take it "
                f"out of {SETTING}.",
                id="qyzmet.E091",
            ))  # fmt: skip
        elif not providers[name].proves_identity:
            found.append(Error(
                f"{SETTING} names {name}, which cannot sign officers in: it proves nobody "
                "without making a citizen's account (a code sent to a citizen).",
                hint=f"Providers that can sign officers in: {able}.", id="qyzmet.E092",
            ))  # fmt: skip
    return found


@register(Tags.security, deploy=True)
def officers_on_passwords(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``qyzmet.W090``: outside a demo, officers and operators still sign in with a password
    and a TOTP code (both can be phished) though an EDS or an OpenID provider is on for
    citizens and could sign them in instead."""
    if settings.DEMO or settings.OFFICER_IDENTITY_PROVIDERS:
        return []
    stronger = [name for name in STRONG if name in settings.IDENTITY_PROVIDERS]
    if not stronger:
        return []
    return [Warning(
        f"{SETTING} is empty: officers and operators sign in with a password and a TOTP code, "
        f"which can be phished, though {' and '.join(stronger)} is on and could sign them in.",
        hint=f"Tie each officer's account to their IIN (`qyzmet officers link`), then set "
        f"{SETTING}={','.join(stronger)} (docs/identity.md, Officers).",
        id="qyzmet.W090",
    )]  # fmt: skip
