"""The write paths of mandates a citizen gives in the portal: give (``grant_mandate``), accept,
decline, end. Each is one transaction, writes one audit record naming both people (by keyed
hash, never by IIN), and tells the other person after the commit.

Giving a mandate to an IIN answers the same whether that IIN belongs to a living person, a dead
one or nobody: the mandate is recorded as offered either way, and only a living person can
sign in to accept it. The population registry is asked (through the exchange, under the legal
basis ``representation-mandates``) whether the representative lives, and only a living
representative with an account is told; the work done is the same (``notices.tell_or_not``)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from qyzmet.audit.services import record_audit
from qyzmet.core.errors import Conflict, Forbidden, Invalid, NotFound
from qyzmet.core.pseudonyms import subject_digest
from qyzmet.representation import notices, registry, rules
from qyzmet.representation.agency import may_record
from qyzmet.representation.models import Mandate, MandateKind, MandateStatus

PRINCIPAL, REPRESENTATIVE, OFFICER = "principal", "representative", "officer"


def both(mandate: Mandate, **more: Any) -> dict[str, Any]:
    """The audit details of a mandate: both people, by keyed hash."""
    return {
        "principal": subject_digest(mandate.principal_iin),
        "representative": subject_digest(mandate.representative_iin),
        "kind": mandate.kind,
        **more,
    }


def grant_mandate(
    *,
    principal: Any,
    representative_iin: str,
    services: Iterable[str],
    until: datetime.date | None,
    channel: str,
    today: datetime.date | None = None,
) -> Mandate:
    """Give the person with ``representative_iin`` the right to apply in ``principal``'s name
    for ``services`` (slugs; none: every service) until the end of ``until``: offered until
    they accept."""
    today = today or timezone.localdate()
    own = str(getattr(principal, "iin", "") or "")
    if not own:
        raise Forbidden("auth.citizen_only")
    representative_iin = (representative_iin or "").strip()
    slugs = sorted(set(services))
    problems = rules.grant_problems(
        principal_iin=own, representative_iin=representative_iin, services=slugs, until=until,
        today=today,
    )  # fmt: skip
    if problems:
        raise Invalid("mandate.invalid", problems)
    assert until is not None
    pending = Mandate.objects.filter(
        principal_iin=own, representative_iin=representative_iin,
        status__in=[MandateStatus.OFFERED, MandateStatus.ACTIVE], until__gte=today,
    )  # fmt: skip
    if pending.exists():
        raise Conflict("mandate.exists")
    me = registry.living(own)  # the principal's own name, for the representative to read
    representative = registry.living(representative_iin)  # told only if they live
    with transaction.atomic():
        mandate = Mandate.objects.create(
            kind=MandateKind.GRANTED, status=MandateStatus.OFFERED, principal_iin=own,
            representative_iin=representative_iin, principal_name=registry.full_name(me),
            services=slugs, until=until, granted_by=principal, channel=channel,
        )  # fmt: skip
        record_audit(
            actor=principal, action="mandate.granted", obj=mandate, channel=channel,
            details=both(mandate, services=slugs, until=until.isoformat()),
        )  # fmt: skip
        account = notices.account_of(representative_iin)  # asked whoever was typed
        notices.tell_or_not(
            account if representative else None, stand_in=principal, kind="mandate.offered",
            values=notices.context(mandate),
        )  # fmt: skip
    return mandate


def _locked(mandate: Mandate) -> Mandate:
    found = Mandate.objects.select_for_update().filter(pk=mandate.pk).first()
    if found is None:
        raise NotFound("not_found.mandate")
    return found


def _offered_to(mandate: Mandate, representative: Any, today: datetime.date) -> Mandate:
    mandate = _locked(mandate)
    if mandate.representative_iin != getattr(representative, "iin", None):
        raise NotFound("not_found.mandate")
    if mandate.status != MandateStatus.OFFERED:
        raise Conflict("mandate.not_offered")
    if mandate.until < today:
        raise Conflict("mandate.expired")
    return mandate


def accept_mandate(
    *, mandate: Mandate, representative: Any, channel: str, today: datetime.date | None = None
) -> Mandate:
    """The representative accepts a mandate offered to them: it is in force from now."""
    today = today or timezone.localdate()
    me = registry.living(str(getattr(representative, "iin", "") or ""))
    if me is None:
        raise Forbidden("mandate.representative_unknown")
    with transaction.atomic():
        mandate = _offered_to(mandate, representative, today)
        mandate.status = MandateStatus.ACTIVE
        mandate.accepted_at = timezone.now()
        mandate.representative_name = registry.full_name(me)
        mandate.save(update_fields=["status", "accepted_at", "representative_name"])
        record_audit(
            actor=representative, action="mandate.accepted", obj=mandate, channel=channel,
            details=both(mandate),
        )  # fmt: skip
        notices.tell(
            notices.account_of(mandate.principal_iin), kind="mandate.answered",
            values={**notices.context(mandate), "answer": "accepted"},
        )  # fmt: skip
    return mandate


def decline_mandate(
    *, mandate: Mandate, representative: Any, channel: str, today: datetime.date | None = None
) -> Mandate:
    """The representative declines a mandate offered to them."""
    today = today or timezone.localdate()
    with transaction.atomic():
        mandate = _offered_to(mandate, representative, today)
        mandate.status = MandateStatus.DECLINED
        mandate.declined_at = timezone.now()
        mandate.save(update_fields=["status", "declined_at"])
        record_audit(
            actor=representative, action="mandate.declined", obj=mandate, channel=channel,
            details=both(mandate),
        )  # fmt: skip
        notices.tell(
            notices.account_of(mandate.principal_iin), kind="mandate.answered",
            values={**notices.context(mandate), "answer": "declined"},
        )  # fmt: skip
    return mandate


def _role(mandate: Mandate, person: Any) -> str:
    iin = getattr(person, "iin", None)
    if iin and iin == mandate.principal_iin:
        return PRINCIPAL
    if iin and iin == mandate.representative_iin:
        return REPRESENTATIVE
    if mandate.kind != MandateKind.GRANTED and may_record(person):
        return OFFICER
    raise NotFound("not_found.mandate")


ENDED_BY = {
    PRINCIPAL: {"kk": "сенім білдіруші", "ru": "доверителем", "en": "by the principal"},
    REPRESENTATIVE: {"kk": "өкіл", "ru": "представителем", "en": "by the representative"},
    OFFICER: {"kk": "қызметкер", "ru": "сотрудником ведомства", "en": "by an officer"},
}


def end_mandate(
    *,
    mandate: Mandate,
    person: Any,
    channel: str,
    reason: str = "",
    today: datetime.date | None = None,
) -> Mandate:
    """End a mandate offered or in force: by its principal, its representative, or (one
    recorded by an officer) an officer of the agency that records them. Nothing can be
    applied for under it afterwards; applications made before stay as they are."""
    today = today or timezone.localdate()
    with transaction.atomic():
        mandate = _locked(mandate)
        role = _role(mandate, person)
        if mandate.status not in (MandateStatus.OFFERED, MandateStatus.ACTIVE):
            raise Conflict("mandate.not_in_force")
        if mandate.until < today:
            raise Conflict("mandate.expired")
        mandate.status = MandateStatus.ENDED
        mandate.ended_at = timezone.now()
        mandate.ended_by = role
        mandate.end_reason = reason[:2000]
        mandate.save(update_fields=["status", "ended_at", "ended_by", "end_reason"])
        record_audit(
            actor=person, action="mandate.ended", obj=mandate, channel=channel,
            details=both(mandate, by=role),
        )  # fmt: skip
        values = {**notices.context(mandate), "by": ENDED_BY[role]}
        told = {PRINCIPAL: mandate.principal_iin, REPRESENTATIVE: mandate.representative_iin}
        for whom, iin in told.items():
            if whom != role and (whom == PRINCIPAL or mandate.accepted_at is not None):
                notices.tell(notices.account_of(iin), kind="mandate.ended", values=values)
    return mandate
