"""A partner acts for a citizen only with the citizen's consent, for a purpose.

The partner asks (``request_consent``); qyzmet sends the citizen a one-time code through its
own channels, never through the partner. The citizen either gives the code to the partner,
which confirms it (``confirm_consent``), or approves the request in the portal
(``approve_consent``). Then the partner may ask for short-lived tokens bound to that citizen
and the consented scopes (``grant_token``), until the consent ends or the citizen revokes it
(``revoke_consent``), which also ends every token already given.
"""

from __future__ import annotations

import datetime
import functools
import secrets
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import get_access_token_model, set_token_value

from qyzmet.accounts.models import User
from qyzmet.accounts.signin import RegisteredPerson, checked_iin, citizen_account, living_person
from qyzmet.audit.services import record_audit
from qyzmet.core.errors import Conflict, Forbidden, Invalid, NotFound
from qyzmet.notifications.services import notify
from qyzmet.partners.code_budget import ensure_code_budget, refusal, spend_wrong_code
from qyzmet.partners.models import Consent, ConsentStatus, Partner
from qyzmet.partners.scopes import CITIZEN_SCOPES
from qyzmet.partners.webhooks import withhold_webhooks

CODE_LIFETIME = datetime.timedelta(minutes=10)
MAX_WRONG_CODES = 5
REQUESTS_PER_HOUR = 5  # per partner and citizen
CODE_DIGITS = 6


def _digest(consent_id: Any, code: str) -> str:
    return salted_hmac(
        "qyzmet.partners.consent", f"{consent_id}:{code}", algorithm="sha256"
    ).hexdigest()


def _registered(partner: Partner, iin: str) -> RegisteredPerson | None:
    return living_person(iin, system=partner.channel, basis="partner-consent")


def _send_code(*, consent: Consent, code: str, language: str, send: bool) -> None:
    """Write the messages carrying ``code`` to the citizen (``console``, and ``inbox`` when
    they have an account); when not ``send``, write them all the same and roll them back, so
    that every case does the same work (one statement ends each savepoint either way)."""
    recipient = User.objects.filter(iin=consent.iin).first()
    write = functools.partial(
        notify,
        kind="consent.code",
        context={
            "partner": consent.partner.name,
            "purpose": consent.purpose,
            "code": code,
            "minutes": int(CODE_LIFETIME.total_seconds() // 60),
        },
        recipient=recipient,
        address=consent.iin,
        language=getattr(recipient, "language", None) or language,
    )
    savepoint = transaction.savepoint()
    write(channels=["console"])
    inbox = transaction.savepoint()
    write(channels=["inbox"])  # kept only for an account: an inbox needs one
    if recipient is not None:
        transaction.savepoint_commit(inbox)
    else:
        transaction.savepoint_rollback(inbox)
    if send:
        transaction.savepoint_commit(savepoint)
    else:
        transaction.savepoint_rollback(savepoint)  # their delivery jobs go with them


def request_consent(
    *, partner: Partner, iin: str, scopes: Iterable[str], purpose: str, language: str = "ru"
) -> Consent:
    """Ask the citizen with ``iin`` to let ``partner`` act for them with ``scopes``. The
    answer, and the work done for it, are the same whether the registry knows the IIN or
    not: a code is made, hashed and stored, and its messages written, for every IIN; for one
    the registry does not know, the messages are undone and the code was never sent."""
    iin = checked_iin(iin)
    scopes = sorted(set(scopes))
    purpose = purpose.strip()
    if not scopes or any(s not in CITIZEN_SCOPES or s not in partner.scopes for s in scopes):
        raise Invalid("partner.scopes", [])
    if not purpose:
        raise Invalid("required", [])
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    recent = Consent.objects.filter(partner=partner, iin=iin, requested_at__gte=hour_ago)
    if recent.count() >= REQUESTS_PER_HOUR:
        raise Conflict("consent.too_many")
    person = _registered(partner, iin)  # before the write transaction, never inside it
    with transaction.atomic():
        if recent.count() >= REQUESTS_PER_HOUR:
            raise Conflict("consent.too_many")
        consent = Consent.objects.create(
            partner=partner,
            iin=iin,
            scopes=scopes,
            purpose=purpose[:300],
            confirm_by=timezone.now() + CODE_LIFETIME,
        )
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        consent.code_digest = _digest(consent.pk, code)
        consent.save(update_fields=["code_digest"])
        _send_code(consent=consent, code=code, language=language, send=person is not None)
        record_audit(
            actor=None,
            action="consent.requested",
            obj=consent,
            channel=partner.channel,
            details={"scopes": scopes, "purpose": consent.purpose},
        )
    return consent


def _grant(consent: Consent, *, citizen: User, through: str) -> Consent:
    now = timezone.now()
    consent.citizen = citizen
    consent.status = ConsentStatus.GRANTED
    consent.granted_at = now
    consent.granted_through = through
    consent.valid_until = now + datetime.timedelta(days=settings.PARTNER_CONSENT_DAYS)
    consent.code_digest = ""
    consent.save()
    record_audit(
        actor=citizen,
        action="consent.granted",
        obj=consent,
        channel=consent.partner.channel if through == "code" else "portal",
        details={"through": through, "scopes": consent.scopes},
    )
    return consent


def _pending(consent: Consent) -> Consent:
    locked = Consent.objects.select_for_update().select_related("partner").get(pk=consent.pk)
    if locked.status != ConsentStatus.PENDING or locked.confirm_by <= timezone.now():
        raise Conflict("consent.not_pending")
    return locked


def confirm_consent(*, partner: Partner, consent_id: Any, code: str) -> Consent:
    """The partner passes on the code the citizen received; a wrong code is counted, the
    request dies after ``MAX_WRONG_CODES``, and a partner that spent its day's budget of wrong
    codes is refused until the day ends (``code_budget``)."""
    consent = consent_of(partner=partner, consent_id=consent_id)
    ensure_code_budget(partner=partner)
    code = "".join((code or "").split())
    waiting = consent.status == ConsentStatus.PENDING and bool(consent.code_digest)
    # Asked before the transaction; every request has a code (sent or not), so an unknown IIN
    # is asked of the registry as a registered one is.
    person = _registered(partner, consent.iin) if waiting else None
    with transaction.atomic():
        consent = _pending(consent)
        right = bool(consent.code_digest) and constant_time_compare(
            consent.code_digest, _digest(consent.pk, code)
        )
        if right and person is not None:
            return _grant(consent, citizen=citizen_account(person=person), through="code")
        Consent.objects.filter(pk=consent.pk).update(wrong_codes=F("wrong_codes") + 1)
        if consent.wrong_codes + 1 >= MAX_WRONG_CODES:
            Consent.objects.filter(pk=consent.pk).update(status=ConsentStatus.REFUSED)
        spent = spend_wrong_code(partner=partner, lifetime=CODE_LIFETIME)
    if spent:
        raise refusal()
    raise Invalid("consent.code_wrong", [])


def approve_consent(*, citizen: User, consent: Consent) -> Consent:
    """The citizen approves a partner's request in the portal."""
    if consent.iin != citizen.iin:
        raise NotFound("not_found.consent")
    with transaction.atomic():
        return _grant(_pending(consent), citizen=citizen, through="portal")


def refuse_consent(*, citizen: User, consent: Consent) -> Consent:
    if consent.iin != citizen.iin:
        raise NotFound("not_found.consent")
    with transaction.atomic():
        consent = _pending(consent)
        consent.status = ConsentStatus.REFUSED
        consent.save(update_fields=["status"])
        record_audit(actor=citizen, action="consent.refused", obj=consent, channel="portal")
    return consent


def revoke_consent(*, citizen: User, consent: Consent) -> Consent:
    """The citizen withdraws a consent; the partner's tokens for them stop working at once, and
    it hears no more of their applications: the webhooks about them are withheld (those
    waiting are not sent, none shows in its delivery log) and no new ones are written."""
    if consent.citizen_id != citizen.pk:
        raise NotFound("not_found.consent")
    with transaction.atomic():
        consent = Consent.objects.select_for_update().select_related("partner").get(pk=consent.pk)
        if consent.status != ConsentStatus.GRANTED:
            raise Conflict("consent.not_granted")
        consent.status = ConsentStatus.REVOKED
        consent.revoked_at = timezone.now()
        consent.save(update_fields=["status", "revoked_at"])
        get_access_token_model().objects.filter(
            user=citizen, application=consent.partner.application
        ).delete()
        withheld = withhold_webhooks(
            partner=consent.partner, citizen=citizen, now=consent.revoked_at
        )
        record_audit(
            actor=citizen, action="consent.revoked", obj=consent, channel="portal",
            details={"webhooks_withheld": withheld},
        )  # fmt: skip
    return consent


def consent_of(*, partner: Partner, consent_id: Any) -> Consent:
    consent = Consent.objects.filter(partner=partner, pk=_uuid_or_none(consent_id)).first()
    if consent is None:
        raise NotFound("not_found.consent")
    return consent


def _uuid_or_none(value: Any) -> Any:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def grant_token(*, partner: Partner, consent_id: Any) -> tuple[str, datetime.datetime, Consent]:
    """A short-lived access token for the consenting citizen, limited to the consent's
    scopes; refused once the consent is revoked or past its date."""
    consent = consent_of(partner=partner, consent_id=consent_id)
    now = timezone.now()
    if (
        consent.status != ConsentStatus.GRANTED
        or consent.citizen is None
        or (consent.valid_until is not None and consent.valid_until <= now)
    ):
        raise Forbidden("consent.not_granted")
    expires = now + datetime.timedelta(seconds=settings.PARTNER_GRANT_SECONDS)
    token = generate_client_secret()
    access = get_access_token_model()(
        user=consent.citizen,
        application=partner.application,
        expires=expires,
        scope=" ".join(consent.scopes),
    )
    set_token_value(access, token)  # only its checksum is stored
    access.save()
    return token, expires, consent
