"""Partners' endpoints for a citizen's consent: ask, confirm with the citizen's code, and
exchange a granted consent for a short-lived token that acts for that citizen."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Status

from qyzmet.api.callers import partner_of, require
from qyzmet.api.schemas import RequestBody
from qyzmet.callers.shapes import Shape
from qyzmet.core.errors import Forbidden
from qyzmet.partners import consents

router = Router(tags=["consents"])
Scope = Literal[
    "applications:read",
    "applications:write",
    "data-accesses:read",
    "mandates:read",
    "mandates:write",
]


class ConsentIn(RequestBody):
    iin: str = Field(max_length=20, description="The citizen's IIN.")
    scopes: list[Scope] = Field(min_length=1)
    purpose: str = Field(max_length=300, description="Shown to the citizen, in your words.")


class ConfirmIn(RequestBody):
    code: str = Field(max_length=12, description="The code qyzmet sent to the citizen.")


class ConsentOut(Shape):
    id: str
    status: str
    scopes: list[str]
    purpose: str
    confirm_by: datetime.datetime
    granted_at: datetime.datetime | None
    valid_until: datetime.datetime | None
    revoked_at: datetime.datetime | None


class GrantOut(Shape):
    access_token: str
    token_type: str = "Bearer"
    expires_in: int
    scope: str


def _partner(request: HttpRequest) -> Any:
    partner = partner_of(request)
    if partner is None:
        raise Forbidden("auth.partner_only")
    return partner


def _out(consent: Any) -> dict[str, Any]:
    return {
        "id": str(consent.pk),
        "status": consent.status,
        "scopes": consent.scopes,
        "purpose": consent.purpose,
        "confirm_by": consent.confirm_by,
        "granted_at": consent.granted_at,
        "valid_until": consent.valid_until,
        "revoked_at": consent.revoked_at,
    }


@router.post("/consents", response={201: ConsentOut})
def request_consent(request: HttpRequest, payload: ConsentIn) -> Status:
    """Ask a citizen to let you act for them: qyzmet sends them a one-time code through its
    own channels (never through you), and shows the request in their portal."""
    require(request, "consents:request")
    consent = consents.request_consent(
        partner=_partner(request),
        iin=payload.iin,
        scopes=payload.scopes,
        purpose=payload.purpose,
        language=(request.LANGUAGE_CODE or "ru")[:2],
    )
    return Status(201, _out(consent))


@router.get("/consents/{consent_id}", response=ConsentOut)
def get_consent(request: HttpRequest, consent_id: str) -> dict[str, Any]:
    """Where a consent stands: pending, granted (in the portal or with the code), refused,
    revoked."""
    return _out(consents.consent_of(partner=_partner(request), consent_id=consent_id))


@router.post("/consents/{consent_id}/confirm", response=ConsentOut)
def confirm_consent(request: HttpRequest, consent_id: str, payload: ConfirmIn) -> dict[str, Any]:
    """Pass on the code the citizen received; five wrong codes end the request. Past your
    day's budget of wrong codes (`QYZMET_CONSENT_WRONG_CODES_PER_DAY`) every confirmation is
    refused with 429 until midnight (`Retry-After`), and the operators are told."""
    consent = consents.confirm_consent(
        partner=_partner(request), consent_id=consent_id, code=payload.code
    )
    return _out(consent)


@router.post("/consents/{consent_id}/token", response=GrantOut)
def grant_token(request: HttpRequest, consent_id: str) -> dict[str, Any]:
    """A short-lived bearer token acting for the consenting citizen, limited to the consented
    scopes. Ask again when it expires; it stops working when the citizen revokes."""
    token, expires, consent = consents.grant_token(partner=_partner(request), consent_id=consent_id)
    return {
        "access_token": token,
        "expires_in": int((expires - timezone.now()).total_seconds()),
        "scope": " ".join(consent.scopes),
    }
