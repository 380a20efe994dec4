"""The receipt of a paid payment as a PDF (drawn with the result documents' page of
``documents.pdf``): who paid what for which services, when, through which provider, and any
refunds. Made from the payment's record whenever it is asked for, so it always shows the
refunds made so far."""

from __future__ import annotations

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from qyzmet.core.errors import Conflict
from qyzmet.core.money import format_tenge
from qyzmet.core.texts import pick
from qyzmet.documents.pdf import ACCENT, MUTED, _Page
from qyzmet.exchange.client import legal_basis, platform_client, request_registry_data
from qyzmet.payments.models import Payment, PaymentStatus, RefundStatus

FULL_NAME = "population.person.full_name"


def receipt_pdf(*, payment: Payment, language: str) -> bytes:
    """The receipt of ``payment`` in ``language``; only a paid payment has one."""
    if payment.status not in (PaymentStatus.SUCCEEDED, PaymentStatus.DUPLICATE):
        raise Conflict("payment.no_receipt")
    application = payment.application
    payer = request_registry_data(
        client=platform_client("payments"), subject=str(application.citizen.iin),
        fields=[FULL_NAME], purpose=legal_basis("payment-receipt"),
    )  # fmt: skip
    with translation.override(language):
        pdf = _Page()
        pdf.set_title(_("Payment receipt"))
        pdf.set_creator("qyzmet")
        pdf.set_lang(language)
        pdf.add_page()
        pdf.line_of(_("Republic of Kazakhstan"), size=9, color=MUTED)
        pdf.line_of("qyzmet", size=12, style="B", color=ACCENT, height=6)
        pdf.ln(8)
        pdf.line_of(_("Payment receipt"), size=20, style="B", height=9)
        pdf.ln(2)
        paid_at = timezone.localtime(payment.paid_at or payment.created_at)
        pdf.line_of(
            _("No. %(number)s of %(date)s")
            % {"number": str(payment.pk), "date": formats.date_format(paid_at, "DATETIME_FORMAT")},
            size=10,
            color=MUTED,
        )
        pdf.ln(6)
        rows: list[dict[str, str]] = [
            {"label": _("Paid by"), "value": pick(payer[FULL_NAME]) if FULL_NAME in payer else "—"},
            {"label": _("IIN"), "value": str(application.citizen.iin)},
            {"label": _("Application"), "value": str(application.pk)},
        ]
        for case in application.cases.select_related("service").filter(fee_tiyn__gt=0):
            if case.service.fee_paid_online:
                fee = format_tenge(case.fee_tiyn)
                rows.append({"label": pick(case.service.title), "value": fee})
        rows += [
            {"label": _("Total paid"), "value": format_tenge(payment.amount_tiyn)},
            {"label": _("Paid through"), "value": f"{payment.provider} · {payment.reference}"},
        ]
        for refund in payment.refunds.filter(status=RefundStatus.SUCCEEDED):
            when = formats.date_format(timezone.localtime(refund.refunded_at), "DATE_FORMAT")
            rows.append({"label": _("Refunded on %(date)s") % {"date": when},
                         "value": format_tenge(refund.amount_tiyn)})  # fmt: skip
        pdf.facts(rows)
        return bytes(pdf.output())
