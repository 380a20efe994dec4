"""Sending a case back for correction from the case page, once the officer confirmed it on a
check page (``confirm``; ``change`` goes back to the case page with what was chosen kept)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qyzmet.applications.corrections import send_back
from qyzmet.applications.validation import FieldProblem
from qyzmet.backoffice.access import CHANNEL, officer_required, problem_page
from qyzmet.backoffice.presenters import applicant_iin, applicant_name, reference
from qyzmet.backoffice.views.cases import (
    LANGUAGE_NAMES,
    _case_or_problem,
    _citizen_language,
    _decision_form,
    _page,
)
from qyzmet.backoffice.views.correction_context import send_back_form
from qyzmet.core.errors import Conflict, Forbidden, Invalid
from qyzmet.core.messages import render as render_message
from qyzmet.core.texts import pick
from qyzmet.core.written import as_html, written

FORM_FIELDS = {"fields": "fields_to_change", "documents": "fields_to_change", "message": "message"}


@officer_required
@require_POST
def send_back_case(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _case_or_problem(request, case_id)
    if isinstance(case, HttpResponse):
        return case
    form = send_back_form(case, request.POST)
    if not form.is_valid() or request.POST.get("change"):
        status = 200 if form.is_valid() else 400
        return _page(request, case, _decision_form(case), status=status, send_back_form=form)
    fields, documents = form.chosen()
    message = form.cleaned_data["message"]
    language = _citizen_language(case)
    try:
        if request.POST.get("confirm") != "yes":
            _refuse_incomplete(fields + documents, message)
            context = {
                "case": case,
                "reference": reference(case),
                "service": pick(case.service.title),
                "applicant": applicant_name(case),
                "applicant_iin": applicant_iin(case),
                "form": form,
                "labels": form.chosen_labels(),
                "message": as_html([written(message.strip())], language),
                "term": case.service.correction,
                "citizen_language": language,
                "citizen_language_name": LANGUAGE_NAMES[language],
            }
            return render(request, "backoffice/send_back_check.html", context)
        send_back(case=case, officer=request.user, fields=fields, documents=documents,
                  message=message, channel=CHANNEL)  # fmt: skip
    except Forbidden as refused:
        return problem_page(request, refused)
    except Invalid as refused:
        for problem in refused.problems:
            form.add_error(FORM_FIELDS[problem.field], render_message(problem.code, problem.params))
        return _page(request, case, _decision_form(case), status=400, send_back_form=form)
    except Conflict as refused:
        messages.error(request, render_message(refused.code, refused.params))
        return redirect("backoffice:case", case_id=case.pk)
    messages.success(
        request,
        _("The case is sent back for correction; its deadline stops until the citizen resubmits."),
    )
    return redirect("backoffice:case", case_id=case.pk)


def _refuse_incomplete(fields: list[str], message: str) -> None:
    """What the domain refuses, said before the check page (the domain checks it again)."""
    problems = []
    if not fields:
        problems.append(FieldProblem("fields", "correction.fields_required"))
    if not message.strip():
        problems.append(FieldProblem("message", "correction.message_required"))
    if problems:
        raise Invalid("correction.invalid", problems)
