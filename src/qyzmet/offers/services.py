"""The write paths of offers after they are made (``making.py``): accept, decline, expire.
Each runs in one transaction with its audit record.

Accepting makes the application the offer is about, filled in from the event and the
registries, through the applications' own functions: submitted at once when nothing is left
to fill in, else a draft that opens at the first field still missing. An offer is accepted
once; accepting it again (a double click, a retry) answers with the same application."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from qyzmet.applications.making import new_application
from qyzmet.applications.models import Application, ApplicationStatus
from qyzmet.applications.preparing import (
    applicable_services,
    application_problems,
    prepare_submission,
)
from qyzmet.applications.saving import save_new_application
from qyzmet.audit.services import record_audit
from qyzmet.core.errors import Conflict, Invalid, NotFound
from qyzmet.offers.models import Offer, OfferStatus
from qyzmet.offers.values import preset_values

EXPIRY_BATCH = 500


@dataclass(frozen=True)
class Acceptance:
    offer: Offer
    application: Application
    missing: str | None  # the first field to fill in ("answers.Q", "data.SERVICE.FIELD")

    @property
    def submitted(self) -> bool:
        """Submitted (now or before); not a draft, nor withdrawn since."""
        done = (ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN)
        return self.missing is None and self.application.status not in done


def first_missing(application: Application) -> str | None:
    """The first answer or form field the application still needs, in the order it is asked;
    ``None`` when it can be submitted (or is submitted already)."""
    if application.status != ApplicationStatus.DRAFT:
        return None
    try:
        problems = application_problems(application)
    except Invalid:  # the answers select no service
        return "answers"
    if not problems:
        return None
    order = []
    if application.life_situation is not None:
        order += [f"answers.{q['id']}" for q in application.life_situation.questions]
    for service in applicable_services(application):
        order += [f"data.{service.slug}.{name}" for name in service.form["x-order"]]
    wrong = {problem.field for problem in problems}
    return next((name for name in order if name in wrong), problems[0].field)


def _locked(offer: Offer, citizen: Any) -> Offer:
    # Not joined with the application: on PostgreSQL a row locked after waiting is read anew,
    # but a joined row made meanwhile (by the accept that held the lock) would not be seen.
    locked = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("rule_version", "event")
        .filter(pk=offer.pk, citizen_iin=getattr(citizen, "iin", None) or "")
        .first()
    )
    if locked is None:
        raise NotFound("not_found.offer")
    return locked


def _ensure_open(offer: Offer) -> None:
    if offer.status != OfferStatus.PENDING:
        raise Conflict(f"offer.{offer.status}")
    if offer.expires_at <= timezone.now():
        raise Conflict("offer.expired")


def _own(offer: Offer, citizen: Any) -> Offer:
    found = (
        Offer.objects.select_related("rule_version", "event")
        .filter(pk=offer.pk, citizen_iin=getattr(citizen, "iin", None) or "")
        .first()
    )
    if found is None:
        raise NotFound("not_found.offer")
    return found


def accept_offer(*, offer: Offer, citizen: Any, channel: str) -> Acceptance:
    """Accept the citizen's offer: the application, pre-filled and submitted when complete.
    Everything read from the registries (the rule's values, pre-fill, the cases' extracts and
    checks) is read through the exchange before the write transaction opens."""
    offer = _own(offer, citizen)
    if offer.status == OfferStatus.ACCEPTED and offer.application is not None:
        return Acceptance(offer, offer.application, first_missing(offer.application))
    _ensure_open(offer)
    answers, data = preset_values(offer)
    definition = offer.rule_version.definition
    application = new_application(
        citizen=citizen, channel=channel, service=definition.get("service"),
        life_situation=definition.get("life_situation"), answers=answers, data=data,
    )  # fmt: skip
    missing = first_missing(application)
    plans = prepare_submission(application, citizen=citizen) if missing is None else None
    with transaction.atomic():
        offer = _locked(offer, citizen)
        if offer.status == OfferStatus.ACCEPTED and offer.application is not None:
            return Acceptance(offer, offer.application, first_missing(offer.application))
        _ensure_open(offer)
        application = save_new_application(
            application, citizen=citizen, channel=channel, plans=plans
        )
        offer.status = OfferStatus.ACCEPTED
        offer.application = application
        offer.decided_at = timezone.now()
        offer.decided_through = channel
        offer.save(update_fields=["status", "application", "decided_at", "decided_through"])
        record_audit(
            actor=citizen, action="offer.accepted", obj=offer, channel=channel,
            details={"application": str(application.pk), "submitted": missing is None},
        )  # fmt: skip
    return Acceptance(offer, application, missing)


def decline_offer(*, offer: Offer, citizen: Any, channel: str) -> Offer:
    """Decline the citizen's offer; declining it again changes nothing."""
    with transaction.atomic():
        offer = _locked(offer, citizen)
        if offer.status == OfferStatus.DECLINED:
            return offer
        _ensure_open(offer)
        offer.status = OfferStatus.DECLINED
        offer.decided_at = timezone.now()
        offer.decided_through = channel
        offer.save(update_fields=["status", "decided_at", "decided_through"])
        record_audit(actor=citizen, action="offer.declined", obj=offer, channel=channel)
    return offer


def expire_offers(*, now: Any = None) -> int:
    """The daily job: every pending offer past its time expires; how many did."""
    now = now or timezone.now()
    expired = 0
    while True:
        due = list(
            Offer.objects.filter(status=OfferStatus.PENDING, expires_at__lte=now)
            .order_by("expires_at", "id")
            .values_list("pk", flat=True)[:EXPIRY_BATCH]
        )
        if not due:
            return expired
        with transaction.atomic():
            for pk in due:
                taken = Offer.objects.filter(pk=pk, status=OfferStatus.PENDING).update(
                    status=OfferStatus.EXPIRED, decided_at=now
                )
                if taken:
                    record_audit(
                        actor=None, action="offer.expired", obj=Offer(pk=pk), channel="system"
                    )
                    expired += taken
