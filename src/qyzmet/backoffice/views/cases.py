"""The case page: what the citizen applied for, the registry extract, the automatic checks and
the history; assigning the case to oneself; approving it or rejecting it with a reason;
reversing a decision (officers allowed to)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qyzmet.applications.decisions import assign_case, reason_parts
from qyzmet.applications.facts import extract_rows, form_rows
from qyzmet.applications.models import DECIDED_CASE_STATUSES, PENDING_CASE_STATUSES, Case
from qyzmet.applications.reversals import ground_label, may_reverse, reverse_case
from qyzmet.applications.selectors import case_for_officer, reversals_in_history
from qyzmet.assistant.hints import case_hints
from qyzmet.backoffice.access import CHANNEL, officer_required, problem_page
from qyzmet.backoffice.forms import DecisionForm, ReturnDecisionForm, ReversalForm, SendBackForm
from qyzmet.backoffice.hints import hint_rows
from qyzmet.backoffice.presenters import (
    applicant_iin,
    applicant_name,
    check_rows,
    history_actor,
    is_overdue,
    reference,
    status_label,
)
from qyzmet.backoffice.views.attachments import attachment_rows
from qyzmet.backoffice.views.correction_context import correction_context
from qyzmet.backoffice.views.signatures import signature_view
from qyzmet.backoffice.views.stage_context import history_note, stage_context
from qyzmet.casework.stages import decide_at_stage
from qyzmet.catalog.reasons import reason_templates_for
from qyzmet.core.errors import Conflict, DomainError, Forbidden, Invalid
from qyzmet.core.messages import render as render_message
from qyzmet.core.texts import LANGUAGES, current_language, pick
from qyzmet.core.written import as_html
from qyzmet.documents.selectors import documents_by_case

LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


def _citizen_language(case: Case) -> str:
    language = case.application.citizen.language
    return language if language in LANGUAGES else "ru"


def _decision_form(case: Case, data: Any = None) -> DecisionForm:
    templates = reason_templates_for(agency_id=case.agency_id, service=case.service.slug)
    return DecisionForm(data, templates=templates, language=current_language())


def _history(case: Case) -> list[tuple]:
    """The case's history: each line with its label, who, and the reversal it records, if any
    (its ground in the officer's language, its reason as written)."""
    changes = list(case.history.all())
    reversals = reversals_in_history(changes, case.reversals.all())
    lines = []
    for change in changes:
        reversal = reversals.get(change.pk)
        ground = ground_label(reversal.ground) if reversal else ""
        lines.append(
            (change, status_label(change.status), history_actor(change, case), reversal, ground,
             history_note(change, case))
        )  # fmt: skip
    return lines


def _page(
    request: HttpRequest,
    case: Case,
    form: DecisionForm,
    status: int = 200,
    reversal_form: ReversalForm | None = None,
    send_back_form: SendBackForm | None = None,
    return_form: ReturnDecisionForm | None = None,
) -> HttpResponse:
    language = _citizen_language(case)
    hints = case_hints(case=case, channel=CHANNEL, officer=request.user)
    context = {
        "hints": hints,
        "hint_rows": hint_rows(case, hints),
        "case": case,
        "service": pick(case.service.title),
        "applicant": applicant_name(case),
        "status": status_label(case.status),
        "pending": case.status in PENDING_CASE_STATUSES,
        "overdue": is_overdue(case, timezone.localdate()),
        "form_rows": form_rows(case),
        "extract_rows": extract_rows(case),
        "checks": check_rows(case),
        "history": _history(case),
        "form": form,
        "citizen_language": language,
        "citizen_language_name": LANGUAGE_NAMES[language],
        "document": documents_by_case([case]).get(case.pk),
        "reversible": case.status in DECIDED_CASE_STATUSES and may_reverse(request.user),
        "reversals": [
            (reversal, status_label(reversal.decision), ground_label(reversal.ground))
            for reversal in case.reversals.select_related("officer")
        ],
        "reversal_form": reversal_form or ReversalForm(),
        "signed": signature_view(case),
        "attachments": attachment_rows(case),
        **correction_context(case, send_back_form),
        **stage_context(case, request.user, language, return_form),
    }
    return render(request, "backoffice/case.html", context, status=status)


def _case_or_problem(request: HttpRequest, case_id: uuid.UUID) -> Case | HttpResponse:
    try:
        return case_for_officer(request.user, case_id, channel=CHANNEL)
    except DomainError as refused:
        return problem_page(request, refused)


@officer_required
@require_GET
def case_page(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _case_or_problem(request, case_id)
    if isinstance(case, HttpResponse):
        return case
    return _page(request, case, _decision_form(case))


@officer_required
@require_POST
def assign_to_me(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _case_or_problem(request, case_id)
    if isinstance(case, HttpResponse):
        return case
    try:
        assign_case(case=case, officer=request.user, channel=CHANNEL)
    except (Conflict, Invalid) as refused:
        messages.error(request, render_message(refused.code))
    else:
        messages.success(request, _("The case is assigned to you."))
    return redirect("backoffice:case", case_id=case.pk)


@officer_required
@require_POST
def decide(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Approve; or reject with a catalogue reason, the officer's own words, or both: each once
    the officer confirmed it on a check page (``confirm``; ``change`` goes back to the case
    page with the reason kept)."""
    case = _case_or_problem(request, case_id)
    if isinstance(case, HttpResponse):
        return case
    form = _decision_form(case, request.POST)
    action = request.POST.get("action")
    if not form.is_valid() or action not in {"approve", "reject"}:
        return _page(request, case, form, status=400)
    rejecting = action == "reject"
    if request.POST.get("change"):
        return _page(request, case, form)
    parts = _reason_parts(form) if rejecting else []
    if rejecting and not parts:
        form.add_error("reason", render_message("reason.required"))
        return _page(request, case, form, status=400)
    if request.POST.get("confirm") != "yes" and case.status in PENDING_CASE_STATUSES:
        return _check_page(request, case, form, approve=not rejecting, parts=parts)
    try:
        decided = decide_at_stage(
            case=case,
            officer=request.user,
            approve=not rejecting,
            reason=form.cleaned_data["reason"] if rejecting else "",
            template=form.chosen_template() if rejecting else None,
            channel=CHANNEL,
        )
    except Invalid as refused:
        form.add_error("reason", render_message(refused.code))
        return _page(request, case, form, status=400)
    except Conflict as refused:
        messages.error(request, render_message(refused.code))
        return redirect("backoffice:case", case_id=case.pk)
    if decided.status in PENDING_CASE_STATUSES:
        done = _("The decision is prepared; a supervisor signs it off next.")
    elif action == "approve":
        done = _("The case is approved.")
    else:
        done = _("The case is rejected.")
    messages.success(request, done)
    return redirect("backoffice:case", case_id=case.pk)


def _reason_parts(form: DecisionForm) -> list[Any]:
    return reason_parts(template=form.chosen_template(), reason=form.cleaned_data["reason"])


def _check_page(
    request: HttpRequest, case: Case, form: DecisionForm, *, approve: bool, parts: list[Any]
) -> HttpResponse:
    """ "Approve application QZ-…?": the decision restated, to confirm or take back (no
    script needed: the confirmation is a form of its own)."""
    language = _citizen_language(case)
    context = {
        "case": case,
        "approve": approve,
        "reference": reference(case),
        "service": pick(case.service.title),
        "applicant": applicant_name(case),
        "applicant_iin": applicant_iin(case),
        "form": form,
        "reason": as_html(parts, language),
        "citizen_language": language,
        "citizen_language_name": LANGUAGE_NAMES[language],
        "staged": bool(case.service.stages),
    }
    return render(request, "backoffice/decision_check.html", context)


@officer_required
@require_POST
def reverse(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Reverse the case's decision on a ground, with a reason; it then awaits a new one."""
    case = _case_or_problem(request, case_id)
    if isinstance(case, HttpResponse):
        return case
    form = ReversalForm(request.POST)
    if not form.is_valid():
        return _page(request, case, _decision_form(case), status=400, reversal_form=form)
    try:
        reverse_case(
            case=case,
            officer=request.user,
            ground=form.cleaned_data["ground"],
            reason=form.cleaned_data["reason"],
            channel=CHANNEL,
        )
    except Forbidden as refused:
        return problem_page(request, refused)
    except Invalid as refused:
        for problem in refused.problems:
            form.add_error(problem.field, render_message(problem.code, problem.params))
        return _page(request, case, _decision_form(case), status=400, reversal_form=form)
    except Conflict as refused:
        messages.error(request, render_message(refused.code))
        return redirect("backoffice:case", case_id=case.pk)
    messages.success(request, _("The decision is reversed; the case awaits a new decision."))
    return redirect("backoffice:case", case_id=case.pk)
