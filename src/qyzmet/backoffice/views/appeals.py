"""Appeals in the back office: the queue of the appeals the officer's agency decides (overdue
ones marked, with the figures per service), and an appeal's page (the citizen's reasons and
documents) where an officer with the role ``appeals`` who took no part in the decision appealed
upholds it (the decision is reversed) or dismisses it with reasons, each once confirmed on a
check page (as a case's decision, decision 44)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from qyzmet.attachments.content_types import download_headers, served_type, type_names
from qyzmet.backoffice.access import CHANNEL, officer_required, problem_page
from qyzmet.backoffice.presenters import applicant_iin, applicant_name, reference, status_label
from qyzmet.backoffice.views.cases import LANGUAGE_NAMES
from qyzmet.casework.appeal_attachments import (
    attachments_of_appeal,
    download_name,
    open_appeal_attachment,
)
from qyzmet.casework.appeal_selectors import appeals_by_service, appeals_queue, is_overdue
from qyzmet.casework.appeals import (
    APPEALS_ROLE,
    TEXT_MAX_LENGTH,
    appeal_of,
    checked_appeal_decision,
    conflict_code,
    decide_appeal,
    may_decide_appeals,
    took_part_in_decision,
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
    """The appeal; POST decides it: first the check page ("Uphold this appeal: the decision
    will be reversed", "Dismiss with these reasons"), then only its Confirm (``confirm=yes``)
    decides; ``change`` returns to the page with the reasons kept."""
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
            checked_appeal_decision(outcome=values["outcome"], reason=values["reason"])
            if request.POST.get("change"):
                return _page(request, appeal, values, errors)
            if request.POST.get("confirm") != "yes":
                return _check_page(request, appeal, values)
            decide_appeal(appeal=appeal, officer=officer, outcome=values["outcome"],
                          reason=values["reason"], channel=CHANNEL,
                          language=_citizen_language(appeal))  # fmt: skip
        except Invalid as invalid:
            errors = {p.field: render_message(p.code, p.params) for p in invalid.problems}
        except Forbidden as refused:  # took part in the decision appealed (audited)
            return problem_page(request, refused)
        except Conflict as conflict:
            messages.error(request, render_message(conflict.code, conflict.params))
            return redirect("backoffice:appeal", appeal.pk)
        else:
            messages.success(request, _("The appeal is decided; the citizen is told."))
            return redirect("backoffice:appeal", appeal.pk)
    return _page(request, appeal, values, errors)


def _summary(appeal: Any) -> dict[str, Any]:
    case = appeal.case
    return {
        "appeal": appeal,
        "case": case,
        "reference": reference(case),
        "applicant": applicant_name(case),
        "applicant_iin": applicant_iin(case),
        "decision": status_label(appeal.decision) if appeal.decision else "",
        "citizen_language": _citizen_language(appeal),
    }


def _page(request: HttpRequest, appeal: Any, values: dict[str, str],
          errors: dict[str, str]) -> HttpResponse:  # fmt: skip
    officer: Any = request.user
    case = appeal.case
    context = {
        **_summary(appeal),
        "case_status": status_label(case.status),
        "overdue": is_overdue(appeal),
        "may_decide": may_decide_appeals(officer, appeal.body),
        "own_decision": render_message(conflict_code(appeal))
        if took_part_in_decision(appeal, officer)
        else "",
        "documents": [
            {"document": a, "type": type_names([a.content_type])}
            for a in attachments_of_appeal(appeal)
        ],
        "values": values,
        "errors": errors,
        "outcomes": OUTCOMES,
        "limit": TEXT_MAX_LENGTH,
        "own_agency": case.agency_id == officer.agency_id,
    }
    return render(request, "backoffice/appeal.html", context, status=400 if errors else 200)


def _check_page(request: HttpRequest, appeal: Any, values: dict[str, str]) -> HttpResponse:
    """The outcome restated with the reasons the citizen will read, to confirm or change."""
    summary = _summary(appeal)
    context = {
        **summary,
        "values": values,
        "upheld": values["outcome"] == "upheld",
        "citizen_language_name": LANGUAGE_NAMES[summary["citizen_language"]],
    }
    return render(request, "backoffice/appeal_check.html", context)


@officer_required
@require_GET
def download(request: HttpRequest, appeal_id: int, attachment_id: uuid.UUID) -> HttpResponse:
    """A document of the appeal, for an officer who decides it (written to the data tracker)."""
    officer: Any = request.user
    try:
        appeal = appeal_of(appeal_id=appeal_id, officer=officer, channel=CHANNEL)
        attachment = open_appeal_attachment(
            appeal=appeal, officer=officer, attachment_id=attachment_id, channel=CHANNEL
        )
    except DomainError as refused:
        return problem_page(request, refused)
    return HttpResponse(
        bytes(attachment.content or b""), content_type=served_type(attachment.content_type),
        headers=download_headers(download_name(appeal, attachment)),
    )  # fmt: skip


def _citizen_language(appeal: Any) -> str:
    language = appeal.case.application.citizen.language
    return language if language in ("kk", "ru", "en") else "ru"
