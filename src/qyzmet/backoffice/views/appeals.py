"""Appeals in the back office: the queue of the appeals the officer's agency decides (overdue
ones marked, with the figures per service), and an appeal's page where an officer with the role
``appeals`` upholds it (the decision is reversed) or dismisses it with reasons."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qyzmet.backoffice.access import CHANNEL, officer_required, problem_page
from qyzmet.backoffice.presenters import applicant_iin, applicant_name, reference, status_label
from qyzmet.casework.appeal_selectors import appeals_by_service, appeals_queue, is_overdue
from qyzmet.casework.appeals import (
    APPEALS_ROLE,
    TEXT_MAX_LENGTH,
    appeal_of,
    decide_appeal,
    may_decide_appeals,
)
from qyzmet.casework.roles import has_role
from qyzmet.core.errors import Conflict, DomainError, Forbidden, Invalid
from qyzmet.core.messages import render as render_message

OUTCOMES = ("upheld", "dismissed")


@officer_required
def appeals(request: HttpRequest) -> HttpResponse:
    officer: Any = request.user
    if not has_role(officer, APPEALS_ROLE):
        return problem_page(request, Forbidden("appeal.not_allowed"))
    decided = request.GET.get("show") == "decided"
    found = list(appeals_queue(officer=officer, open_only=not decided)[:200])
    rows = [
        {
            "appeal": appeal,
            "reference": reference(appeal.case),
            "applicant": applicant_name(appeal.case),
            "overdue": is_overdue(appeal),
        }
        for appeal in found
    ]
    context = {
        "rows": rows,
        "decided": decided,
        "figures": appeals_by_service(body=officer.agency),
    }
    return render(request, "backoffice/appeals.html", context)


@officer_required
def appeal_page(request: HttpRequest, appeal_id: int) -> HttpResponse:
    officer: Any = request.user
    try:
        appeal = appeal_of(appeal_id=appeal_id, officer=officer, channel=CHANNEL)
    except DomainError as refused:
        return problem_page(request, refused)
    errors: dict[str, str] = {}
    values = {"outcome": "", "reason": ""}
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in values}
        try:
            decide_appeal(appeal=appeal, officer=officer, outcome=values["outcome"],
                          reason=values["reason"], channel=CHANNEL,
                          language=_citizen_language(appeal))  # fmt: skip
        except Invalid as invalid:
            errors = {p.field: render_message(p.code, p.params) for p in invalid.problems}
        except Conflict as conflict:
            messages.error(request, render_message(conflict.code, conflict.params))
            return redirect("backoffice:appeal", appeal.pk)
        else:
            messages.success(request, _("The appeal is decided; the citizen is told."))
            return redirect("backoffice:appeal", appeal.pk)
    case = appeal.case
    context = {
        "appeal": appeal,
        "case": case,
        "reference": reference(case),
        "applicant": applicant_name(case),
        "applicant_iin": applicant_iin(case),
        "case_status": status_label(case.status),
        "decision": status_label(appeal.decision) if appeal.decision else "",
        "overdue": is_overdue(appeal),
        "may_decide": may_decide_appeals(officer, appeal.body),
        "values": values,
        "errors": errors,
        "outcomes": OUTCOMES,
        "limit": TEXT_MAX_LENGTH,
        "citizen_language": _citizen_language(appeal),
        "own_agency": case.agency_id == officer.agency_id,
    }
    return render(request, "backoffice/appeal.html", context, status=400 if errors else 200)


def _citizen_language(appeal: Any) -> str:
    language = appeal.case.application.citizen.language
    return language if language in ("kk", "ru", "en") else "ru"
