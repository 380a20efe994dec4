"""The applicant's signature on the case page, and checking it again."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qyzmet.applications.models import Case
from qyzmet.applications.selectors import case_for_officer
from qyzmet.applications.signature_checks import signature_of, verify_application_signature
from qyzmet.applications.signatures import SignatureMethod
from qyzmet.backoffice.access import CHANNEL, officer_required, problem_page
from qyzmet.core.errors import DomainError
from qyzmet.core.messages import render as render_message


def signature_view(case: Case) -> dict[str, Any] | None:
    """What the officer reads of how the application was signed: the method, the signer and
    their certificate, the outcome at submission and of the last check, with its problems in
    the officer's language."""
    kept = signature_of(case.application)
    if kept is None:
        return None
    latest = kept.latest
    return {
        "signature": kept,
        "eds": kept.method == SignatureMethod.EDS,
        "latest": latest,
        "problems": [render_message(code) for code in (latest.problems if latest else [])],
        "digest": " ".join(kept.document_digest[i : i + 8] for i in range(0, 64, 8)),
    }


@officer_required
@require_POST
def verify_signature(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Check the application's signature again now; the outcome is recorded and shown."""
    try:
        case = case_for_officer(request.user, case_id, channel=CHANNEL)
        check = verify_application_signature(
            application=case.application, actor=request.user, channel=CHANNEL
        )
    except DomainError as refused:
        return problem_page(request, refused)
    if check.valid:
        messages.success(request, _("The signature holds today."))
    else:
        messages.error(request, _("The signature does not hold today: see why below."))
    return redirect("backoffice:case", case_id=case.pk)
