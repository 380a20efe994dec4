"""The consulted agency's side: the list of consultations asked of the officer's agency (open
ones first, the earliest term first; answered ones on request), and a consultation's page,
where an officer reads only what the answer needs (the service, the reference, the prepared
decision and, while it is open, the form's fields its stage names; not the applicant's name
nor IIN, the registry extract, the attachments or the history) and answers, agreeing or
objecting with a note."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from qyzmet.applications.decisions import reason_parts
from qyzmet.applications.facts import form_rows
from qyzmet.backoffice.access import CHANNEL, officer_required, problem_page
from qyzmet.backoffice.consultation_forms import ConsultationAnswerForm
from qyzmet.backoffice.presenters import reference
from qyzmet.casework.consultation_models import Consultation
from qyzmet.casework.consultation_reads import STATES, agency_consultations, consulted_fields
from qyzmet.casework.consultations import answer_consultation, consultation_for_officer
from qyzmet.core.errors import Conflict, DomainError, Invalid
from qyzmet.core.messages import render as render_message
from qyzmet.core.texts import current_language, pick
from qyzmet.core.written import as_html

PER_PAGE = 25


@officer_required
@require_GET
def consultations(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state")
    state = state if state in STATES else "open"
    found = agency_consultations(request.user, state=state)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {"consultation": c, "reference": reference(c.case), "service": pick(c.case.service.title),
         "asking": pick(c.case.agency.name)}
        for c in page.object_list
    ]  # fmt: skip
    return render(
        request, "backoffice/consultations.html", {"rows": rows, "page": page, "state": state}
    )


@officer_required
@require_http_methods(["GET", "POST"])
def consultation_page(request: HttpRequest, consultation_id: int) -> HttpResponse:
    if request.method == "POST":
        return _answer(request, consultation_id)
    try:
        consultation = consultation_for_officer(
            officer=request.user, consultation_id=consultation_id, channel=CHANNEL
        )
    except DomainError as refused:
        return problem_page(request, refused)
    return _page(request, consultation, ConsultationAnswerForm())


def _answer(request: HttpRequest, consultation_id: int) -> HttpResponse:
    form = ConsultationAnswerForm(request.POST)
    try:
        if not form.is_valid():
            consultation = consultation_for_officer(
                officer=request.user, consultation_id=consultation_id, channel=CHANNEL
            )
            return _page(request, consultation, form, status=400)
        answer_consultation(
            consultation_id=consultation_id, officer=request.user,
            agree=form.cleaned_data["answer"] == "agree", note=form.cleaned_data["note"],
            channel=CHANNEL, language=current_language(),
        )  # fmt: skip
    except Invalid as refused:
        for problem in refused.problems:
            form.add_error("note", render_message(problem.code, problem.params))
        consultation = consultation_for_officer(
            officer=request.user, consultation_id=consultation_id, channel=CHANNEL
        )
        return _page(request, consultation, form, status=400)
    except Conflict as refused:
        messages.error(request, render_message(refused.code))
        return redirect("backoffice:consultation", consultation_id=consultation_id)
    except DomainError as refused:
        return problem_page(request, refused)
    messages.success(request, _("Your answer is sent: the agency that asked reads it now."))
    return redirect("backoffice:consultation", consultation_id=consultation_id)


def _page(
    request: HttpRequest,
    consultation: Consultation,
    form: ConsultationAnswerForm,
    status: int = 200,
) -> HttpResponse:
    case = consultation.case
    prepared = consultation.prepared
    reason = prepared.reason or {}
    parts = reason_parts(template=reason.get("template"), reason=reason.get("text") or "")
    context: dict[str, Any] = {
        "consultation": consultation,
        "case": case,
        "reference": reference(case),
        "service": pick(case.service.title),
        "asking": pick(case.agency.name),
        "prepared": prepared,
        "prepared_reason": as_html(parts, current_language()) if parts else "",
        "form_rows": form_rows(case, only=consulted_fields(consultation)),
        "form": form,
    }
    return render(request, "backoffice/consultation.html", context, status=status)
