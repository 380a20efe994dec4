"""The ``sms`` identity provider: IIN + a 6-digit one-time code sent by SMS, through the SMS
gateway (``QYZMET_SMS_BACKEND``), to the mobile number the population registry holds for the
person. Never to a number the person typed, and never to the demo outbox.

It is ``signin.request_code`` and ``verify_code`` with the code going out on the ``sms``
notification channel: the same limits, lockouts, equal work and answers. A person the
registry does not know, and one it knows without a mobile number, get the same answer as
anyone (the page says a code comes only to a registered number), so the answer tells nobody
whether an IIN exists.
"""

from __future__ import annotations

from qyzmet.accounts.identity import OneTimeCodeProvider


class SmsProvider(OneTimeCodeProvider):
    name = "sms"
    title = {
        "kk": "ЖСН және SMS-код",
        "ru": "ИИН и код из SMS",
        "en": "IIN and a code by SMS",
    }
    delivery = "sms"
    code_channel = "sms"
