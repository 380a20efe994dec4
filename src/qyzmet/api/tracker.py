"""The citizen's data tracker: every request for their data, granted or refused, newest first,
except those an investigation hides for now. The citizen themself (session or token) or a
partner with the citizen's grant carrying ``data-accesses:read``. The requests about the
citizen's minor children are listed too, each naming the child it is about."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router

from qyzmet.api.callers import citizen_of
from qyzmet.api.paging import PAGED, PageQuery, link_next, page_of
from qyzmet.api.schemas import Text
from qyzmet.applications.selectors import application_of
from qyzmet.audit.keyed import leaf_fields
from qyzmet.callers.shapes import Shape
from qyzmet.core.errors import Invalid, NotFound
from qyzmet.tracker.concealments import Problem
from qyzmet.tracker.entries import Entry, entries_for
from qyzmet.tracker.family import family_of
from qyzmet.tracker.proofs import CHECK_COMMAND, access_proof
from qyzmet.tracker.selectors import accesses_of

router = Router(tags=["data tracker"])
READ = "data-accesses:read"


class ClientOut(Shape):
    agency: str = Field(description="The agency that asked (its id in the catalogue).")
    agency_name: Text
    system: str = Field(description="Its system: prefill, checks, backoffice, partner:SLUG...")
    system_name: Text


class DataFieldOut(Shape):
    field: str = Field(description="The registry field, e.g. population.person.full_name.")
    label: Text


class PurposeOut(Shape):
    kind: str = Field(description="application, case, offer or legal_basis")
    text: Text = Field(description="The purpose in words.")
    application_id: uuid.UUID | None = Field(
        description="The citizen's own application it served; null for anyone else's."
    )
    offer_id: uuid.UUID | None = Field(description="The citizen's own offer it served.")
    legal_basis: str | None = Field(description="The coded legal basis, when that is the purpose.")


class AboutOut(Shape):
    relation: Literal["self", "child"] = Field(
        description="self: the citizen; child: one of their children under 18."
    )
    key: str = Field(
        description="`me`, or an opaque key naming the child (not their IIN); pass it as "
        "`?about=` to keep only their requests."
    )
    name: Text | None = Field(description="The child's full name; null for the citizen.")


class DataAccessOut(Shape):
    id: str = Field(description="The exchange request's message id.")
    at: datetime.datetime
    outcome: Literal["granted", "refused"]
    refusal: Text | None = Field(description="Why it was refused; null when granted.")
    client: ClientOut
    registry: str
    registry_name: Text
    provider_agency: str = Field(description="The agency holding the registry.")
    provider_name: Text
    fields: list[DataFieldOut]
    purpose: PurposeOut
    hidden_until: datetime.datetime | None = Field(
        description="When an investigation hid this access until (it shows since then)."
    )
    hidden_basis: Text | None = Field(description="The legal basis it was hidden on.")
    about: AboutOut = Field(description="Whom the data is about: the citizen or their child.")


def access_out(entry: Entry) -> dict[str, Any]:
    access = entry.access
    return {
        "id": access.message_id,
        "at": access.at,
        "outcome": access.outcome,
        "refusal": entry.refusal,
        "client": {
            "agency": access.client_agency,
            "agency_name": entry.agency,
            "system": access.client_system,
            "system_name": entry.system,
        },
        "registry": access.registry,
        "registry_name": entry.registry,
        "provider_agency": access.provider_agency,
        "provider_name": entry.provider,
        "fields": [{"field": f.path, "label": f.label} for f in entry.fields],
        "purpose": {
            "kind": access.purpose_kind,
            "text": entry.purpose,
            "application_id": entry.application_id,
            "offer_id": entry.offer_id,
            "legal_basis": access.purpose_ref if access.purpose_kind == "legal_basis" else None,
        },
        "hidden_until": entry.hidden_until,
        "hidden_basis": entry.hidden_basis,
        "about": _about(entry),
    }


def _about(entry: Entry) -> dict[str, Any]:
    about = entry.about
    if about is None:
        return {"relation": "self", "key": "me", "name": None}
    return {"relation": about.relation, "key": about.key, "name": about.name}


def _application(citizen: Any, application_id: str) -> Any:
    """The citizen's application a filter names; any other is a wrong value of the query."""
    try:
        return application_of(citizen, application_id)
    except NotFound:
        problem = Problem("application_id", "tracker.application")
        raise Invalid("tracker.application", [problem]) from None


@router.get("/data-accesses", response=list[DataAccessOut], openapi_extra=PAGED)
def list_data_accesses(
    request: HttpRequest,
    page: Query[PageQuery],
    response: HttpResponse,
    registry: str | None = None,
    application_id: str | None = None,
    about: str | None = None,
) -> list[dict[str, Any]]:
    """The data tracker: who asked for the citizen's data, and for their children's under 18
    (`about` says whose), when, which fields and why, granted or refused, newest first, a page
    at a time (the next one is in the `Link` header); `?about=me` or a child's key keeps one
    person's, `?registry=` one registry's, `?application_id=` those for one of the citizen's
    applications (or its cases); another key or id is a 422. The children are read from the
    population registry, a read the tracker then lists too; 503 when it does not answer. An
    access an investigation hides appears when its period ends."""
    citizen = citizen_of(request, READ)
    application = _application(citizen, application_id) if application_id else None
    family = family_of(citizen)
    accesses = accesses_of(
        citizen, registry=registry or None, application=application, family=family,
        about=about or None,
    )  # fmt: skip
    found, cursor = page_of(accesses, page, order=("-at", "-pk"))
    link_next(request, response, cursor)
    return [access_out(entry) for entry in entries_for(citizen, found, family=family)]


class AccessProofOut(Shape):
    id: str = Field(description="The exchange request's message id.")
    sealed: bool | None = Field(
        description="false until the audit log's next seal: no proof yet; null when no proof "
        "is given here (`reason`)."
    )
    audit_record: dict[str, Any] | None = Field(
        description="The audit record the exchange wrote for the request, as its leaf of the "
        "Merkle tree holds it (`sequence` null until sealed); null when no proof is given here."
    )
    proof: dict[str, Any] | None = Field(
        description="The inclusion proof (`record`, `path`, signed `tree_head`), as `qyzmet "
        "audit prove` writes it; check it offline with the command in `check`."
    )
    reason: Literal["not_sealed", "on_request", "not_provable"] | None = Field(
        description="Why there is no proof: `not_sealed` (after the next seal), `on_request` "
        "(an officer's record: the proof names them, so it is given to an auditor or the "
        "ombudsman on request), `not_provable` (the record or its proof does not hold; the "
        "platform's operators are alerted). null with a proof."
    )
    check: str = Field(description="How to check the proof, saved to a file, offline.")


@router.get("/data-accesses/{access_id}/proof", response=AccessProofOut)
def data_access_proof(request: HttpRequest, access_id: str) -> dict[str, Any]:
    """The proof that the request `access_id` (a message id from the tracker) is in the audit
    log: its audit record and inclusion proof in the latest signed tree head, checkable with
    the platform's key published in `/verify/keys.json` (`qyzmet audit check-proof FILE --keys
    keys.json`). `sealed` is false, and `proof` null, until the log's next seal. An officer's
    record (a consultation or an attachment opened, a day list read) names them: `sealed`,
    `audit_record` and `proof` are null and `reason` is `on_request`. A request the citizen's
    tracker does not show them (another person's) is a 404."""
    citizen = citizen_of(request, READ)
    found = access_proof(citizen, access_id, family=family_of(citizen))
    shown = found.record is not None
    return {
        "id": found.access.message_id,
        "sealed": found.sealed if shown else None,
        "audit_record": leaf_fields(found.record) if found.record is not None else None,
        "proof": found.proof,
        "reason": found.reason or None,
        "check": CHECK_COMMAND.format(file=found.file_name),
    }
