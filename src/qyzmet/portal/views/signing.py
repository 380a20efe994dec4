"""Signing on the review page: what the citizen signs (the document of their draft, summarised
in their language and shown as it is), a signature made with their EDS (NCALayer's signed XML,
or pasted), or a code sent by SMS where the service allows it."""

from __future__ import annotations

import base64
import binascii
import contextlib
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from qyzmet.applications.models import Application
from qyzmet.applications.signature_checks import (
    SignatureIn,
    SigningRequest,
    request_signing_code,
)
from qyzmet.core.clients import client_address
from qyzmet.core.errors import DomainError
from qyzmet.core.messages import render as render_message
from qyzmet.portal.views.account import _requester

CHANNEL = "portal"
SENT = "signing-code-sent"  # session: the digests a code was sent for


def signature_in(request: HttpRequest, post: QueryDict) -> SignatureIn | None:
    """What the citizen gave on the review page: signed XML (as NCALayer returns it, or in
    base64) or an SMS code (this browser asked for it)."""
    method = post.get("method", "")
    signed = post.get("signed_xml", "").strip() if method == "eds" else ""
    code = post.get("sms_code", "").strip() if method == "sms" else ""
    if signed and not signed.startswith("<"):
        # not base64 either: the verifier says it is malformed
        with contextlib.suppress(binascii.Error, ValueError):
            signed = base64.b64decode(signed, validate=True).decode("utf-8")
    given = SignatureIn(
        signed_xml=signed.encode("utf-8"), code=code, requester=_requester(request),
        address=client_address(request),
    )  # fmt: skip
    return given or None


def send_code(request: HttpRequest, application: Application) -> str:
    """Send the citizen a code confirming the draft's document; what went wrong, or ''."""
    try:
        sent = request_signing_code(
            application=application, citizen=request.user, channel=CHANNEL,
            requester=_requester(request), address=client_address(request),
            language=get_language() or "ru",
        )  # fmt: skip
    except DomainError as refused:
        return render_message(refused.code, refused.params)
    request.session[SENT] = [*request.session.get(SENT, [])[-4:], sent.digest]
    text = _(
        "We sent a code to %(phone)s. It confirms this application only, for %(minutes)s minutes."
    )
    messages.info(request, text % {"phone": sent.sent_to, "minutes": sent.minutes})
    return ""


def allow_ncalayer(response: HttpResponse) -> HttpResponse:
    """Let this page (alone) talk to NCALayer on the person's own computer: its WebSocket
    address joins the page's Content-Security-Policy ``connect-src`` (django-csp)."""
    response._csp_update = {"connect-src": ["'self'", settings.EDS_NCALAYER_URL]}  # type: ignore[attr-defined]
    return response


def _grouped(digest: str) -> str:
    return " ".join(digest[i : i + 8] for i in range(0, len(digest), 8))


def signing_view(
    request: HttpRequest, application: Application, signing: SigningRequest
) -> dict[str, Any] | None:
    """What the review page shows about signing; None when nothing needs signing."""
    if signing.assurance == "none":
        return None
    return {
        "assurance": signing.assurance,
        "eds": "eds" in signing.methods,
        "sms": "sms" in signing.methods,
        "document": signing.document.decode(),
        "document_base64": base64.b64encode(signing.document).decode(),
        "digest": _grouped(signing.digest),
        "code_sent": signing.digest in request.session.get(SENT, []),
        "number": application.reference,
        "ncalayer_url": settings.EDS_NCALAYER_URL,
    }
