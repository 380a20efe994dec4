"""The sandbox's side of a payment, as a bank's acquiring API would offer it: open a charge,
take a card on the hosted page (succeed, decline or ask for a code), say a charge's status,
refund, list a day's charges. Every change of a charge's outcome enqueues a signed webhook to
the merchant (``tasks.deliver``) in the same transaction."""

from __future__ import annotations

import datetime
import json
import secrets
import time
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from qyzmet.paysandbox.cards import CHALLENGE_CODE, CHALLENGES, DECLINES, SUCCEEDS, Card
from qyzmet.paysandbox.models import Charge, ChargeRefund, ChargeStatus, Webhook
from qyzmet.paysandbox.tasks import deliver

FINAL = (ChargeStatus.SUCCEEDED, ChargeStatus.DECLINED)


class ChargeNotFound(Exception):
    pass


class ChargeClosed(Exception):
    """The charge's outcome is known already: nothing more can be paid on it."""


class RefundRefused(Exception):
    pass


def _reference(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


def open_charge(
    *,
    merchant_reference: str,
    amount_tiyn: int,
    description: str,
    return_url: str,
    webhook_url: str,
) -> Charge:
    if amount_tiyn <= 0:
        raise ValueError("a charge is for a positive amount")
    return Charge.objects.create(
        reference=_reference("ch"),
        merchant_reference=merchant_reference,
        amount_tiyn=amount_tiyn,
        description=description[:200],
        status=ChargeStatus.OPEN,
        return_url=return_url,
        webhook_url=webhook_url,
    )


def charge(reference: str) -> Charge:
    found = Charge.objects.filter(reference=reference).first()
    if found is None:
        raise ChargeNotFound(reference)
    return found


def _locked(reference: str) -> Charge:
    found = Charge.objects.select_for_update().filter(reference=reference).first()
    if found is None:
        raise ChargeNotFound(reference)
    return found


def event_body(found: Charge, kind: str, event_id: str) -> bytes:
    payload: dict[str, Any] = {
        "id": event_id,
        "type": kind,
        "created": int(time.time()),
        "data": {
            "reference": found.reference,
            "merchant_reference": found.merchant_reference,
            "amount_tiyn": found.amount_tiyn,
            "refunded_tiyn": found.refunded_tiyn,
            "currency": found.currency,
            "status": found.status,
        },
    }
    return json.dumps(payload, separators=(",", ":")).encode()


def _announce(found: Charge, kind: str) -> Webhook:
    event_id = _reference("evt")
    webhook = Webhook.objects.create(
        event_id=event_id, charge=found, kind=kind, body=event_body(found, kind, event_id)
    )
    deliver.enqueue(webhook.pk)
    return webhook


def _settle(found: Charge, status: str, reason: str = "") -> Charge:
    found.status = status
    found.decline_reason = reason
    found.save(update_fields=["status", "decline_reason", "updated_at"])
    _announce(found, f"charge.{status}")
    return found


def pay_with_card(*, reference: str, card: Card) -> Charge:
    """Take a card on the hosted page: the test card decides what happens."""
    with transaction.atomic():
        found = _locked(reference)
        if found.status != ChargeStatus.OPEN:
            raise ChargeClosed(reference)
        found.card_last4 = card.last4
        found.save(update_fields=["card_last4", "updated_at"])
        if card.number == SUCCEEDS:
            return _settle(found, ChargeStatus.SUCCEEDED)
        if card.number == CHALLENGES:
            found.status = ChargeStatus.CHALLENGE
            found.save(update_fields=["status", "updated_at"])
            return found
        reason = "insufficient_funds" if card.number == DECLINES else "unknown_card"
        return _settle(found, ChargeStatus.DECLINED, reason)


def answer_challenge(*, reference: str, code: str) -> Charge:
    """The confirmation code: the right one pays, a wrong one declines."""
    with transaction.atomic():
        found = _locked(reference)
        if found.status != ChargeStatus.CHALLENGE:
            raise ChargeClosed(reference)
        if secrets.compare_digest(code.strip(), CHALLENGE_CODE):
            return _settle(found, ChargeStatus.SUCCEEDED)
        return _settle(found, ChargeStatus.DECLINED, "challenge_failed")


def refund(*, reference: str, amount_tiyn: int, key: str) -> ChargeRefund:
    """Give back ``amount_tiyn`` of a paid charge; the same ``key`` refunds once."""
    try:
        with transaction.atomic():
            found = _locked(reference)
            earlier = found.refunds.filter(merchant_key=key).first()
            if earlier is not None:
                return earlier
            if found.status != ChargeStatus.SUCCEEDED:
                raise RefundRefused("only a paid charge is refunded")
            if amount_tiyn <= 0 or found.refunded_tiyn + amount_tiyn > found.amount_tiyn:
                raise RefundRefused("more than is left to refund")
            made = ChargeRefund.objects.create(
                charge=found, reference=_reference("re"), merchant_key=key,
                amount_tiyn=amount_tiyn,
            )  # fmt: skip
            found.refunded_tiyn += amount_tiyn
            found.save(update_fields=["refunded_tiyn", "updated_at"])
            _announce(found, "charge.refunded")
            return made
    except IntegrityError:
        return ChargeRefund.objects.get(charge__reference=reference, merchant_key=key)


def charges_on(day: datetime.date) -> list[Charge]:
    """The charges opened on ``day`` (local time), as the provider's daily report lists them."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return list(
        Charge.objects.filter(created_at__gte=start, created_at__lt=start + datetime.timedelta(1))
    )
