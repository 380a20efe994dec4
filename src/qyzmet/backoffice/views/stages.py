"""Signing off a decision prepared at an earlier stage, or returning it to review with a note,
from the case page. The four-eyes refusal (the officer who prepared it) and a missing role are
said on the case page, not as an error page: the officer is where they can see why."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qyzmet.applications.models import PENDING_CASE_STATUSES
from qyzmet.backoffice.access import CHANNEL, officer_required, problem_page
from qyzmet.backoffice.forms import ReturnDecisionForm
from qyzmet.backoffice.views.cases import (
    _case_or_problem,
    _decision_form,
    _page,
)
from qyzmet.casework.stages import return_to_review, sign_off
from qyzmet.core.errors import Conflict, Forbidden, Invalid
from qyzmet.core.messages import render as render_message


@officer_required
@require_POST
def sign_off_decision(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _case_or_problem(request, case_id)
    if isinstance(case, HttpResponse):
        return case
    try:
        decided = sign_off(case=case, officer=request.user, channel=CHANNEL)
    except Forbidden as refused:
        if refused.code == "case.other_agency":
            return problem_page(request, refused)
        messages.error(request, render_message(refused.code))
        return redirect("backoffice:case", case_id=case.pk)
    except Conflict as refused:
        messages.error(request, render_message(refused.code))
        return redirect("backoffice:case", case_id=case.pk)
    if decided.status in PENDING_CASE_STATUSES:
        messages.success(request, _("Signed off; the decision moves to the next stage."))
    else:
        messages.success(request, _("Signed off: the decision is taken and the citizen is told."))
    return redirect("backoffice:case", case_id=case.pk)


@officer_required
@require_POST
def return_decision(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _case_or_problem(request, case_id)
    if isinstance(case, HttpResponse):
        return case
    form = ReturnDecisionForm(request.POST)
    if not form.is_valid():
        return _page(request, case, _decision_form(case), status=400, return_form=form)
    try:
        return_to_review(
            case=case,
            officer=request.user,
            note=form.cleaned_data["note"],
            channel=CHANNEL,
        )
    except Forbidden as refused:
        if refused.code == "case.other_agency":
            return problem_page(request, refused)
        messages.error(request, render_message(refused.code))
        return redirect("backoffice:case", case_id=case.pk)
    except Invalid as refused:
        for problem in refused.problems:
            form.add_error("note", render_message(problem.code, problem.params))
        return _page(request, case, _decision_form(case), status=400, return_form=form)
    except Conflict as refused:
        messages.error(request, render_message(refused.code))
        return redirect("backoffice:case", case_id=case.pk)
    messages.success(request, _("The decision is returned to review with your note."))
    return redirect("backoffice:case", case_id=case.pk)
