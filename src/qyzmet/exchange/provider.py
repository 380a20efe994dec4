"""The providing side of the exchange: one registry request answered, the same in-process and
behind ``qyzmet registry serve``.

``answer_request`` checks, in this order, the signature (a key of the trust list, of the agency
that claims to ask, valid when the message was issued), that this agency holds the registry,
that the message is fresh and its id new, that the fields exist, and that the purpose allows
them about this subject; then it reads only those fields. Every request it can trust, granted
or refused, becomes one ``DataAccess`` row and one audit record, in one transaction (answered in
this process for a change that keeps them, that change's own: ``records.py``): what the
citizen's data tracker lists. One whose signature does not verify (so its sender and content
cannot be believed) goes to the security log instead (``security.py``), never to the tracker.
The answer is signed with the providing agency's key.
"""

from __future__ import annotations

import datetime
import logging
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from qyzmet.audit.models import AuditRecord
from qyzmet.audit.services import audit_record, point_at, record_audit, record_audits
from qyzmet.catalog.models import Agency
from qyzmet.core.inserts import insert_rows
from qyzmet.core.pseudonyms import subject_digest
from qyzmet.exchange.messages import (
    GRANTED,
    REFUSED,
    ExchangeRequest,
    ExchangeResponse,
    MalformedMessage,
)
from qyzmet.exchange.models import DataAccess
from qyzmet.exchange.policy import NOTHING_KNOWN, Asker, Refusal, check_request
from qyzmet.exchange.records import Pending, keeping
from qyzmet.exchange.security import record_untrusted_request
from qyzmet.exchange.signing import (
    CLOCK_SKEW,
    Untrusted,
    first_answer_here,
    read_unverified,
    seal,
    unseal,
)
from qyzmet.registries.fields import FIELDS, read_fields

logger = logging.getLogger("qyzmet.exchange")
CHANNEL = "exchange"


@dataclass(frozen=True)
class Answer:
    token: str  # the signed response
    response: ExchangeResponse

    @property
    def granted(self) -> bool:
        return self.response.granted


OWNERS_SECONDS = 30.0  # a catalogue load that moves a registry is seen within this time
_owners: dict[str, tuple[float, str]] = {}


def registry_owner(registry: str) -> str | None:
    """The slug of the agency that holds ``registry`` (``catalog.Agency.registries``)."""
    known = _owners.get(registry)
    if known is not None and known[0] > time.monotonic():
        return known[1]
    for slug, registries in Agency.objects.values_list("slug", "registries"):
        for held in registries or []:
            _owners[held] = (time.monotonic() + OWNERS_SECONDS, str(slug))
    known = _owners.get(registry)
    return known[1] if known is not None and known[0] > time.monotonic() else None


def _check(
    request: ExchangeRequest,
    *,
    token: str,
    owner: str | None,
    serving: str,
    asker: Asker,
    in_process: bool = False,
) -> None:
    try:
        unseal(token, audience=request.provider)
    except Untrusted as error:
        raise Refusal("signature", str(error)) from None
    if owner is None or request.provider != owner or (serving and serving != owner):
        raise Refusal("provider", f"{serving or request.provider} does not hold {request.registry}")
    age = timezone.now() - request.issued_at
    window = datetime.timedelta(seconds=settings.EXCHANGE_MESSAGE_SECONDS)
    if age > window or age < -CLOCK_SKEW:
        raise Refusal("stale", f"issued {age.total_seconds():.0f} s ago; at most {window.seconds}")
    # A request handed over in this process and sealed here moments ago is known to be new
    # without asking the records (``signing.first_answer_here``); any other is looked up.
    first = first_answer_here(token) if in_process else None
    if first is False or (
        first is None and DataAccess.objects.filter(message_id=request.message_id).exists()
    ):
        raise Refusal("replay", f"message {request.message_id} was answered already")
    unknown = [
        p for p in request.fields if p not in FIELDS or FIELDS[p].registry != request.registry
    ]
    if unknown or len({FIELDS[p].entity for p in request.fields}) != 1:
        raise Refusal("field.unknown", f"not fields of one {request.registry} entity: {unknown}")
    check_request(request, asker=asker)


def _details(request: ExchangeRequest, refusal: Refusal | None) -> dict[str, Any]:
    details: dict[str, Any] = {
        "message_id": request.message_id,
        "client": f"{request.client.agency}/{request.client.system}",
        "registry": request.registry,
        "fields": list(request.fields),
        "purpose": request.purpose.claims(),
    }
    if refusal:
        details["refusal"] = {"code": refusal.code, "reason": refusal.reason}
    return details


def _access(pending: Pending) -> DataAccess:
    request, refusal = pending.request, pending.refusal
    return DataAccess(
        message_id=request.message_id,
        at=pending.at,
        client_agency=request.client.agency,
        client_system=request.client.system,
        subject=subject_digest(request.subject),
        registry=request.registry,
        provider_agency=pending.provider,
        fields=list(request.fields),
        purpose_kind=request.purpose.kind,
        purpose_ref=request.purpose.ref,
        outcome=REFUSED if refusal else GRANTED,
        refusal=f"{refusal.code}: {refusal.reason}"[:200] if refusal else "",
    )


def record_accesses(answered: list[Pending]) -> list[DataAccess]:
    """The ``DataAccess`` rows and audit records of ``answered``, written in the caller's
    transaction (one INSERT of rows, one of audit records, one UPDATE linking them)."""
    accesses, audits = access_rows(answered)
    insert_rows(accesses)
    record_audits([point_at(record, row) for record, row in zip(audits, accesses, strict=True)])
    link_audits(accesses, audits)
    return accesses


def access_rows(answered: list[Pending]) -> tuple[list[DataAccess], list[AuditRecord]]:
    """The ``DataAccess`` rows of ``answered`` and their audit records, made, not written: the
    caller writes the rows, points each record at its row (``audit.services.point_at``),
    writes the records (with its own if it likes), then calls ``link_audits``."""
    accesses = [_access(pending) for pending in answered]
    audits = [
        audit_record(
            actor=None,
            action=f"exchange.{access.outcome}",
            obj=access,
            channel=CHANNEL,
            details=_details(pending.request, pending.refusal),
        )
        for access, pending in zip(accesses, answered, strict=True)
    ]
    return accesses, audits


def link_audits(accesses: list[DataAccess], audits: list[AuditRecord]) -> None:
    """Point each row of ``access_rows`` at its audit record, once those are written (one
    UPDATE): the data tracker's proof starts there (``tracker.proofs``)."""
    if not accesses:
        return
    for access, audit in zip(accesses, audits, strict=True):
        access.audit_record = audit.pk
    # One UPDATE by hand: ``bulk_update`` builds the same statement from an expression per
    # row, which cost a submission more than the statement itself (decision 75).
    quote = connection.ops.quote_name
    table, key, column = quote(DataAccess._meta.db_table), quote("id"), quote("audit_record")
    params: list[int | None] = []
    for access in accesses:
        params += [access.pk, access.audit_record]
    params += [access.pk for access in accesses]
    cases = " ".join(["WHEN %s THEN %s"] * len(accesses))
    marks = ", ".join(["%s"] * len(accesses))
    with connection.cursor() as cursor:  # the names are the model's, never the caller's
        cursor.execute(
            f"UPDATE {table} SET {column} = CASE {key} {cases} END WHERE {key} IN ({marks})",
            params,
        )


def record_access(pending: Pending) -> DataAccess | None:
    """The request's ``DataAccess`` row and audit record, in a transaction of their own;
    ``None`` for a message id that has one already (a replay: the first row stays as it was)."""
    try:
        with transaction.atomic():
            access = _access(pending)
            access.save(force_insert=True)
            audit = record_audit(
                actor=None, action=f"exchange.{access.outcome}", obj=access, channel=CHANNEL,
                details=_details(pending.request, pending.refusal),
            )  # fmt: skip
            access.audit_record = audit.pk
            access.save(update_fields=["audit_record"])
    except IntegrityError:
        first = DataAccess.objects.filter(message_id=pending.request.message_id).first()
        if first is None:
            raise
        replayed = {"code": "replay", "reason": "message id reused"}
        record_audit(
            actor=None, action="exchange.refused", obj=first, channel=CHANNEL,
            details={**_details(pending.request, pending.refusal), "refusal": replayed},
        )  # fmt: skip
        return None
    return access


def answer_request(
    *, token: str, serving: str = "", sender: str = "", in_process: bool = False
) -> Answer:
    """Answer the signed request ``token`` (``serving``: the agency this process serves, when
    it serves one; ``sender``: the address it came from, when it came over the network;
    ``in_process``: asked by this process, whose records may wait for the change that asked:
    ``records.py``).
    Raises ``MalformedMessage`` for a token that is not a request at all."""
    try:
        request = ExchangeRequest.from_claims(read_unverified(token))
    except Untrusted as error:
        raise MalformedMessage(str(error)) from None
    owner = registry_owner(request.registry)
    provider = serving or owner or settings.EXCHANGE_PLATFORM_AGENCY  # answers an unknown one
    refusal: Refusal | None = None
    data: dict[str, Any] = {}
    kept = keeping() if in_process else None
    try:
        asker = Asker(unsaved=frozenset(kept.unsaved)) if kept is not None else NOTHING_KNOWN
        _check(
            request, token=token, owner=owner, serving=serving, asker=asker,
            in_process=in_process,
        )  # fmt: skip
        seen = kept.seen if kept is not None else None
        data = read_fields(subject=request.subject, fields=request.fields, seen=seen)
    except Refusal as refused:
        refusal = refused
        logger.warning("exchange request %s refused: %s", request.message_id, refused)
    pending = Pending(request=request, provider=provider, refusal=refusal, at=timezone.now())
    if refusal is not None and refusal.code == "signature":
        record_untrusted_request(
            request=request, provider=provider, reason=refusal.reason, sender=sender
        )
    elif kept is not None and not kept.answered(request.message_id):
        kept.waiting.append(pending)  # written with the change that asked (``records.py``)
    elif kept is not None or record_access(pending) is None:
        refusal, data = Refusal("replay", "message id reused"), {}
    response = ExchangeResponse(
        provider=provider,
        client=request.client.agency,
        in_reply_to=request.message_id,
        outcome=REFUSED if refusal else GRANTED,
        data=data,
        refusal=refusal.code if refusal else "",
        reason=refusal.reason if refusal else "",
    )
    return Answer(token=seal(response.claims(), agency=provider), response=response)
