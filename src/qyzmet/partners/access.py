"""Who a partner's bearer token speaks for: the partner alone (client credentials) or a
consenting citizen (a grant), and with which scopes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from oauth2_provider.models import get_access_token_model

from qyzmet.accounts.models import User
from qyzmet.partners.models import Partner


@dataclass(frozen=True)
class PartnerAccess:
    partner: Partner
    citizen: User | None
    scopes: frozenset[str]


def access_for_token(token: str) -> PartnerAccess | None:
    """The access a live token of an active partner gives; ``None`` for any other token."""
    checksum = hashlib.sha256(token.encode()).hexdigest()
    access = (
        get_access_token_model()
        .objects.select_related("application__partner", "user")
        .filter(token_checksum=checksum)
        .first()
    )
    if access is None or access.is_expired():
        return None
    partner = getattr(access.application, "partner", None)
    if partner is None or not partner.active:
        return None
    return PartnerAccess(
        partner=partner, citizen=access.user, scopes=frozenset(access.scope.split())
    )
