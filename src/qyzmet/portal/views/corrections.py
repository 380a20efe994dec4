"""The correction page: what the agency asked to change and why, those fields to change (the
rest shown as kept), and resubmitting."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qyzmet.applications.correction_models import Correction
from qyzmet.applications.corrections import open_correction, resubmit_correction
from qyzmet.applications.models import Case
from qyzmet.applications.selectors import application_of
from qyzmet.core.errors import Conflict, Invalid, NotFound
from qyzmet.core.messages import render as render_message
from qyzmet.portal.forms import field_views, parse_values, service_error_messages
from qyzmet.portal.views.citizen import citizen_required, pending_post

CHANNEL = "portal"


def _own_case(request: HttpRequest, application_id: uuid.UUID, case_id: uuid.UUID) -> Case:
    try:
        application = application_of(request.user, application_id)
    except NotFound:
        raise Http404 from None
    case = next((c for c in application.cases.all() if c.pk == case_id), None)
    if case is None:
        raise Http404
    return case


def _page(
    request: HttpRequest,
    case: Case,
    correction: Correction,
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
) -> HttpResponse:
    named = set(correction.field_names)
    views = field_views(case.service, values, errors)
    to_change = [view for view in views if view.name.split("__", 1)[1] in named]
    kept = [
        view for view in field_views(case.service, case.data, {})
        if view.name.split("__", 1)[1] not in named
    ]  # fmt: skip
    summary = [(view.html_id, view.label, view.error) for view in to_change if view.error]
    summary += [("", "", message) for path, message in errors.items() if not _shown(path, views)]
    context = {
        "application": case.application,
        "case": case,
        "correction": correction,
        "to_change": to_change,
        "kept": kept,
        "errors": summary,
    }
    return render(request, "portal/applications/correction.html", context, status=status)


def _shown(path: str, views: list[Any]) -> bool:
    return any(path == f"data.{view.service}.{view.name.split('__', 1)[1]}" for view in views)


@citizen_required
def correct(request: HttpRequest, application_id: uuid.UUID, case_id: uuid.UUID) -> HttpResponse:
    case = _own_case(request, application_id, case_id)
    correction = open_correction(case)
    if correction is None:
        return redirect("portal:application", application_id)
    post = request.POST if request.method == "POST" else pending_post(request)
    if post is None:
        return _page(request, case, correction, dict(case.data), {})
    posted = parse_values(case.service, post)
    data = {name: posted.get(name) for name in correction.field_names}
    values = {**case.data, **data}
    try:
        resubmit_correction(case=case, citizen=request.user, data=data, channel=CHANNEL)
    except Invalid as invalid:
        services = [case.service]
        errors = service_error_messages(services, {case.service.slug: values}, invalid.problems)
        return _page(request, case, correction, values, errors, status=400)
    except Conflict as conflict:
        messages.error(request, render_message(conflict.code))
        return redirect("portal:application", application_id)
    messages.success(request, _("Your correction is sent. The agency will decide on it."))
    return redirect("portal:application", application_id)
