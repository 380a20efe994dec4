"""Payments of an application's fees: read them, fetch a receipt, and (partners, e.g. banks)
report a payment taken in their own app, signed and idempotent."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from ninja import Router, Status
from pydantic import Field

from qyzmet.api.callers import citizen_of, made_through_caller, partner_of
from qyzmet.api.idempotency import key_of
from qyzmet.api.schemas import RequestBody
from qyzmet.applications.models import Application
from qyzmet.applications.selectors import application_of
from qyzmet.callers.shapes import Shape
from qyzmet.core.errors import Forbidden, NotFound
from qyzmet.payments.models import Payment
from qyzmet.payments.partner_reports import (
    SIGNATURE,
    TIMESTAMP,
    check_report_signature,
    record_partner_payment,
)
from qyzmet.payments.receipts import receipt_pdf
from qyzmet.payments.selectors import payments_of
from qyzmet.payments.services import amount_due

router = Router(tags=["payments"])
READ, WRITE = "applications:read", "applications:write"


class PaymentOut(Shape):
    id: str
    provider: str = Field(description="The provider's name, or partner:NAME.")
    reference: str = Field(description="The provider's (or the partner's) id of the payment.")
    amount_tiyn: int
    refunded_tiyn: int
    currency: str
    status: str = Field(description="started, succeeded, declined, cancelled or duplicate.")
    created_at: Any
    paid_at: Any | None


class PaymentsOut(Shape):
    amount_due_tiyn: int = Field(description="What is left to pay online, in tiyn.")
    payments: list[PaymentOut]


class PaymentReportIn(RequestBody):
    amount_tiyn: int = Field(gt=0, description="The amount taken: exactly what is due.")
    reference: str = Field(min_length=1, max_length=100, description="The partner's payment id.")


def _payment_out(payment: Payment) -> dict[str, Any]:
    return {
        "id": str(payment.pk), "provider": payment.provider, "reference": payment.reference,
        "amount_tiyn": payment.amount_tiyn, "refunded_tiyn": payment.refunded_tiyn,
        "currency": payment.currency, "status": payment.status,
        "created_at": payment.created_at, "paid_at": payment.paid_at,
    }  # fmt: skip


def _application(request: HttpRequest, scope: str, application_id: str) -> Application:
    citizen = citizen_of(request, scope)
    return made_through_caller(request, application_of(citizen, application_id))


@router.get("/applications/{application_id}/payments", response=PaymentsOut)
def list_payments(request: HttpRequest, application_id: str) -> dict[str, Any]:
    """The payments of an application's fees, and what is left to pay."""
    application = _application(request, READ, application_id)
    return {
        "amount_due_tiyn": amount_due(application),
        "payments": [_payment_out(p) for p in payments_of(application)],
    }


SIGNATURE_HEADERS = {
    "parameters": [
        {
            "name": TIMESTAMP,
            "in": "header",
            "required": False,  # checked by the operation: a report without it is a 403
            "description": "When the report was signed, in seconds since 1970 (UTC); a report "
            "without it is refused (403).",
            "schema": {"type": "string", "pattern": "^[0-9]+$"},
        },
        {
            "name": SIGNATURE,
            "in": "header",
            "required": False,
            "description": "`v1,` and the base64 HMAC-SHA256 of `KEY.TIMESTAMP.BODY` under the "
            "partner's webhook secret (space-separated during a rotation); a report without it "
            "is refused (403).",
            "schema": {"type": "string"},
        },
    ]
}


@router.post(
    "/applications/{application_id}/payments",
    response={201: PaymentOut},
    openapi_extra=SIGNATURE_HEADERS,
)
def report_payment(request: HttpRequest, application_id: str, payload: PaymentReportIn) -> Status:
    """A partner reports the fee it took in its own app: signed (`Payment-Timestamp`,
    `Payment-Signature`: `v1,` and the base64 HMAC-SHA256 of `KEY.TIMESTAMP.BODY` under the
    partner's webhook secret) and sent with an `Idempotency-Key`. The waiting cases proceed."""
    partner = partner_of(request)
    if partner is None:
        raise Forbidden("auth.partner_only")
    application = _application(request, WRITE, application_id)
    key = key_of(request)
    check_report_signature(
        partner=partner, key=key, timestamp=request.headers.get(TIMESTAMP),
        signature=request.headers.get(SIGNATURE), body=request.body,
    )  # fmt: skip
    assert key is not None
    payment = record_partner_payment(
        application=application, citizen=request.auth,  # type: ignore[attr-defined]
        partner=partner, amount_tiyn=payload.amount_tiyn, reference=payload.reference,
        idempotency_key=key,
    )  # fmt: skip
    return Status(201, _payment_out(payment))


@router.get(
    "/applications/{application_id}/payments/{payment_id}/receipt",
    response={200: None},
    openapi_extra={
        "responses": {
            200: {
                "description": "The receipt (PDF).",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def get_receipt(request: HttpRequest, application_id: str, payment_id: str) -> HttpResponse:
    """The receipt of a paid payment, as a PDF in the language of `Accept-Language`."""
    application = _application(request, READ, application_id)
    payment = next((p for p in payments_of(application) if str(p.pk) == payment_id), None)
    if payment is None:
        raise NotFound("not_found.payment")
    response = HttpResponse(receipt_pdf(payment=payment, language=get_language() or "en"),
                            content_type="application/pdf")  # fmt: skip
    response["Content-Disposition"] = f'attachment; filename="receipt-{payment.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
