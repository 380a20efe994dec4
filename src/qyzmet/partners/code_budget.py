"""Each partner's daily budget of wrong consent codes.

A partner confirms a consent with the code the citizen received (``consents.confirm_consent``).
Each request dies after five wrong codes, but a partner making many requests could still try
codes by the thousand (600 requests a minute). So a partner may send
``settings.CONSENT_WRONG_CODES_PER_DAY`` wrong codes in a day (the platform's time zone), counted
from its consent requests in the database; once spent, every confirmation it sends is refused
(HTTP 429, ``Retry-After`` the seconds until midnight) until the day ends. The day it was
spent is kept on the partner (shown in the operators' admin), audited once
(``consent.code_budget_spent``), and written to the operators' security log
(``qyzmet.security``, a warning).
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from qyzmet.audit.services import record_audit
from qyzmet.core.errors import DomainError
from qyzmet.partners.models import Consent, Partner

security_log = logging.getLogger("qyzmet.security")


class CodeBudgetSpent(DomainError):
    kind = "rate_limited"

    def __init__(self, retry_after: int) -> None:
        super().__init__("consent.code_budget_spent", {"seconds": retry_after})
        self.retry_after = retry_after


def _day_start() -> datetime.datetime:
    today = timezone.localdate()
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))


def _seconds_left_today() -> int:
    tomorrow = _day_start() + datetime.timedelta(days=1)
    return max(1, int((tomorrow - timezone.now()).total_seconds()))


def ensure_code_budget(*, partner: Partner) -> None:
    """Refuse (``CodeBudgetSpent``) a partner that spent today's budget of wrong codes."""
    today = timezone.localdate()
    if Partner.objects.filter(pk=partner.pk, consent_codes_refused_on=today).exists():
        raise refusal()


def wrong_codes_today(*, partner: Partner, lifetime: datetime.timedelta) -> int:
    """Wrong codes the partner sent today: those of its requests still answerable today (a
    request of the last minutes of yesterday counts on both days)."""
    since = _day_start() - lifetime
    counted = Consent.objects.filter(partner=partner, requested_at__gte=since)
    return int(counted.aggregate(total=Sum("wrong_codes"))["total"] or 0)


def spend_wrong_code(*, partner: Partner, lifetime: datetime.timedelta) -> bool:
    """After a wrong code was counted (inside its transaction): True when the partner's budget
    is spent (the caller then refuses with ``refusal()``). The first time in a day the partner
    is marked refused, which is audited and logged for the operators."""
    if wrong_codes_today(partner=partner, lifetime=lifetime) < settings.CONSENT_WRONG_CODES_PER_DAY:
        return False
    today = timezone.localdate()
    first = (
        Partner.objects.filter(pk=partner.pk)
        .exclude(consent_codes_refused_on=today)
        .update(consent_codes_refused_on=today)
    )
    if first:
        record_audit(
            actor=None,
            action="consent.code_budget_spent",
            obj=partner,
            channel=partner.channel,
            details={"wrong_codes": settings.CONSENT_WRONG_CODES_PER_DAY, "day": str(today)},
        )
        partner.consent_codes_refused_on = today
        security_log.warning(
            "Partner %s sent %s wrong consent codes today: its confirmations are refused "
            "until midnight",
            partner.slug, settings.CONSENT_WRONG_CODES_PER_DAY,
        )  # fmt: skip
    return True


def refusal() -> CodeBudgetSpent:
    """The error refusing a partner whose budget is spent, until midnight."""
    return CodeBudgetSpent(_seconds_left_today())
