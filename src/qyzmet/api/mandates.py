"""Acting for others through the API: whom the caller may act for, and the mandates they
gave or received (give, accept, decline, end). The caller is a citizen: signed in, or a
partner with the citizen's grant (scopes ``mandates:read`` and ``mandates:write``). Every rule
is the representation app's (``representation.selectors``, ``representation.mandates``);
companies are the ones the business registry names the caller head of (an API caller has no
company certificate session)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Status

from qyzmet.api.callers import channel_of, citizen_of
from qyzmet.api.paging import PAGED, PageQuery, link_next, page_of
from qyzmet.api.schemas import RequestBody
from qyzmet.callers.shapes import Shape
from qyzmet.representation import mandates
from qyzmet.representation.grounds import Represented
from qyzmet.representation.models import Mandate
from qyzmet.representation.selectors import mandate_of, mandates_of, represented_by

router = Router(tags=["representation"])
READ, WRITE = "mandates:read", "mandates:write"
Name = dict[str, str]


class RepresentedOut(Shape):
    on_behalf_of: str = Field(
        description="What to send as `on_behalf_of` of `POST /applications`: an IIN, or a "
        "company's BIN (empty for the caller themself is never sent: it is their own IIN)."
    )
    ground: str = Field(
        description="self, minor-child, granted, notarised, guardianship or company-head."
    )
    iin: str
    bin: str
    name: Name = Field(description="As the registry has it (kk, ru); empty for the caller.")
    services: list[str] = Field(description="The services a mandate names; empty: all.")
    until: datetime.date | None = Field(description="A mandate's last day in force.")
    mandate: uuid.UUID | None


class RepresentedQuery(Shape):
    service: str | None = Field(
        None, max_length=200, description="Only those who may be applied for for this service."
    )


class MandateOut(Shape):
    id: uuid.UUID
    kind: str = Field(description="granted, notarised or guardianship.")
    status: str = Field(description="offered, active, expired, declined or ended.")
    role: str = Field(description="The caller's part in it: principal or representative.")
    principal_iin: str
    principal_name: Name
    representative_iin: str
    representative_name: Name = Field(description="Known once they accept.")
    services: list[str] = Field(description="Slugs of the services it covers; empty: all.")
    until: datetime.date = Field(description="The last day it is in force.")
    channel: str
    created_at: datetime.datetime
    accepted_at: datetime.datetime | None
    declined_at: datetime.datetime | None
    ended_at: datetime.datetime | None
    ended_by: str = Field(description="principal, representative or officer; empty if not ended.")


class MandatesQuery(PageQuery):
    role: Literal["principal", "representative"] | None = Field(
        None, description="Only those the caller gave (principal) or received (representative)."
    )


class MandateIn(RequestBody):
    representative_iin: str = Field(max_length=20, description="Who may act for the caller.")
    services: list[str] = Field(
        default_factory=list, max_length=200, description="Service slugs; none: every service."
    )
    until: datetime.date = Field(description="The last day it is in force.")


class EndIn(RequestBody):
    reason: str = Field("", max_length=2000)


def represented_out(found: Represented) -> dict[str, Any]:
    return {
        "on_behalf_of": found.identifier,
        "ground": found.ground,
        "iin": found.iin,
        "bin": found.bin,
        "name": dict(found.name),
        "services": list(found.services),
        "until": found.until,
        "mandate": found.mandate_id,
    }


def mandate_out(mandate: Mandate, *, citizen: Any, today: datetime.date) -> dict[str, Any]:
    mine = mandate.principal_iin == getattr(citizen, "iin", None)
    return {
        "id": mandate.pk,
        "kind": mandate.kind,
        "status": mandate.state(today),
        "role": mandates.PRINCIPAL if mine else mandates.REPRESENTATIVE,
        "principal_iin": mandate.principal_iin,
        "principal_name": dict(mandate.principal_name or {}),
        "representative_iin": mandate.representative_iin,
        "representative_name": dict(mandate.representative_name or {}),
        "services": list(mandate.services),
        "until": mandate.until,
        "channel": mandate.channel,
        "created_at": mandate.created_at,
        "accepted_at": mandate.accepted_at,
        "declined_at": mandate.declined_at,
        "ended_at": mandate.ended_at,
        "ended_by": mandate.ended_by,
    }


def _out(mandate: Mandate, citizen: Any) -> dict[str, Any]:
    return mandate_out(mandate, citizen=citizen, today=timezone.localdate())


UNKNOWN_SERVICE = {"responses": {404: {"$ref": "#/components/responses/NotFound"}}}


@router.get(
    "/representation/represented", response=list[RepresentedOut], openapi_extra=UNKNOWN_SERVICE
)
def list_represented(request: HttpRequest, query: Query[RepresentedQuery]) -> list[dict[str, Any]]:
    """Whom the citizen may apply for now: themself, their children under 18, the principals
    of mandates in force naming them, the companies the business registry names them head
    of. With `service`, only those who may be applied for there (a company's service: only
    companies; an unknown `service` is a 404). Send the chosen `on_behalf_of` with
    `POST /applications`."""
    citizen = citizen_of(request, READ)
    found = represented_by(actor=citizen, service=query.service, cached=True)
    return [represented_out(r) for r in found]


@router.get("/mandates", response=list[MandateOut], openapi_extra=PAGED)
def list_mandates(
    request: HttpRequest, query: Query[MandatesQuery], response: HttpResponse
) -> list[dict[str, Any]]:
    """The mandates the citizen gave (principal) and received (representative), including
    those recorded by an officer, newest first, a page at a time."""
    citizen = citizen_of(request, READ)
    rows, cursor = page_of(
        mandates_of(citizen, role=query.role), query, order=("-created_at", "-pk")
    )
    link_next(request, response, cursor)
    return [_out(m, citizen) for m in rows]


@router.post("/mandates", response={201: MandateOut})
def grant_mandate(request: HttpRequest, payload: MandateIn) -> Status:
    """Give the person with `representative_iin` the right to apply in the citizen's name for
    `services` (none: all) until `until`. It is offered until they accept; they are told if
    they have an account. The answer is the same whoever the IIN belongs to."""
    citizen = citizen_of(request, WRITE)
    mandate = mandates.grant_mandate(
        principal=citizen, representative_iin=payload.representative_iin,
        services=payload.services, until=payload.until, channel=channel_of(request),
    )  # fmt: skip
    return Status(201, _out(mandate, citizen))


@router.get("/mandates/{mandate_id}", response=MandateOut)
def get_mandate(request: HttpRequest, mandate_id: str) -> dict[str, Any]:
    """One mandate the citizen gave or received."""
    citizen = citizen_of(request, READ)
    return _out(mandate_of(citizen, mandate_id), citizen)


@router.post("/mandates/{mandate_id}/accept", response=MandateOut)
def accept_mandate(request: HttpRequest, mandate_id: str) -> dict[str, Any]:
    """The representative accepts a mandate offered to them: it is in force from now."""
    citizen = citizen_of(request, WRITE)
    mandate = mandates.accept_mandate(
        mandate=mandate_of(citizen, mandate_id), representative=citizen,
        channel=channel_of(request),
    )  # fmt: skip
    return _out(mandate, citizen)


@router.post("/mandates/{mandate_id}/decline", response=MandateOut)
def decline_mandate(request: HttpRequest, mandate_id: str) -> dict[str, Any]:
    """The representative declines a mandate offered to them."""
    citizen = citizen_of(request, WRITE)
    mandate = mandates.decline_mandate(
        mandate=mandate_of(citizen, mandate_id), representative=citizen,
        channel=channel_of(request),
    )  # fmt: skip
    return _out(mandate, citizen)


@router.post("/mandates/{mandate_id}/end", response=MandateOut)
def end_mandate(
    request: HttpRequest, mandate_id: str, payload: EndIn | None = None
) -> dict[str, Any]:
    """The principal or the representative ends a mandate offered or in force: nothing more
    can be applied for under it; applications made before stay as they are."""
    citizen = citizen_of(request, WRITE)
    mandate = mandates.end_mandate(
        mandate=mandate_of(citizen, mandate_id), person=citizen, channel=channel_of(request),
        reason=payload.reason if payload else "",
    )  # fmt: skip
    return _out(mandate, citizen)
