"""The write paths of result documents: issue one for an approved case, revoke one.

Issuing renders and signs outside any transaction (it takes a moment and holds no lock),
then stores the document in one short transaction, with the case locked and checked again:
a case has at most one valid document, so a second attempt, from another process or a retry,
returns the first, and a decision reversed meanwhile gets none. A reversed decision revokes
its document; approved again, the case gets a new one.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from qyzmet.applications.models import Case, CaseStatus
from qyzmet.audit.services import record_audit
from qyzmet.core.errors import Conflict, Invalid
from qyzmet.core.tasks import Jobs
from qyzmet.core.texts import FALLBACK, LANGUAGES
from qyzmet.documents.content import document_content
from qyzmet.documents.grounds import REVOCATION_GROUNDS
from qyzmet.documents.models import ResultDocument
from qyzmet.documents.pdf import render_pdf
from qyzmet.documents.qr import qr_claims, qr_text, qr_token
from qyzmet.documents.signing import sign_pdf
from qyzmet.trust.keys import signing_key

SYSTEM_CHANNEL = "system"


def new_document_id() -> str:
    """Sixteen random base-32 characters in groups of four: 80 bits, not guessable."""
    raw = base64.b32encode(secrets.token_bytes(10)).decode()
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def _language_of(case: Case) -> str:
    language = getattr(case.application.citizen, "language", FALLBACK)
    return language if language in LANGUAGES else FALLBACK


def issue_result_document(*, case: Case) -> ResultDocument:
    """The signed result document of an approved case, issued now if it has no valid one yet."""
    existing = ResultDocument.objects.filter(case=case, revoked_at__isnull=True).first()
    if existing is not None:
        return existing
    case = Case.objects.select_related("application__citizen", "service", "agency").get(pk=case.pk)
    if case.status != CaseStatus.APPROVED:
        raise Conflict("document.case_not_approved")
    document_id = new_document_id()
    issued_at = timezone.now()
    language = _language_of(case)
    key = signing_key(agency=case.agency)
    content = document_content(
        case=case, document_id=document_id, language=language, issued_at=issued_at
    )
    token = qr_token(claims=qr_claims(content), key=key.private_key, key_id=key.key_id)
    content["qr"] = qr_text(verify_url=content["verify_url"], token=token)
    unsigned = render_pdf(content=content, qr_text=content["qr"], key_id=key.key_id)
    with translation.override(language):
        signed = sign_pdf(unsigned, key=key, reason=content["title"])
    try:
        with transaction.atomic():
            # The decision may have been reversed while the document was drawn and signed.
            if Case.objects.select_for_update().get(pk=case.pk).status != CaseStatus.APPROVED:
                raise Conflict("document.case_not_approved")
            document = ResultDocument.objects.create(
                id=document_id,
                case=case,
                agency=case.agency,
                holder=case.application.citizen,
                key=key.record,
                language=language,
                content=content,
                pdf=signed,
                sha256=hashlib.sha256(signed).hexdigest(),
                issued_at=issued_at,
            )
            record_audit(
                actor=None,
                action="document.issued",
                obj=document,
                channel=SYSTEM_CHANNEL,
                details={"case": str(case.pk), "key": key.key_id},
            )
    except IntegrityError:
        # issued meanwhile by another process
        return ResultDocument.objects.get(case=case, revoked_at__isnull=True)
    return document


def schedule_result_document(*, case: Case, jobs: Jobs | None = None) -> None:
    """Call inside the transaction that approves ``case``: a background job, committed with
    the approval, issues the document (``jobs``: gathered there, enqueued with the change's
    other jobs). Should the job fail, the first request for the document issues it."""
    from qyzmet.documents.tasks import issue  # the task module imports this one

    if jobs is not None:
        jobs.add(issue, str(case.pk))
    else:
        issue.enqueue(str(case.pk))


def revoke_document(
    *, document: ResultDocument, ground: str, reason: str, actor: Any | None, channel: str
) -> ResultDocument:
    """Revoke a document (its decision was reversed, or it was issued in error); from now on
    it verifies as revoked, with the date and the ground (``documents.grounds``). The written
    reason is kept, encrypted, for the record; checks never show it."""
    if ground not in REVOCATION_GROUNDS:
        raise Invalid("invalid", [])
    with transaction.atomic():
        document = ResultDocument.objects.select_for_update().get(pk=document.pk)
        if document.revoked:
            raise Conflict("document.already_revoked")
        document.revoked_at = timezone.now()
        document.revocation_ground = ground
        document.revocation_reason = reason.strip()
        document.save(update_fields=["revoked_at", "revocation_ground", "revocation_reason"])
        record_audit(
            actor=actor,
            action="document.revoked",
            obj=document,
            channel=channel,
            details={"ground": ground, "reason": document.revocation_reason},
        )
    return document
