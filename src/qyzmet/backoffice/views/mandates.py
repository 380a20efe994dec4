"""Recording notarised mandates and guardianships (carers included) from their papers, for
officers of the agency that records them; and ending one when a court or the paper says so."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from qyzmet.backoffice.access import CHANNEL, officer_required, problem_page
from qyzmet.backoffice.forms import MandateRecordForm
from qyzmet.core.errors import Conflict, DomainError, Forbidden, Invalid
from qyzmet.core.messages import render as render_message
from qyzmet.representation import rules
from qyzmet.representation.agency import may_record
from qyzmet.representation.mandates import end_mandate
from qyzmet.representation.notices import services_text
from qyzmet.representation.records import record_mandate
from qyzmet.representation.selectors import mandate_of, mandate_services, recorded_mandates


def _page(request: HttpRequest, form: MandateRecordForm, *, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    rows = [
        {"mandate": m, "state": m.state(today), "services": services_text(list(m.services))}
        for m in recorded_mandates(request.user)
    ]
    return render(request, "backoffice/mandates.html", {"form": form, "rows": rows}, status=status)


def _people_problems(form: MandateRecordForm) -> None:
    """What the domain's rules say of the two IINs typed, when the form stopped before."""
    principal = form.cleaned_data.get("principal_iin")
    representative = form.cleaned_data.get("representative_iin")
    if principal and representative:
        for problem in rules.people_problems(principal.strip(), representative.strip()):
            form.add_error(problem.field, render_message(problem.code, problem.params))


@officer_required
@require_http_methods(["GET", "POST"])
def mandates(request: HttpRequest) -> HttpResponse:
    officer: Any = request.user
    if not may_record(officer):
        return problem_page(request, Forbidden("mandate.officer_agency"))
    services = mandate_services()
    if request.method == "GET":
        return _page(request, MandateRecordForm(services=services))
    form = MandateRecordForm(request.POST, services=services)
    if not form.is_valid():
        _people_problems(form)  # every problem at once, the IINs' too
        return _page(request, form, status=400)
    try:
        record_mandate(officer=officer, channel=CHANNEL, **form.cleaned_data)
    except Invalid as refused:
        for problem in refused.problems:
            form.add_error(problem.field, render_message(problem.code, problem.params))
        return _page(request, form, status=400)
    except Forbidden as refused:
        return problem_page(request, refused)
    messages.success(request, render_message("mandate.recorded"))
    return redirect("backoffice:mandates")


@officer_required
@require_POST
def end(request: HttpRequest, mandate_id: uuid.UUID) -> HttpResponse:
    """End a recorded mandate (a guardianship lifted, a power of attorney revoked)."""
    try:
        mandate = mandate_of(request.user, mandate_id)
        end_mandate(mandate=mandate, person=request.user, channel=CHANNEL)
    except Conflict as refused:
        messages.error(request, render_message(refused.code))
    except DomainError as refused:
        return problem_page(request, refused)
    else:
        messages.success(request, render_message("mandate.ended"))
    return redirect("backoffice:mandates")
