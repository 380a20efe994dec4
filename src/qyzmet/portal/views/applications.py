"""'My applications': the citizen's applications, each with its reference, its cases'
outcomes and what is needed of the citizen; one application with its cases and their timeline;
and the confirmation page shown once an application is submitted."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qyzmet.applications.corrections import open_corrections
from qyzmet.applications.grounds import ground_label
from qyzmet.applications.models import (
    DECIDED_CASE_STATUSES,
    PENDING_CASE_STATUSES,
    Application,
    ApplicationStatus,
    Case,
    CaseStatus,
    Reversal,
)
from qyzmet.applications.selectors import (
    application_of,
    application_seen_by,
    applications_seen_by,
    reversals_in_history,
)
from qyzmet.applications.services import withdraw_application
from qyzmet.applications.signature_checks import signature_of
from qyzmet.appointments.selectors import latest_visits_by_case
from qyzmet.core.errors import Conflict, NotFound
from qyzmet.core.messages import render as render_message
from qyzmet.documents.selectors import documents_by_case
from qyzmet.notifications.services import citizen_channels
from qyzmet.partners.selectors import partner_named
from qyzmet.payments.selectors import payments_of
from qyzmet.payments.services import amount_due
from qyzmet.portal.representation import company_bins
from qyzmet.portal.views.appeals import with_appeals
from qyzmet.portal.views.citizen import citizen_required

CHANNEL = "portal"


@dataclass(frozen=True)
class Row:
    """One application in 'My applications': what tells it apart and what it needs."""

    application: Application
    cases: list[Case]
    needed: str  # "finish", "pay", "correct", "wait" or "" (nothing: all decided or withdrawn)
    amount_due: int  # tiyn, when ``needed`` is "pay"
    decided_by: Any  # the latest due date of the cases still waiting, when ``needed`` is "wait"


def _row(application: Application, *, own: bool) -> Row:
    cases: list[Case] = list(application.cases.all())
    waiting = [case for case in cases if case.status in PENDING]
    unpaid = [case for case in cases if case.status == CaseStatus.AWAITING_PAYMENT]
    needed, due, by = "", 0, None
    if application.status == ApplicationStatus.DRAFT:
        needed = "finish" if own else ""
    elif unpaid and own:
        needed, due = "pay", sum(case.fee_tiyn for case in unpaid)
    elif own and any(case.status == CaseStatus.SENT_BACK for case in cases):
        needed = "correct"
    elif waiting:
        needed, by = "wait", max(case.due_date for case in waiting)
    return Row(application=application, cases=cases, needed=needed, amount_due=due, decided_by=by)


PENDING = PENDING_CASE_STATUSES


@citizen_required
def application_list(request: HttpRequest) -> HttpResponse:
    companies = company_bins(request)
    cases = Case.objects.select_related("service").order_by("created_at")
    applications = applications_seen_by(request.user, companies=companies).prefetch_related(
        Prefetch("cases", queryset=cases)
    )
    rows = [_row(a, own=a.citizen_id == request.user.pk) for a in applications]
    return render(request, "portal/applications/list.html", {"rows": rows})


TOLD_BY = {
    "inbox": gettext_lazy("in your inbox on this portal"),
    "sms": gettext_lazy("by SMS"),
    "email": gettext_lazy("by e-mail"),
    "messenger": gettext_lazy("in the messenger chat"),
}


def _told_by(citizen: Any) -> str:
    """How news of the application reaches the citizen, in words ("in your inbox on this portal
    and by SMS"): the channels that reach them (the developers' console is none of them)."""
    words = [str(TOLD_BY[name]) for name in citizen_channels(citizen) if name in TOLD_BY]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {_('and')} {words[-1]}"


def _with_visits(cases: list[Case]) -> None:
    """Give each case its visit to a service centre (``case.visit``: the latest not cancelled,
    or None) and whether one can be booked now (``case.visit_bookable``)."""
    visits = latest_visits_by_case(cases)
    for case in cases:
        visit = visits.get(case.pk)
        case.visit = visit  # type: ignore[attr-defined]
        case.visit_bookable = (  # type: ignore[attr-defined]
            case.service.visit is not None
            and case.status in VISIT_CASE_STATUSES
            and (visit is None or visit.status != "happened")
        )


VISIT_CASE_STATUSES = (CaseStatus.AWAITING_PAYMENT, *PENDING)


@citizen_required
def application_submitted(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    """The confirmation page: the reference, what happens next per service, its legal deadline,
    how the citizen will be told, and the way to the application. No rating: nothing is
    decided yet (a case decided at once is shown as decided, and rated on its own page)."""
    try:
        application = application_seen_by(
            request.user, application_id, companies=company_bins(request)
        )
    except NotFound:
        raise Http404 from None
    if application.status == ApplicationStatus.DRAFT:
        return redirect("portal:apply-step", application.pk, "review")
    if application.submitted_at is None:  # a draft withdrawn: never submitted
        return redirect("portal:application", application.pk)
    cases = sorted(application.cases.all(), key=lambda case: case.created_at)
    _with_visits(cases)
    return render(
        request,
        "portal/applications/submitted.html",
        {
            "application": application,
            "cases": cases,
            "decided": DECIDED_CASE_STATUSES,
            "amount_due": amount_due(application),
            "own": application.citizen_id == request.user.pk,
            "told_by": _told_by(request.user),
        },
    )


def _timeline(case: Case, history: list[Any], reversals: dict[int, Reversal]) -> list[tuple]:
    """The case's lines of history, each with the reversal it records, if any, and that
    reversal's ground in the page's language (its reason is shown as the officer wrote it)."""
    lines = []
    for change in history:
        if change.case_id == case.pk:
            reversal = reversals.get(change.pk)
            lines.append((change, reversal, ground_label(reversal.ground) if reversal else ""))
    return lines


@citizen_required
def application_detail(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    try:
        application = application_seen_by(
            request.user, application_id, companies=company_bins(request)
        )
    except NotFound:
        raise Http404 from None
    cases = list(application.cases.all())
    _with_visits(cases)
    history = list(application.history.all())
    reversals = reversals_in_history(history, Reversal.objects.filter(case__in=cases))
    timelines = {case.pk: _timeline(case, history, reversals) for case in cases}
    documents = documents_by_case(cases)
    corrections = open_corrections(cases)
    with_appeals(cases)
    return render(
        request,
        "portal/applications/detail.html",
        {
            "application": application,
            "cases": [
                (case, timelines[case.pk], documents.get(case.pk), corrections.get(case.pk))
                for case in cases
            ],
            "general": [h for h in history if h.case_id is None],
            "channel_partner": partner_named(application.channel),
            "payments": list(payments_of(application)),
            "amount_due": amount_due(application),
            "own": application.citizen_id == request.user.pk,
            "signature": signature_of(application),
        },
    )


@citizen_required
def withdraw(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    if request.method != "POST":
        return redirect("portal:application", application_id)
    try:
        application = application_of(request.user, application_id)
        withdraw_application(application=application, citizen=request.user, channel=CHANNEL)
    except NotFound:
        raise Http404 from None
    except Conflict as conflict:
        messages.error(request, render_message(conflict.code))
    else:
        messages.success(request, _("The application has been withdrawn."))
    return redirect("portal:application", application_id)
