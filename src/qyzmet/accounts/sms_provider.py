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

from qyzmet.accounts.identity import CodeProvider, SignInStarted
from qyzmet.accounts.models import User
from qyzmet.accounts.signin import request_code, verify_code


class SmsProvider(CodeProvider):
    name = "sms"
    title = {
        "kk": "ЖСН және SMS-код",
        "ru": "ИИН и код из SMS",
        "en": "IIN and a code by SMS",
    }
    delivery = "sms"

    def start(
        self,
        *,
        identifier: str,
        language: str,
        channel: str,
        requester: str,
        address: str | None = None,
    ) -> SignInStarted:
        iin = request_code(
            iin=identifier, language=language, channel=channel, requester=requester,
            provider=self.name, code_channel="sms", address=address,
        )  # fmt: skip
        return SignInStarted(identifier=iin)

    def verify(
        self,
        *,
        identifier: str,
        response: str,
        language: str,
        channel: str,
        requester: str,
        address: str | None = None,
    ) -> User:
        return verify_code(
            iin=identifier, code=response, language=language, channel=channel,
            requester=requester, address=address,
        )  # fmt: skip
