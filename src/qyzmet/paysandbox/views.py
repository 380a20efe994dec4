"""The sandbox's hosted payment page (``/sandbox-pay/REFERENCE/``): the citizen types a test
card, answers the confirmation code if the card asks for one, and is sent back to the merchant's
return address. Served only while the sandbox is the payment provider."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from qyzmet.paysandbox import ledger
from qyzmet.paysandbox.cards import TEST_CARDS, CardRefused, read_card
from qyzmet.paysandbox.models import Charge, ChargeStatus

ERRORS = {
    "card.number_invalid": lambda: _("Check the card number: 16 digits, as on the card."),
    "card.expiry_invalid": lambda: _("Give the expiry date as MM/YY, e.g. 12/29."),
    "card.expired": lambda: _("This card has expired."),
    "card.cvc_invalid": lambda: _("The CVC is the 3 digits on the back of the card."),
}


def _charge(reference: str) -> Charge:
    if settings.PAYMENT_PROVIDER != "sandbox":
        raise Http404
    try:
        return ledger.charge(reference)
    except ledger.ChargeNotFound:
        raise Http404 from None


def _back(found: Charge) -> HttpResponse:
    separator = "&" if "?" in found.return_url else "?"
    return redirect(found.return_url + separator + urlencode({"reference": found.reference}))


def _page(request: HttpRequest, found: Charge, **context: object) -> HttpResponse:
    template = "challenge" if found.status == ChargeStatus.CHALLENGE else "pay"
    status = 422 if context.get("errors") else 200
    context = {"charge": found, "test_cards": TEST_CARDS, **context}
    return render(request, f"paysandbox/{template}.html", context, status=status)


def pay(request: HttpRequest, reference: str) -> HttpResponse:
    found = _charge(reference)
    if found.status in ledger.FINAL:
        return _back(found)
    if request.method != "POST":
        return _page(request, found)
    try:
        if found.status == ChargeStatus.CHALLENGE:
            found = ledger.answer_challenge(reference=reference, code=request.POST.get("code", ""))
        else:
            card = read_card(
                number=request.POST.get("number", ""), expiry=request.POST.get("expiry", ""),
                cvc=request.POST.get("cvc", ""), today=timezone.localdate(),
            )  # fmt: skip
            found = ledger.pay_with_card(reference=reference, card=card)
    except CardRefused as refused:
        values = {k: request.POST.get(k, "") for k in ("number", "expiry")}
        return _page(request, found, errors={refused.field: ERRORS[refused.code]()}, values=values)
    except ledger.ChargeClosed:
        found.refresh_from_db()
    if found.status == ChargeStatus.CHALLENGE:
        return _page(request, found)
    return _back(found)
