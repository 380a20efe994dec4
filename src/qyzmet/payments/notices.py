"""What citizens are told about their payments: a fee received, a fee refunded. The kinds are
added to the notification kinds when the app is ready; sent like any other news of an
application (the inbox and the channels that reach the citizen), after the commit."""

from __future__ import annotations

from django.utils import translation

from qyzmet.core.money import format_tenge
from qyzmet.core.texts import LANGUAGES
from qyzmet.notifications.events import reference
from qyzmet.notifications.kinds import Kind, Message
from qyzmet.notifications.services import citizen_channels, notify
from qyzmet.payments.models import Payment, Refund

KINDS = {
    "payment.received": Kind(
        {
            "": Message(
                subject={
                    "kk": "Төлем қабылданды: {amount}",
                    "ru": "Оплата получена: {amount}",
                    "en": "Payment received: {amount}",
                },
                body={
                    "kk": "№ {number} өтінім бойынша {amount} алым төленді; өтінім қаралуға "
                    "жіберілді. Түбіртек «Менің өтінімдерім» бөлімінде.",
                    "ru": "Пошлина {amount} по заявке № {number} оплачена; заявка передана на "
                    "рассмотрение. Квитанция — в разделе «Мои заявки».",
                    "en": "The fee of {amount} for application no. {number} is paid; the "
                    "application goes ahead. The receipt is under “My applications”.",
                },
            )
        }
    ),
    "payment.refunded": Kind(
        {
            "": Message(
                subject={
                    "kk": "Алым қайтарылды: {amount}",
                    "ru": "Пошлина возвращена: {amount}",
                    "en": "Fee refunded: {amount}",
                },
                body={
                    "kk": "№ {number} өтінім бойынша {amount} сізге қайтарылды; ақша төлеген "
                    "картаңызға бірнеше күнде түседі.",
                    "ru": "По заявке № {number} вам возвращено {amount}; деньги поступят на "
                    "карту, которой вы платили, в течение нескольких дней.",
                    "en": "{amount} for application no. {number} has been refunded to you; it "
                    "reaches the card you paid with within a few days.",
                },
            )
        }
    ),
}


def _amount(tiyn: int) -> dict[str, str]:
    """The amount as each language writes it (the recipient's is picked)."""
    written = {}
    for language in LANGUAGES:
        with translation.override(language):
            written[language] = format_tenge(tiyn)
    return written


def notify_payment_received(*, payment: Payment) -> None:
    application = payment.application
    notify(recipient=application.citizen, channels=citizen_channels(application.citizen),
           kind="payment.received", application=application,
           context={"amount": _amount(payment.amount_tiyn),
                    "number": reference(application)})  # fmt: skip


def notify_refunded(*, refund: Refund) -> None:
    application = refund.payment.application
    notify(recipient=application.citizen, channels=citizen_channels(application.citizen),
           kind="payment.refunded", application=application, case=refund.case,
           context={"amount": _amount(refund.amount_tiyn),
                    "number": reference(application)})  # fmt: skip
