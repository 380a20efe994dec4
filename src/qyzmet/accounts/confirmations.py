"""Confirming something with a one-time code sent by SMS, bound to what is confirmed.

A signed-in citizen confirms one thing, named by ``digest`` (the SHA-256, hex, of its
canonical form: an application's data, say). ``request_confirmation_code`` sends a 6-digit
code by SMS to the mobile number the population registry holds for the citizen (never one
they typed), with a short human label of what is confirmed in the text (kk/ru/en).
``confirm_code`` checks it and records the ``Confirmation``: who, when, the digest, the
masked number, and the text message that carried the code (the gateway's id for it and its
delivery status, which the gateway's reports keep current).

The code is stored as an HMAC over the citizen, the digest and the code, so a code sent for
one digest never confirms another; it expires after ``CODE_LIFETIME``, is used once, works
only for the requester (browser session, chat) that asked, and dies after
``MAX_WRONG_CODES`` wrong ones. Wrong codes count in the same budget as sign-in codes
(``attempts.py``: per requester and address, never per citizen), and so do requests for
codes. Requests, confirmations and wrong codes are audited (the digest and purpose, never the
code).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from qyzmet.accounts.attempts import (
    count_code_request,
    count_wrong_code,
    ensure_not_locked,
    requester_digest,
)
from qyzmet.accounts.models import Confirmation, ConfirmationChallenge, User
from qyzmet.accounts.signin import CODE_DIGITS, CODE_LIFETIME, MAX_WRONG_CODES, new_code
from qyzmet.audit.services import record_audit
from qyzmet.core.errors import DomainError, Forbidden, Invalid
from qyzmet.core.pseudonyms import masked
from qyzmet.core.texts import Text
from qyzmet.exchange.client import legal_basis, platform_client, request_registry_data
from qyzmet.notifications.models import SmsMessage
from qyzmet.notifications.services import notify

DIGEST = re.compile(r"[0-9a-f]{64}")
LIVING = "population.person.living"
MOBILE_PHONE = "population.person.mobile_phone"


@dataclass(frozen=True)
class ConfirmationCodeSent:
    """What the channel tells the citizen: where the code went (masked) and until when."""

    phone_masked: str
    expires_at: datetime.datetime
    minutes: int


def registered_mobile_phone(iin: str) -> str:
    """The mobile number the population registry holds for the living person ``iin``, asked
    through the exchange under the ``sms-confirmation`` legal basis; ``""`` if none."""
    found = request_registry_data(
        client=platform_client("confirmations"), subject=iin, fields=[LIVING, MOBILE_PHONE],
        purpose=legal_basis("sms-confirmation"),
    )  # fmt: skip
    return str(found.get(MOBILE_PHONE) or "") if found.get(LIVING) else ""


def _checked_digest(digest: str) -> str:
    if not DIGEST.fullmatch(digest or ""):
        raise ValueError("digest: the SHA-256 of what is confirmed, 64 lowercase hex digits")
    return digest


def _code_digest(citizen: User, digest: str, code: str) -> str:
    return salted_hmac(
        "qyzmet.accounts.confirmations", f"{citizen.pk}:{digest}:{code}", algorithm="sha256"
    ).hexdigest()


def _not_locked(*, requester: str, address: str | None) -> None:
    """``ensure_not_locked``, saying that confirming (not signing in) is locked."""
    try:
        ensure_not_locked(requester=requester, address=address)
    except Forbidden as locked:
        raise Forbidden("confirmation.locked", locked.params) from None


def request_confirmation_code(
    *,
    citizen: User,
    digest: str,
    purpose: str,
    label: Text,
    language: str,
    channel: str,
    requester: str,
    address: str | None = None,
) -> ConfirmationCodeSent:
    """Send ``citizen`` a one-time code by SMS, to the number the population registry holds
    for them, to confirm what ``digest`` names (``label`` says it in the text: kk/ru/en;
    ``purpose`` is its kind, e.g. ``application``), for ``requester`` alone.
    ``Forbidden("confirmation.no_mobile_phone")`` when the registry holds no number for
    them; the limits of ``attempts.py`` refuse too many requests."""
    digest = _checked_digest(digest)
    if not citizen.iin:
        raise Forbidden("confirmation.no_mobile_phone")
    _not_locked(requester=requester, address=address)
    count_code_request(iin=citizen.iin, requester=requester, address=address)
    phone = registered_mobile_phone(citizen.iin)
    if not phone:
        raise Forbidden("confirmation.no_mobile_phone")
    code = new_code()
    minutes = int(CODE_LIFETIME.total_seconds() // 60)
    with transaction.atomic():
        (notification,) = notify(
            kind="confirmation.code",
            context={"code": code, "what": label, "minutes": minutes},
            recipient=citizen,
            address=phone,  # the number the state holds, not one the citizen gave
            channels=["sms"],
            language=language,
        )
        challenge = ConfirmationChallenge.objects.create(
            citizen=citizen,
            digest=digest,
            purpose=purpose[:64],
            requester_digest=requester_digest(requester),
            code_digest=_code_digest(citizen, digest, code),
            phone_masked=masked(phone),
            notification=notification,
            expires_at=timezone.now() + CODE_LIFETIME,
        )
        record_audit(
            actor=citizen, action="confirmation.code_requested", obj=challenge, channel=channel,
            details={"purpose": challenge.purpose, "digest": digest},
        )  # fmt: skip
    return ConfirmationCodeSent(
        phone_masked=challenge.phone_masked, expires_at=challenge.expires_at, minutes=minutes
    )


def _carrier(challenge: ConfirmationChallenge) -> SmsMessage | None:
    if challenge.notification_id is None:
        return None
    return SmsMessage.objects.filter(notification_id=challenge.notification_id).first()


def _confirm(
    *, citizen: User, digest: str, code: str, channel: str, requester: str
) -> Confirmation | None:
    """The confirmation if ``code`` is the live code ``requester`` asked for ``digest``, else
    ``None`` and the code counts one wrong answer more."""
    challenge = (
        ConfirmationChallenge.objects.select_for_update()
        .filter(citizen=citizen, digest=digest, requester_digest=requester_digest(requester))
        .order_by("-created_at", "-id")
        .first()
    )
    if challenge is None:
        return None
    now = timezone.now()
    right = constant_time_compare(challenge.code_digest, _code_digest(citizen, digest, code))
    live = (
        challenge.used_at is None
        and challenge.expires_at > now
        and challenge.wrong_codes < MAX_WRONG_CODES
    )
    if not (right and live):
        ConfirmationChallenge.objects.filter(pk=challenge.pk).update(
            wrong_codes=F("wrong_codes") + 1
        )
        return None
    challenge.used_at = now
    challenge.save(update_fields=["used_at"])
    sms = _carrier(challenge)
    confirmation = Confirmation.objects.create(
        citizen=citizen,
        digest=digest,
        purpose=challenge.purpose,
        channel=channel,
        phone_masked=challenge.phone_masked,
        sms=sms,
        gateway_message_id=sms.gateway_message_id if sms is not None else "",
    )
    record_audit(
        actor=citizen, action="confirmation.confirmed", obj=confirmation, channel=channel,
        details={"purpose": confirmation.purpose, "digest": digest},
    )  # fmt: skip
    return confirmation


def confirm_code(
    *,
    citizen: User,
    digest: str,
    code: str,
    channel: str,
    requester: str,
    address: str | None = None,
) -> Confirmation:
    """The citizen's ``Confirmation`` of ``digest`` when ``code`` is the live code sent to
    them for it, asked by ``requester``. A wrong, expired, used code, or one sent for another
    digest, is refused with one message (``signin.code_wrong``) and counted against the
    requester at ``address``; too many lock them out (``confirmation.locked``)."""
    digest = _checked_digest(digest)
    code = "".join((code or "").split())
    if len(code) != CODE_DIGITS or not (code.isascii() and code.isdigit()):
        raise Invalid("signin.code_format")
    _not_locked(requester=requester, address=address)
    with transaction.atomic():
        confirmation = _confirm(
            citizen=citizen, digest=digest, code=code, channel=channel, requester=requester
        )
    if confirmation is not None:
        return confirmation
    _wrong_code(citizen=citizen, digest=digest, channel=channel, requester=requester,
                address=address)  # fmt: skip
    raise Invalid("signin.code_wrong")


def _wrong_code(
    *, citizen: User, digest: str, channel: str, requester: str, address: str | None
) -> None:
    details: dict[str, Any] = {"digest": digest}
    record_audit(actor=citizen, action="confirmation.failed", obj=citizen, channel=channel,
                 details=details)  # fmt: skip
    try:
        count_wrong_code(
            requester=requester,
            address=address,
            on_lock=lambda: record_audit(
                actor=citizen, action="confirmation.locked", obj=citizen, channel=channel,
                details=details,
            ),
        )  # fmt: skip
    except DomainError as locked:
        raise Forbidden("confirmation.locked", locked.params) from None
