"""Signing a submission: what a service's assurance asks for, checking what the applicant gave
(an XML signature made with their EDS, or an SMS code confirming the document's digest),
keeping it with the application, and checking it again later (as of the time it was signed:
``signing_time``).

``submit_application`` calls ``check_signature`` before its write transaction (verifying a
certificate asks its CA's OCSP responder) and ``keep_signature`` inside it;
``verify_application_signature`` is the one write path of a later check (the command line,
the API, the back office)."""

from __future__ import annotations

import base64
import binascii
import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from qyzmet.applications.models import Application
from qyzmet.applications.signatures import (
    ApplicationSignature,
    SignatureMethod,
    SignatureVerification,
)
from qyzmet.applications.signer_rights import signer_problem
from qyzmet.applications.signing import (
    accepted_methods,
    document_digest,
    required_assurance,
    same_document,
    signing_document,
)
from qyzmet.applications.signing_time import signing_time
from qyzmet.audit.services import record_audit
from qyzmet.catalog.models import ServiceVersion
from qyzmet.core.errors import Conflict, Invalid, Malformed, NotFound
from qyzmet.identity.verifiers import SignatureCheck, VerifierRegistry, verifier

XMLDSIG = "xmldsig"
SIGNING_PURPOSE = "application.signing"  # what an SMS confirmation is asked for


class SignatureRefused(Invalid):
    """The submission needs a signature it does not have, or the one given does not hold: the
    applicant can sign (again) and submit. HTTP 422; a channel that knows nothing of signing
    treats it as any submission it cannot make (the draft is kept)."""


@dataclass(frozen=True)
class SignatureIn:
    """What the applicant gave to sign a submission: the signed XML (EDS), or the SMS code
    with the ``requester`` (browser session, chat, partner) that asked for it and its client
    ``address`` (wrong codes count against them: ``accounts.attempts``)."""

    signed_xml: bytes = b""
    code: str = ""
    requester: str = ""
    address: str | None = None

    @classmethod
    def from_base64(
        cls, signed_xml: str = "", code: str = "", *, requester: str = "",
        address: str | None = None,
    ) -> SignatureIn:  # fmt: skip
        """From a request: the signed XML in base64 (as NCALayer returns it), or a code."""
        try:
            xml = base64.b64decode(signed_xml.strip(), validate=True) if signed_xml else b""
        except (binascii.Error, ValueError):
            raise Malformed("signing.malformed") from None
        return cls(signed_xml=xml, code=code.strip(), requester=requester, address=address)

    def __bool__(self) -> bool:
        return bool(self.signed_xml or self.code)


@dataclass(frozen=True)
class SigningRequest:
    """What the applicant of a draft is asked to sign, and how they may."""

    assurance: str  # none, sms or eds
    document: bytes
    digest: str

    @property
    def methods(self) -> tuple[str, ...]:
        return accepted_methods(self.assurance)


@dataclass(frozen=True)
class CheckedSignature:
    """A signature checked before the write transaction, kept by ``keep_signature``."""

    method: str
    assurance: str
    document: bytes
    signed_xml: bytes = b""
    check: SignatureCheck | None = None
    confirmation: Any = None  # accounts.Confirmation
    checked_at: datetime.datetime | None = None


def signing_request(
    application: Application, services: list[ServiceVersion] | None = None
) -> SigningRequest:
    """The document to sign for a draft (``services``: those its answers select)."""
    if services is None:
        from qyzmet.applications.services import applicable_services

        services = applicable_services(application)
    document = signing_document(application, services)
    return SigningRequest(
        assurance=required_assurance(services), document=document,
        digest=document_digest(document),
    )  # fmt: skip


def _refuse(application: Application, citizen: Any, channel: str, code: str) -> SignatureRefused:
    """Audit a refused signature (in its own transaction: the submission rolls back) and
    return the error to raise."""
    if not application._state.adding:
        with transaction.atomic():
            record_audit(actor=citizen, action="application.signature_refused", obj=application,
                         channel=channel, details={"problem": code})  # fmt: skip
    return SignatureRefused(code)


def _check_eds(
    request: SigningRequest,
    signed_xml: bytes,
    citizen: Any,
    registry: VerifierRegistry | None,
    *,
    application: Application,
    ground: str | None,
) -> tuple[SignatureCheck, str]:
    """Verify an XML signature: valid, by the applicant, with a certificate that may sign this
    application (``signer_rights``), of this very document. The second value is the first
    problem ('' when it holds)."""
    check = verifier(XMLDSIG, registry).verify(signed=signed_xml)
    if not check.valid:
        return check, (check.problems[0] if check.problems else "signing.invalid")
    if check.signer is None or check.signer.iin != citizen.iin:
        return check, "signing.not_applicant"
    if not check.signer.non_repudiation:  # a sign-in (AUTH_) certificate binds no one
        return check, "signing.authentication_certificate"
    if problem := signer_problem(application=application, signer=check.signer, ground=ground):
        return check, problem
    if not same_document(check.signed_content, request.document):
        return check, "signing.other_document"
    return check, ""


@dataclass(frozen=True)
class CodeSent:
    sent_to: str  # the phone, masked
    digest: str
    minutes: int


def _label(application: Application) -> dict[str, str]:
    number = application.reference
    return {"kk": f"№ {number} өтінішке қол қою", "ru": f"подпись заявления № {number}",
            "en": f"signing application {number}"}  # fmt: skip


def request_signing_code(
    *,
    application: Application,
    citizen: Any,
    channel: str,
    requester: str,
    address: str | None = None,
    language: str = "",
) -> CodeSent:
    """Send the applicant of a draft an SMS code confirming its document's digest, where its
    services allow SMS (``accounts.confirmations``: to the phone the population registry
    holds), for ``requester`` alone."""
    from qyzmet.accounts.confirmations import request_confirmation_code
    from qyzmet.applications.models import ApplicationStatus

    if application.status != ApplicationStatus.DRAFT:
        raise Conflict("application.not_draft")
    request = signing_request(application)
    if SignatureMethod.SMS not in request.methods:
        # the application's services decide how it is signed: asking otherwise conflicts
        raise Conflict("signing.eds_required" if request.methods else "signing.none_needed")
    sent = request_confirmation_code(
        citizen=citizen, digest=request.digest, purpose=SIGNING_PURPOSE,
        label=_label(application), language=language or citizen.language or "ru",
        channel=channel, requester=requester, address=address,
    )  # fmt: skip
    return CodeSent(sent_to=sent.phone_masked, digest=request.digest, minutes=sent.minutes)


def _confirm_sms(request: SigningRequest, signature: SignatureIn, citizen: Any, channel: str):
    """The citizen's confirmation of the document's digest with the SMS code (used up); a
    wrong, expired or other document's code is a refused signature."""
    from qyzmet.accounts.confirmations import confirm_code

    try:
        return confirm_code(
            citizen=citizen, digest=request.digest, code=signature.code, channel=channel,
            requester=signature.requester, address=signature.address,
        )  # fmt: skip
    except Invalid as wrong:  # the code's own message: wrong, or not six digits
        raise SignatureRefused(wrong.code) from None


def check_signature(
    *,
    application: Application,
    services: list[ServiceVersion],
    signature: SignatureIn | None,
    citizen: Any,
    channel: str,
    verifiers: VerifierRegistry | None = None,
    ground: str | None = None,
) -> CheckedSignature | None:
    """Check what the applicant gave to sign ``application`` with ``services`` (reads only,
    but for an SMS code, which is used up). None when the services need no signature; refused
    (``SignatureRefused``, audited) when they need one that is missing or does not hold.
    ``ground``: on what ground the applicant acts for this submission (``signer_rights``)."""
    assurance = required_assurance(services)
    if assurance == "none":
        return None
    if application._state.adding:  # one call with no draft: there was nothing to sign yet
        raise SignatureRefused("signing.draft_first")
    if not signature:
        raise SignatureRefused("signing.required_eds" if assurance == "eds" else "signing.required")
    request = signing_request(application, services)
    if signature.signed_xml:
        check, problem = _check_eds(
            request, signature.signed_xml, citizen, verifiers, application=application,
            ground=ground,
        )  # fmt: skip
        if problem:
            raise _refuse(application, citizen, channel, problem)
        return CheckedSignature(
            method=SignatureMethod.EDS, assurance=assurance, document=request.document,
            signed_xml=signature.signed_xml, check=check, checked_at=check.checked_at,
        )  # fmt: skip
    if SignatureMethod.SMS not in request.methods:
        raise _refuse(application, citizen, channel, "signing.eds_required")
    confirmation = _confirm_sms(request, signature, citizen, channel)
    return CheckedSignature(
        method=SignatureMethod.SMS, assurance=assurance, document=request.document,
        confirmation=confirmation, checked_at=timezone.now(),
    )  # fmt: skip


def keep_signature(
    *,
    application: Application,
    services: list[ServiceVersion],
    checked: CheckedSignature | None,
    citizen: Any,
    channel: str,
) -> ApplicationSignature | None:
    """Keep the checked signature with the submitted application (in the submission's
    transaction, the draft locked): refused if the draft changed after it was signed."""
    if checked is None:
        if required_assurance(services) != "none":  # the answers changed meanwhile
            raise SignatureRefused("signing.required")
        return None
    if signing_document(application, services) != checked.document:
        raise SignatureRefused("signing.other_document")
    signer = checked.check.signer if checked.check else None
    kept = ApplicationSignature.objects.create(
        application=application,
        method=checked.method,
        assurance=checked.assurance,
        document=checked.document.decode(),
        document_digest=document_digest(checked.document),
        signed_xml=checked.signed_xml.decode("utf-8", errors="replace"),
        signer_iin=signer.iin if signer else citizen.iin,
        signer_name=signer.name if signer else "",
        signer_bin=signer.bin if signer else "",
        signer_role=signer.role if signer else "",
        certificate_serial=signer.certificate_serial if signer else "",
        certificate_issuer=signer.certificate_issuer if signer else "",
        confirmation=checked.confirmation,
        valid=True,
        problems=[],
        checked_at=checked.checked_at or timezone.now(),
        channel=channel,
    )
    details = {"method": kept.method, "digest": kept.document_digest}
    if kept.certificate_serial:
        details["certificate"] = kept.certificate_serial
    record_audit(actor=citizen, action="application.signed", obj=application, channel=channel,
                 details=details)  # fmt: skip
    return kept


def signature_of(application: Application) -> ApplicationSignature | None:
    return ApplicationSignature.objects.filter(application=application).first()


def _problems(
    kept: ApplicationSignature, registry: VerifierRegistry | None
) -> tuple[list[str], datetime.datetime]:
    """What is wrong with ``kept`` today, its certificate judged as of the time it was signed
    (``signing_time``), and that time."""
    from qyzmet.applications.services import applicable_services

    signed = signing_time(kept)
    problems: list[str] = list(signed.problems)
    document = kept.document.encode()
    if document_digest(document) != kept.document_digest:
        problems.append("signing.changed")
    if signing_document(kept.application, applicable_services(kept.application)) != document:
        problems.append("signing.changed")
    if kept.method == SignatureMethod.EDS:
        check = verifier(XMLDSIG, registry).verify(signed=kept.signed_xml.encode(), at=signed.at)
        problems.extend(check.problems or ([] if check.valid else ["signing.invalid"]))
        if check.valid and (check.signer is None or check.signer.iin != kept.signer_iin):
            problems.append("signing.not_applicant")
        if check.valid and check.signer is not None and not check.signer.non_repudiation:
            problems.append("signing.authentication_certificate")
        if check.valid and check.signer is not None:
            problems.append(signer_problem(application=kept.application, signer=check.signer))
        if check.valid and not same_document(check.signed_content, document):
            problems.append("signing.other_document")
    elif not _confirmation_holds(kept):
        problems.append("signing.confirmation_missing")
    return list(dict.fromkeys(p for p in problems if p)), signed.at


def _confirmation_holds(kept: ApplicationSignature) -> bool:
    """The SMS confirmation is on record, by the applicant, for this very digest."""
    confirmation = kept.confirmation
    return (
        confirmation is not None
        and confirmation.digest == kept.document_digest
        and confirmation.citizen_id == kept.application.citizen_id
    )


def verify_application_signature(
    *,
    application: Application,
    actor: Any,
    channel: str,
    verifiers: VerifierRegistry | None = None,
) -> SignatureVerification:
    """Check an application's signature again: the signer's certificate as of the time it was
    signed (valid then, and not revoked before then, as its CA answers today), that time
    against the sealed audit log, the document against the application as it is stored;
    record the outcome and audit it."""
    kept = signature_of(application)
    if kept is None:
        raise NotFound("signing.none")
    problems, as_of = _problems(kept, verifiers)
    with transaction.atomic():
        verification = SignatureVerification.objects.create(
            signature=kept, valid=not problems, problems=problems, checked_at=timezone.now(),
            as_of=as_of,
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=getattr(actor, "username", None) or "system", channel=channel,
        )  # fmt: skip
        details = {"valid": not problems, "problems": problems, "as_of": as_of.isoformat()}
        record_audit(actor=actor, action="application.signature_verified", obj=application,
                     channel=channel, details=details)  # fmt: skip
    return verification
