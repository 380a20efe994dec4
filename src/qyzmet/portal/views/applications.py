"""'My applications': the citizen's applications, each with its cases and their timeline."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qyzmet.applications.selectors import (
    application_of,
    application_seen_by,
    applications_seen_by,
)
from qyzmet.applications.services import withdraw_application
from qyzmet.applications.signature_checks import signature_of
from qyzmet.core.errors import Conflict, NotFound
from qyzmet.core.messages import render as render_message
from qyzmet.documents.selectors import documents_by_case
from qyzmet.partners.selectors import partner_named
from qyzmet.payments.selectors import payments_of
from qyzmet.payments.services import amount_due
from qyzmet.portal.representation import company_bins
from qyzmet.portal.views.citizen import citizen_required

CHANNEL = "portal"


@citizen_required
def application_list(request: HttpRequest) -> HttpResponse:
    companies = company_bins(request)
    applications = applications_seen_by(request.user, companies=companies)
    return render(request, "portal/applications/list.html", {"applications": applications})


@citizen_required
def application_detail(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    try:
        application = application_seen_by(
            request.user, application_id, companies=company_bins(request)
        )
    except NotFound:
        raise Http404 from None
    cases = list(application.cases.all())
    history = list(application.history.all())
    timelines = {case.pk: [h for h in history if h.case_id == case.pk] for case in cases}
    documents = documents_by_case(cases)
    return render(
        request,
        "portal/applications/detail.html",
        {
            "application": application,
            "cases": [(case, timelines[case.pk], documents.get(case.pk)) for case in cases],
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
