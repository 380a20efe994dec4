"""The queue: the cases of the officer's agency, filtered, ordered by due date, a page at a
time, with cases ticked and assigned to an officer in one go."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qyzmet.applications.decisions import assign_case
from qyzmet.applications.models import DECIDED_CASE_STATUSES, PENDING_CASE_STATUSES
from qyzmet.applications.selectors import agency_queue, case_for_officer
from qyzmet.backoffice.access import CHANNEL, officer_required
from qyzmet.backoffice.forms import (
    ANY,
    AT_CONSULTATION,
    AT_REVIEW,
    AT_SIGN_OFF,
    DECIDED,
    OPEN,
    BulkAssignForm,
    QueueFilterForm,
)
from qyzmet.backoffice.presenters import (
    applicant_iin,
    applicant_name,
    is_overdue,
    reference,
    short_id,
    status_label,
)
from qyzmet.backoffice.views.stage_context import acts_next, stage_label
from qyzmet.casework.consultation_reads import consulting
from qyzmet.casework.escalations import escalated_of
from qyzmet.casework.stages import awaiting_sign_off, stage_views
from qyzmet.core.errors import DomainError
from qyzmet.core.messages import render as render_message
from qyzmet.core.texts import pick

PER_PAGE = 25
STATUS_GROUPS: dict[str, tuple[str, ...] | None] = {
    OPEN: PENDING_CASE_STATUSES,
    DECIDED: DECIDED_CASE_STATUSES,
    ANY: None,
}


@officer_required
@require_http_methods(["GET", "POST"])
def queue(request: HttpRequest) -> HttpResponse:
    officer: Any = request.user
    posted = request.POST if request.method == "POST" else None
    assign_form = BulkAssignForm(posted, officer=officer)
    if request.method == "POST" and assign_form.is_valid():
        _assign(request, assign_form)
        return redirect(request.get_full_path())
    filters = QueueFilterForm(request.GET, officer=officer)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    status = chosen.get("status") or OPEN
    cases = agency_queue(
        officer,
        status=status if status not in STATUS_GROUPS else None,
        statuses=STATUS_GROUPS.get(status),
        service=chosen.get("service") or None,
        overdue=bool(chosen.get("overdue")),
        assigned_to_me=bool(chosen.get("mine")),
    ).select_related("application__citizen")
    if chosen.get("stage") in (AT_REVIEW, AT_SIGN_OFF):  # "waiting for sign-off": supervisors'
        cases = awaiting_sign_off(cases, waiting=chosen["stage"] == AT_SIGN_OFF)
        cases = consulting(cases, waiting=False)
    elif chosen.get("stage") == AT_CONSULTATION:
        cases = consulting(cases)
    if chosen.get("escalated"):
        cases = cases.filter(escalation__isnull=False)
    if chosen.get("sort") == "-due":
        cases = cases.reverse()
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    stages = stage_views(list(page.object_list))
    escalated = escalated_of(list(page.object_list))
    rows = [
        _row(case, today, stages.get(case.pk), case.pk in escalated) for case in page.object_list
    ]
    ticked = {str(pk) for pk in request.POST.getlist("cases")}
    return render(
        request,
        "backoffice/queue.html",
        {
            "filters": filters,
            "assign_form": assign_form,
            "page": page,
            "rows": rows,
            "ticked": ticked,
            "sort": chosen.get("sort") or "due",
        },
        status=400 if assign_form.errors else 200,
    )


def _row(case: Any, today: Any, stage: Any, escalated: bool) -> dict[str, Any]:
    return {
        "escalated": escalated,
        "stage": stage_label(stage, case.service.stages) if stage else "",
        "acts_next": acts_next(stage, case.service.stages) if stage else "",
        "case": case,
        "short_id": short_id(case),
        "reference": reference(case),
        "service": pick(case.service.title),
        "applicant": applicant_name(case),
        "applicant_iin": applicant_iin(case),
        "overdue": is_overdue(case, today),
        "status": status_label(case.status),
    }


def _assign(request: HttpRequest, form: BulkAssignForm) -> None:
    """Assign each ticked case and say, case by case, what happened."""
    officer: Any = request.user
    assignee = form.cleaned_data["assignee"]
    for case_id in form.cleaned_data["cases"]:
        label = str(case_id)[:8].upper()
        try:
            case = case_for_officer(officer, case_id, channel=CHANNEL)
            label = reference(case)
            assign_case(case=case, officer=officer, assignee=assignee, channel=CHANNEL)
        except DomainError as refused:
            text = _("Case %(case)s was not assigned: %(why)s")
            messages.error(request, text % {"case": label, "why": render_message(refused.code)})
        else:
            text = _("Case %(case)s is assigned to %(officer)s.")
            messages.success(request, text % {"case": label, "officer": assignee.username})
