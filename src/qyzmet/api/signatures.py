"""Signing an application: the document to sign for a draft, an SMS code confirming it, the
signature kept with a submitted application and checking it again (the citizen, a partner
acting for them, an officer of a case's agency)."""

from __future__ import annotations

import base64
from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Router, Status

from qyzmet.api.applications import READ, WRITE, _application, code_requester
from qyzmet.api.callers import channel_of, citizen_of, officer_of
from qyzmet.api.presenters import signature_out
from qyzmet.api.schemas import CodeSentOut, SignatureOut, SigningOut
from qyzmet.applications.models import ApplicationStatus
from qyzmet.applications.selectors import case_for_officer
from qyzmet.applications.signature_checks import (
    request_signing_code,
    signing_request,
    verify_application_signature,
)
from qyzmet.core.clients import client_address
from qyzmet.core.errors import Conflict, NotFound

router = Router(tags=["signatures"])


@router.get("/applications/{application_id}/signing", response=SigningOut)
def get_signing(request: HttpRequest, application_id: str) -> dict[str, Any]:
    """The document the applicant signs to submit this draft (canonical XML: the same bytes
    for every channel), its SHA-256 digest and how it may be signed. Sign it as an enveloped
    XML signature with the applicant's EDS and send it with `POST .../submit`; any change to
    the draft makes another document."""
    citizen = citizen_of(request, READ)
    application = _application(request, citizen, application_id)
    if application.status != ApplicationStatus.DRAFT:
        raise Conflict("application.not_draft")
    signing = signing_request(application)
    return {
        "application": application.pk,
        "assurance": signing.assurance,
        "methods": list(signing.methods),
        "document": signing.document.decode(),
        "document_base64": base64.b64encode(signing.document).decode(),
        "digest": signing.digest,
    }


@router.post("/applications/{application_id}/signing/code", response={202: CodeSentOut})
def send_signing_code(request: HttpRequest, application_id: str) -> Status:
    """Send the applicant, by SMS to the phone the state holds, a code confirming this draft's
    document (where its services allow SMS); send it as `signature.sms_code` when submitting."""
    citizen = citizen_of(request, WRITE)
    application = _application(request, citizen, application_id)
    sent = request_signing_code(
        application=application, citizen=citizen, channel=channel_of(request),
        requester=code_requester(request, citizen), address=client_address(request),
        language=get_language() or "",
    )  # fmt: skip
    return Status(202, {"sent_to": sent.sent_to, "digest": sent.digest, "minutes": sent.minutes})


@router.get("/applications/{application_id}/signature", response=SignatureOut)
def get_signature(request: HttpRequest, application_id: str) -> dict[str, Any]:
    """How the application was signed when it was submitted, and every later check."""
    citizen = citizen_of(request, READ)
    return _signature(_application(request, citizen, application_id))


@router.post("/applications/{application_id}/signature/verification", response=SignatureOut)
def verify_signature(request: HttpRequest, application_id: str) -> dict[str, Any]:
    """Check the application's signature again: the certificate as of the time the application
    was signed (an expiry since does not matter; a revocation dated before it does), that time
    against the sealed audit log, the document against the application as it is kept; the
    check is recorded."""
    citizen = citizen_of(request, READ)
    application = _application(request, citizen, application_id)
    verify_application_signature(application=application, actor=citizen,
                                 channel=channel_of(request))  # fmt: skip
    return _signature(application)


@router.post("/cases/{case_id}/signature/verification", response=SignatureOut)
def verify_case_signature(request: HttpRequest, case_id: str) -> dict[str, Any]:
    """An officer of the case's agency checks the application's signature again (as of the
    time it was signed)."""
    officer = officer_of(request)
    case = case_for_officer(officer, case_id, channel="api")
    verify_application_signature(application=case.application, actor=officer, channel="api")
    return _signature(case.application)


def _signature(application: Any) -> dict[str, Any]:
    found = signature_out(application)
    if found is None:
        raise NotFound("signing.none")
    return found
