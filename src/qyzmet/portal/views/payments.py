"""Paying an application's fees from the portal: go to the provider's page, come back, and the
provider's webhook (public, signed; the provider sends no cookie)."""

from __future__ import annotations

import json
import uuid

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from qyzmet.applications.selectors import application_of
from qyzmet.core.errors import DomainError, NotFound
from qyzmet.core.messages import render as render_message
from qyzmet.payments.models import PaymentStatus
from qyzmet.payments.receipts import receipt_pdf
from qyzmet.payments.selectors import payment_of_citizen
from qyzmet.payments.services import handle_return, receive_webhook, start_payment
from qyzmet.portal.views.citizen import citizen_required

CHANNEL = "portal"
STATUS = {"not_found": 404, "forbidden": 403, "conflict": 409, "invalid": 400, "malformed": 400}


@citizen_required
def pay(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    if request.method != "POST":
        return redirect("portal:application", application_id)
    try:
        application = application_of(request.user, application_id)
        payment = start_payment(
            application=application, citizen=request.user, channel=CHANNEL,
            return_url=request.build_absolute_uri(
                reverse("portal:payment-return", args=[application.pk])
            ),
            webhook_url=_webhook_url(),
        )  # fmt: skip
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, render_message(error.code, error.params))
        return redirect("portal:application", application_id)
    return redirect(payment.checkout_url)


def _webhook_url() -> str:
    """Where the configured provider posts its webhooks (none configured: no address, and
    ``start_payment`` says fees cannot be paid online)."""
    provider = settings.PAYMENT_PROVIDER
    return settings.PUBLIC_URL + reverse("payment-webhook", args=[provider]) if provider else ""


@citizen_required
def payment_return(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    try:
        application = application_of(request.user, application_id)
        payment = handle_return(
            application=application, citizen=request.user,
            reference=request.GET.get("reference", ""),
        )  # fmt: skip
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, render_message(error.code, error.params))
        return redirect("portal:application", application_id)
    if payment.status == PaymentStatus.SUCCEEDED:
        messages.success(request, _("Thank you: the fee is paid and your application proceeds."))
    elif payment.status == PaymentStatus.DECLINED:
        messages.error(request, _("The payment was declined. Your application is kept: you "
                                  "can pay again, with another card if need be."))  # fmt: skip
    else:
        messages.info(request, _("The payment is not finished yet; this page shows when it is."))
    return redirect("portal:application", application_id)


@citizen_required
def receipt(request: HttpRequest, application_id: uuid.UUID, payment_id: uuid.UUID) -> HttpResponse:
    payment = payment_of_citizen(request.user, payment_id)
    if payment is None or payment.application_id != application_id:
        raise Http404
    try:
        pdf = receipt_pdf(payment=payment, language=get_language() or "en")
    except DomainError:
        raise Http404 from None
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{payment.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@csrf_exempt  # the provider sends no cookie; the webhook's signature authenticates it
def payment_webhook(request: HttpRequest, provider: str) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        receive_webhook(provider_name=provider, body=request.body, headers=request.headers)
    except DomainError as error:
        body = {"code": error.code, "message": render_message(error.code, error.params)}
        return HttpResponse(json.dumps(body, ensure_ascii=False), status=STATUS[error.kind],
                            content_type="application/json")  # fmt: skip
    return HttpResponse(status=204)
