"""Operators onboard partners: an OAuth2 client (credentials shown once, the secret stored
hashed), its scopes, webhook address and rate limit; and rotate their webhook secrets."""

from __future__ import annotations

import base64
import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import get_application_model

from qyzmet.audit.services import record_audit
from qyzmet.core.errors import Conflict, Invalid
from qyzmet.partners.models import Partner
from qyzmet.partners.scopes import SCOPES

ROTATION_GRACE = datetime.timedelta(hours=24)


@dataclass(frozen=True)
class Onboarded:
    partner: Partner
    client_id: str
    client_secret: str  # shown once; only its hash is kept


def new_webhook_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def onboard_partner(
    *,
    name: str,
    scopes: Iterable[str],
    webhook_url: str = "",
    rate_limit: int = 600,
    slug: str = "",
    actor: Any | None = None,
    channel: str = "cli",
) -> Onboarded:
    scopes = sorted(set(scopes))
    unknown = [scope for scope in scopes if scope not in SCOPES]
    slug = slug or slugify(name)
    if unknown or not scopes:
        raise Invalid("partner.scopes", [])
    if not slug or rate_limit < 1:
        raise Invalid("invalid", [])
    if Partner.objects.filter(slug=slug).exists():
        raise Conflict("partner.exists")
    secret = generate_client_secret()
    with transaction.atomic():
        client = get_application_model().objects.create(
            name=name,
            client_type="confidential",
            authorization_grant_type="client-credentials",
            client_secret=secret,  # hashed on save
            hash_client_secret=True,
        )
        partner = Partner.objects.create(
            slug=slug,
            name=name,
            application=client,
            scopes=scopes,
            webhook_url=webhook_url,
            webhook_secret=new_webhook_secret() if webhook_url else "",
            rate_limit=rate_limit,
        )
        record_audit(
            actor=actor,
            action="partner.onboarded",
            obj=partner,
            channel=channel,
            details={"scopes": scopes, "webhook_url": webhook_url, "rate_limit": rate_limit},
        )
    return Onboarded(partner=partner, client_id=client.client_id, client_secret=secret)


def set_partner_active(*, partner: Partner, active: bool, actor: Any | None, channel: str) -> None:
    """Suspend a partner (its tokens stop working at once) or let it work again."""
    with transaction.atomic():
        partner.active = active
        partner.save(update_fields=["active"])
        record_audit(
            actor=actor,
            action="partner.activated" if active else "partner.suspended",
            obj=partner,
            channel=channel,
        )


def rotate_webhook_secret(
    *,
    partner: Partner,
    actor: Any | None,
    channel: str,
    grace: datetime.timedelta = ROTATION_GRACE,
) -> str:
    """Give the partner a new webhook secret and return it. For ``grace`` webhooks carry a
    signature with the old secret too, so the partner can switch without losing any."""
    with transaction.atomic():
        partner = Partner.objects.select_for_update().get(pk=partner.pk)
        keep_old = bool(partner.webhook_secret) and grace > datetime.timedelta(0)
        partner.webhook_previous_secret = partner.webhook_secret if keep_old else ""
        partner.webhook_previous_secret_until = timezone.now() + grace if keep_old else None
        partner.webhook_secret = new_webhook_secret()
        fields = ["webhook_secret", "webhook_previous_secret", "webhook_previous_secret_until"]
        partner.save(update_fields=fields)
        record_audit(
            actor=actor,
            action="partner.webhook_secret_rotated",
            obj=partner,
            channel=channel,
            details={"grace_hours": grace.total_seconds() / 3600 if keep_old else 0},
        )
    return partner.webhook_secret
