"""Signing in through an OpenID provider (the ``oidc`` identity provider): the state's identity
provider (eGov ID, TARA, Singpass...) proves who the person is, qyzmet is the relying party.

``begin`` sends the browser to the provider with a fresh ``state``, ``nonce`` and PKCE code
verifier, kept in the trip's ``state`` (the portal keeps it in the session and drops it at the
callback, whatever happens). ``prove`` checks the answer against them, exchanges the code,
validates the ID token (``identity.oidc``), spends its nonce for good (:func:`consume_nonce`)
and reads the IIN from the configured claim; ``complete`` then signs the person in from the
population registry (the back office signs officers in on ``prove`` alone).
A trip older than :data:`TRIP_LIFETIME` is refused.
"""

from __future__ import annotations

import datetime
import hashlib
import time
from collections.abc import Mapping, MutableMapping
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.db import IntegrityError, transaction
from django.utils import timezone

from qyzmet.accounts.identity import ProvenIdentity, RedirectProvider
from qyzmet.accounts.models import ConsumedNonce
from qyzmet.accounts.signin import checked_iin
from qyzmet.core.errors import Forbidden, Invalid, Unavailable
from qyzmet.core.texts import Text
from qyzmet.identity.oidc import (
    RelyingParty,
    authorization_code,
    authorization_request,
    exchange_code,
    validated_id_token,
)

TRIP_LIFETIME = datetime.timedelta(minutes=30)  # from leaving for the provider to coming back
NONCE_KEPT = 2 * TRIP_LIFETIME  # a spent nonce is remembered longer than any trip carrying it


def relying_party() -> RelyingParty:
    """This portal as the configured provider's client; ``Unavailable`` when not configured."""
    if not (settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID and settings.OIDC_CLIENT_SECRET):
        raise Unavailable("signin.unavailable")
    return RelyingParty(
        issuer=settings.OIDC_ISSUER,
        client_id=settings.OIDC_CLIENT_ID,
        client_secret=settings.OIDC_CLIENT_SECRET,
        client_auth=settings.OIDC_CLIENT_AUTH,
        scopes=tuple(settings.OIDC_SCOPES),
    )


def consume_nonce(
    *, issuer: str, nonce: str, provider: str, now: datetime.datetime | None = None
) -> None:
    """Spend ``nonce`` (of an ID token ``issuer`` signed): ``Forbidden`` if it was spent
    before, even by a request running at the same time (a unique row decides)."""
    digest = hashlib.sha256(f"{issuer}\n{nonce}".encode()).hexdigest()
    expires_at = (now or timezone.now()) + NONCE_KEPT
    try:
        with transaction.atomic():
            ConsumedNonce.objects.create(digest=digest, provider=provider, expires_at=expires_at)
    except IntegrityError:
        raise Forbidden("signin.oidc.nonce_replayed") from None


def iin_claim(claims: Mapping[str, Any], claim: str) -> str:
    """The IIN the ID token's ``claim`` carries; ``Forbidden`` when it carries none."""
    value = claims.get(claim)
    if not isinstance(value, str):
        raise Forbidden("signin.oidc.no_iin")
    try:
        return checked_iin(value)
    except Invalid:
        raise Forbidden("signin.oidc.no_iin") from None


class OidcProvider(RedirectProvider):
    """The person signs in at the configured OpenID provider (``QYZMET_OIDC_*``)."""

    name = "oidc"

    @property
    def title(self) -> Text:  # type: ignore[override]  # named by QYZMET_OIDC_TITLE
        title = settings.OIDC_TITLE or "OpenID Connect"
        return {"kk": title, "ru": title, "en": title}

    def begin(self, *, state: MutableMapping[str, Any], callback_url: str, language: str) -> str:
        request = authorization_request(
            relying_party(), redirect_uri=callback_url, language=language
        )
        state.update(
            state=request.state, nonce=request.nonce, code_verifier=request.code_verifier,
            started=int(time.time()),
        )  # fmt: skip
        return request.url

    def prove(
        self, *, state: Mapping[str, Any], query: Mapping[str, str], callback_url: str
    ) -> ProvenIdentity:
        party = relying_party()
        started, nonce = state.get("started"), state.get("nonce")
        age = time.time() - started if isinstance(started, int) else None
        if age is None or age > TRIP_LIFETIME.total_seconds() or not isinstance(nonce, str):
            raise Forbidden("signin.redirect_lost")
        code = authorization_code(party, query=query, state=str(state.get("state") or ""))
        tokens = exchange_code(
            party, code=code, code_verifier=str(state.get("code_verifier") or ""),
            redirect_uri=callback_url,
        )  # fmt: skip
        claims = validated_id_token(party, tokens=tokens, nonce=nonce)
        consume_nonce(issuer=party.issuer, nonce=nonce, provider=self.name)
        return ProvenIdentity(provider=self.name, iin=iin_claim(claims, settings.OIDC_IIN_CLAIM))


@register(Tags.security)
def oidc_configured(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``qyzmet.E040``: the ``oidc`` provider is on but not configured; ``qyzmet.E041``: its
    issuer is plain http outside a demo (codes and ID tokens readable on the way)."""
    if "oidc" not in settings.IDENTITY_PROVIDERS:
        return []
    found: list[CheckMessage] = []
    missing = [
        name
        for name, value in (
            ("QYZMET_OIDC_ISSUER", settings.OIDC_ISSUER),
            ("QYZMET_OIDC_CLIENT_ID", settings.OIDC_CLIENT_ID),
            ("QYZMET_OIDC_CLIENT_SECRET", settings.OIDC_CLIENT_SECRET),
            ("QYZMET_OIDC_IIN_CLAIM", settings.OIDC_IIN_CLAIM),
        )
        if not value
    ]
    if missing:
        found.append(Error(
            f"QYZMET_IDENTITY_PROVIDERS turns on `oidc` but {', '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} not set: nobody could sign in with it.",
            hint="Set them to what the OpenID provider registered for this portal "
            "(docs/identity.md, OpenID Connect), or take `oidc` out of QYZMET_IDENTITY_PROVIDERS.",
            id="qyzmet.E040",
        ))  # fmt: skip
    issuer = settings.OIDC_ISSUER.lower()
    if issuer and not issuer.startswith("https://") and not settings.DEMO:
        found.append(Error(
            f"QYZMET_OIDC_ISSUER is not https ({settings.OIDC_ISSUER}): sign-in codes, the "
            "client secret and ID tokens would cross the network in clear.",
            hint="Use the provider's https:// issuer; plain http is for a demo only.",
            id="qyzmet.E041",
        ))  # fmt: skip
    return found
