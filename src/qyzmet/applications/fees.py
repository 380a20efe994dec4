"""What an application costs: each service's fee for the person it is for (exemptions decided
from their registry record and the form's values), and the total, shown before submission.
Cases keep the fee assessed at submission; paying it online (``qyzmet.payments``) lets the
cases waiting for it proceed (``proceed_after_payment``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from qyzmet.applications.history import record_status, refresh_application_status
from qyzmet.applications.models import Application, Case, CaseStatus
from qyzmet.applications.submission import decide_automatically, purpose_of
from qyzmet.audit.services import record_audit
from qyzmet.catalog.fees import Fee, assess_fee, fee_fields
from qyzmet.catalog.models import ServiceVersion
from qyzmet.core.workdays import add_working_days
from qyzmet.exchange.client import request_registry_data
from qyzmet.exchange.messages import Client


@dataclass(frozen=True)
class FeeLine:
    service: ServiceVersion
    fee: Fee


@dataclass(frozen=True)
class Fees:
    lines: list[FeeLine]

    @property
    def total_tiyn(self) -> int:
        """Everything the application costs, paid online or in person."""
        return sum(line.fee.tiyn for line in self.lines)

    @property
    def online_tiyn(self) -> int:
        """What is paid online before the cases proceed."""
        return sum(line.fee.tiyn for line in self.lines if line.fee.online)

    def as_json(self) -> dict[str, Any]:
        return {
            "total_tiyn": self.total_tiyn,
            "online_tiyn": self.online_tiyn,
            "currency": "KZT",
            "services": [
                {
                    "service": line.service.slug,
                    "fee_mci": line.fee.mci,
                    "amount_tiyn": line.fee.tiyn,
                    "paid": "online" if line.fee.online else "in_person",
                    "exemption": line.fee.exemption or None,
                }
                for line in self.lines
            ],
        }


def fees_of(
    application: Application,
    services: list[ServiceVersion],
    *,
    day: datetime.date | None = None,
) -> Fees:
    """The fee of each of ``services`` (those the application's answers select) for the
    person the application is for, with the values entered so far; the registry facts its
    exemptions need are asked through the exchange as the service's agency."""
    day = day or timezone.localdate()
    lines = []
    for service in services:
        data = application.data.get(service.slug, {})
        registry = {}
        if fields := sorted(fee_fields(service.definition)):
            registry = request_registry_data(
                client=Client(agency=service.service.agency.slug, system="fees"),
                subject=application.subject_iin, fields=fields,
                purpose=purpose_of(application, service),
            )  # fmt: skip
        fee = assess_fee(service.definition, registry=registry, data=data, day=day)
        lines.append(FeeLine(service=service, fee=fee))
    return Fees(lines=lines)


def submitted_fees(application: Application) -> Fees:
    """The fees assessed when the application was submitted, one line per case."""
    lines = []
    held = "cases" in getattr(application, "_prefetched_objects_cache", {})
    for case in application.cases.all() if held else application.cases.select_related("service"):
        definition = case.service.definition
        fee = Fee(
            mci=float(definition.get("fee_mci", 0)),
            tiyn=case.fee_tiyn,
            online=definition.get("fee_paid", "in_person") == "online",
            exemption=case.fee_exemption,
        )
        lines.append(FeeLine(service=case.service, fee=fee))
    return Fees(lines=lines)


def proceed_after_payment(*, application: Application, channel: str) -> list[Case]:
    """The cases that waited for their fee go to their agencies (their legal deadline counted
    from today), decided at once where the service decides automatically. Call it in the
    transaction that records the payment; cases no longer waiting are left alone."""
    with transaction.atomic():
        cases = list(
            Case.objects.select_for_update(of=("self",))
            .select_related("service__service", "application")
            .filter(application=application, status=CaseStatus.AWAITING_PAYMENT)
        )
        for case in cases:
            case.status = CaseStatus.SUBMITTED
            case.due_date = add_working_days(timezone.localdate(), case.service.deadline_days)
            case.save(update_fields=["status", "due_date"])
            record_status(application=application, case=case, status=case.status, actor=None,
                          channel=channel, note="paid")  # fmt: skip
            record_audit(actor=None, action="case.fee_paid", obj=case, channel=channel,
                         details={"fee_tiyn": case.fee_tiyn})  # fmt: skip
            decide_automatically(case)
        if cases:
            refresh_application_status(application=application, actor=None, channel="system")
    return cases
