"""The exchange's security log: requests a provider could not trust (their signature did not
verify, so neither their sender nor their content can be believed), for operators.

Such a request is not an access to anyone's data: nothing was read, and what it says about its
subject may be made up to frighten or mislead. So it is not a ``DataAccess`` row and never
appears in a citizen's data tracker; it is one ``SecurityEvent`` and one audit record
(``exchange.untrusted``). Operators read the log with ``qyzmet exchange security-log`` or in the
admin; each reading is an audit record too (``exchange.security_log_read``).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from qyzmet.audit.services import record_audit
from qyzmet.core.pseudonyms import subject_digest
from qyzmet.exchange.messages import ExchangeRequest
from qyzmet.exchange.models import SecurityEvent

CHANNEL = "exchange"


def record_untrusted_request(
    *, request: ExchangeRequest, provider: str, reason: str, sender: str
) -> SecurityEvent:
    """Log ``request``, whose signature ``provider`` refused for ``reason``, sent from the
    address ``sender`` (empty in-process), with its audit record, in one transaction."""
    client = f"{request.client.agency}/{request.client.system}"[:170]
    with transaction.atomic():
        event = SecurityEvent.objects.create(
            kind=SecurityEvent.Kind.SIGNATURE,
            reason=reason[:200],
            sender=sender[:64],
            provider_agency=provider,
            message_id=request.message_id,
            claimed_client=client,
            registry=request.registry,
            fields=list(request.fields),
            purpose=request.purpose.claims(),
            subject=subject_digest(request.subject),
        )
        audit = record_audit(
            actor=None, action="exchange.untrusted", obj=event, channel=CHANNEL,
            details={"message_id": request.message_id, "claimed_client": client,
                     "sender": sender, "registry": request.registry, "reason": reason},
        )  # fmt: skip
        event.audit_record = audit.pk
        event.save(update_fields=["audit_record"])
    return event


def security_events(*, since: datetime.datetime | None = None) -> QuerySet[SecurityEvent]:
    """The security log, newest first; only from ``since`` on when given."""
    events = SecurityEvent.objects.all()
    if since is not None:
        events = events.filter(at__gte=since)
    return events.order_by("-at", "-id")


def read_security_log(
    *, reader: Any | None, channel: str, since: datetime.datetime | None = None, limit: int = 100,
    operator: str = "",
) -> list[SecurityEvent]:  # fmt: skip
    """The newest ``limit`` events of the security log (from ``since`` on), as an operator
    (``reader``, a user; or ``operator``, a name, on the command line) reads them, audited
    (``record_log_read``)."""
    shown = list(security_events(since=since)[: max(limit, 0)])
    record_log_read(reader=reader, channel=channel, events=shown, operator=operator)
    return shown


def record_log_read(
    *, reader: Any | None, channel: str, events: Sequence[SecurityEvent], operator: str = ""
) -> None:
    """Audit that an operator was shown ``events`` of the security log (nothing when none): one
    record on the newest, naming how many and the oldest."""
    if not events:
        return
    newest = max(events, key=lambda event: (event.at, event.pk))
    oldest = min(events, key=lambda event: (event.at, event.pk))
    record_audit(
        actor=reader, action="exchange.security_log_read", obj=newest, channel=channel,
        details={"operator": operator, "events": len(events), "oldest": oldest.pk},
    )  # fmt: skip
