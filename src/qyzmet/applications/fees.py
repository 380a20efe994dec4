"""What an application costs: each service's fee for the person it is for (exemptions decided
from their registry record and the form's values), and the total, shown before submission.
Cases keep the fee assessed at submission; paying it online (``qyzmet.payments``) lets the
cases waiting for it proceed (``proceed_after_payment``). A correction that changes a value an
exemption is decided on re-assesses the case's fee (``reassess_fee``, decision 66): a fee paid
online does not rise (the correction is refused), a lower one is refunded the difference (the
payments app listens: ``on_fee_lowered``)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone, translation

from qyzmet.applications.history import (
    record_case_event,
    record_status,
    refresh_application_status,
)
from qyzmet.applications.models import Application, Case, CaseStatus
from qyzmet.applications.submission import decide_automatically, purpose_of
from qyzmet.applications.validation import FieldProblem
from qyzmet.audit.services import record_audit
from qyzmet.catalog.fees import Fee, assess_fee, fee_fields
from qyzmet.catalog.models import ServiceVersion
from qyzmet.core.errors import Invalid
from qyzmet.core.money import format_tenge
from qyzmet.core.texts import LANGUAGES
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
    lines = [
        FeeLine(service=service, fee=_fee(application, service, application.data, day))
        for service in services
    ]
    return Fees(lines=lines)


def _fee(
    application: Application, service: ServiceVersion, data: dict[str, Any], day: datetime.date
) -> Fee:
    registry = {}
    if fields := sorted(fee_fields(service.definition)):
        registry = request_registry_data(
            client=Client(agency=service.service.agency.slug, system="fees"),
            subject=application.subject_iin, fields=fields,
            purpose=purpose_of(application, service),
        )  # fmt: skip
    return assess_fee(
        service.definition, registry=registry, data=data.get(service.slug, {}), day=day
    )


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


FeeListener = Callable[[Case, int], object]
_lowered_listeners: list[FeeListener] = []


def on_fee_lowered(listener: FeeListener) -> None:
    """Call ``listener(case, tiyn)`` in the transaction of a correction that lowered the fee
    of ``case`` paid online by ``tiyn`` (the payments app refunds the difference)."""
    if listener not in _lowered_listeners:
        _lowered_listeners.append(listener)


@dataclass(frozen=True)
class Reassessment:
    before_tiyn: int
    fee: Fee

    @property
    def difference(self) -> int:
        """What more is due (negative: what is given back), in tiyn."""
        return self.fee.tiyn - self.before_tiyn


def _tenge(tiyn: int) -> dict[str, str]:
    said = {}
    for language in LANGUAGES:
        with translation.override(language):
            said[language] = format_tenge(tiyn)
    return said


def _form_facts(service: ServiceVersion) -> list[str]:
    """The form's fields the service's exemptions are decided on."""
    return [
        condition["field"]
        for exemption in service.definition.get("fee_exemptions", [])
        for condition in exemption["when"]
        if condition["fact"] == "form" and condition.get("field")
    ]


def reassess_fee(case: Case, values: dict[str, Any]) -> Reassessment | None:
    """The fee of ``case`` again with its corrected form ``values``, by the rules and the MCI
    of the day it was submitted (the registry facts asked again); None when it stays as it was,
    or when no value an exemption is decided on changed (no registry is asked then: the fee
    stays as assessed at submission).

    ``Invalid`` (``correction.fee_would_rise``) when a fee paid online would rise: the
    application holds one payment, so a difference cannot be asked for; the citizen keeps the
    value the fee was assessed on, or withdraws and applies again."""
    if not float(case.service.definition.get("fee_mci", 0)):
        return None
    changed = [
        name for name in _form_facts(case.service) if values.get(name) != case.data.get(name)
    ]
    if not changed:
        return None
    application = case.application
    day = timezone.localdate(application.submitted_at or case.created_at)
    fee = _fee(application, case.service, {case.service.slug: values}, day)
    if (fee.tiyn, fee.exemption) == (case.fee_tiyn, case.fee_exemption):
        return None
    found = Reassessment(before_tiyn=case.fee_tiyn, fee=fee)
    if found.difference > 0 and fee.online:
        params = {"fee": _tenge(fee.tiyn), "paid": _tenge(case.fee_tiyn)}
        path = f"data.{case.service.slug}.{changed[0]}"  # on the field whose value raises it
        problem = FieldProblem(path, "correction.fee_would_rise", params)
        raise Invalid("correction.fee_would_rise", [problem])
    return found


def record_reassessment(
    *, case: Case, reassessment: Reassessment, actor: Any, channel: str
) -> None:
    """Keep the fee re-assessed on ``case`` (in the correction's transaction): audited, a line
    of its history; a lower fee paid online is given back the difference."""
    fee = reassessment.fee
    case.fee_tiyn, case.fee_exemption = fee.tiyn, fee.exemption
    case.save(update_fields=["fee_tiyn", "fee_exemption"])
    with translation.override("kk"):  # as amounts are written in Kazakhstan, in each language
        note = f"{format_tenge(reassessment.before_tiyn)} → {format_tenge(fee.tiyn)}"
    record_case_event(case=case, event="fee_reassessed", actor=actor, channel=channel, note=note)
    record_audit(actor=actor, action="case.fee_reassessed", obj=case, channel=channel,
                 details={"before_tiyn": reassessment.before_tiyn, "fee_tiyn": fee.tiyn,
                          "exemption": fee.exemption})  # fmt: skip
    if reassessment.difference < 0 and fee.online:
        for listener in _lowered_listeners:
            listener(case, -reassessment.difference)
