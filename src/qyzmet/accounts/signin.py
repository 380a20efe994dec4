"""Signing citizens in with their IIN and a one-time code (the ``demo`` and ``sms`` identity
providers).

``request_code`` sends a 6-digit code through the notification outbox when the IIN is in the
population registry, on the notification channel its ``code_channel`` names: ``console``
(the demo: the server's log, codes masked, and the demo outbox page) or ``sms`` (to the mobile
number the registry holds for the person, through the SMS gateway). It answers the same way
when the IIN is not registered, or has no mobile number for ``sms``. ``verify_code`` checks it and
returns the citizen's account, made from the registry on the first sign-in. Codes are stored
as an HMAC, expire after ``CODE_LIFETIME``, are used once, work only for the *requester* that
asked for them (the browser session or chat: nobody else can type codes against them), and a
code dies after ``MAX_WRONG_CODES`` wrong ones; lockouts and rate limits are in
``attempts.py``.

Both answers take the same work, so their time does not tell whether an IIN is registered:
the registry is asked, a code is made, hashed and stored, and its message written, for every
IIN; for one the registry does not know (or, by SMS, knows without a mobile number), the
message is undone (its savepoint rolled back) and the stored code can never sign anyone in.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from qyzmet.accounts.attempts import (
    Event,
    count_code_request,
    ensure_address_may_request_code,
    ensure_not_locked,
    record_attempt,
    record_failure,
    requester_digest,
)
from qyzmet.accounts.models import SignInChallenge, User, citizen_username
from qyzmet.audit.services import record_audit
from qyzmet.core.errors import Forbidden, Invalid
from qyzmet.core.identifiers import InvalidIdentifier, parse_iin
from qyzmet.core.texts import Text
from qyzmet.exchange.client import legal_basis, platform_client, request_registry_data
from qyzmet.notifications.kinds import CODE_LIFETIME as CODE_LIFETIME  # also confirmations'
from qyzmet.notifications.services import notify

MAX_WRONG_CODES = 5
CODE_DIGITS = 6
CODE_CHANNELS = ("console", "sms")  # where a code may go out: the demo outbox, or by SMS
NOWHERE = "+70000000000"  # the address of a message written only to be undone


def new_code() -> str:
    """A random one-time code of ``CODE_DIGITS`` digits."""
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def checked_iin(raw: str) -> str:
    """The IIN typed (spaces allowed), or ``Invalid`` with the problem's message code."""
    iin = "".join((raw or "").split())
    if not iin:
        raise Invalid("required")
    try:
        parse_iin(iin)
    except InvalidIdentifier as wrong:
        raise Invalid(f"iin.{wrong.problem.value}") from None
    return iin


def _digest(iin: str, code: str) -> str:
    return salted_hmac("qyzmet.accounts.signin", f"{iin}:{code}", algorithm="sha256").hexdigest()


LIVING = "population.person.living"
FIRST_NAME = "population.person.first_name"
LAST_NAME = "population.person.last_name"
MOBILE_PHONE = "population.person.mobile_phone"


@dataclass(frozen=True)
class RegisteredPerson:
    """A living person as the population registry names them (kk/ru), with the mobile
    number it holds for them when it was asked (``""``: none, or not asked)."""

    iin: str
    first_name: Text
    last_name: Text
    mobile_phone: str = ""


def living_person(
    iin: str, *, system: str = "signin", basis: str = "citizen-sign-in", phone: bool = False
) -> RegisteredPerson | None:
    """The living person with ``iin``, asked of the population registry through the exchange
    by the platform's ``system`` under the legal ``basis`` (with their mobile number when
    ``phone``); ``None`` if there is none."""
    fields = [LIVING, FIRST_NAME, LAST_NAME, *([MOBILE_PHONE] if phone else [])]
    found = request_registry_data(
        client=platform_client(system), subject=iin, fields=fields, purpose=legal_basis(basis)
    )
    if not found.get(LIVING):
        return None
    return RegisteredPerson(
        iin=iin, first_name=found[FIRST_NAME], last_name=found[LAST_NAME],
        mobile_phone=str(found.get(MOBILE_PHONE) or ""),
    )  # fmt: skip


def _code_address(*, iin: str, person: RegisteredPerson | None, code_channel: str) -> str:
    """Where a code to ``iin`` goes on ``code_channel``: the IIN itself on the ``console``
    (the demo outbox lists codes by IIN), the registry's mobile number by ``sms``; ``""``
    when it goes nowhere (nobody registered, or no number)."""
    if person is None:
        return ""
    return iin if code_channel == "console" else person.mobile_phone


def _send_code(*, iin: str, code: str, language: str, address: str, code_channel: str) -> None:
    """Write the message carrying ``code`` to ``address`` on ``code_channel``; with no
    address, write it all the same (to nowhere) and roll it back, so that both cases do the
    same work (one statement ends the savepoint either way)."""
    savepoint = transaction.savepoint()
    notify(
        kind="signin.code",
        context={"code": code, "minutes": int(CODE_LIFETIME.total_seconds() // 60)},
        recipient=User.objects.filter(iin=iin).first(),
        address=address or NOWHERE,
        channels=[code_channel],
        language=language,
    )
    if address:
        transaction.savepoint_commit(savepoint)
    else:
        transaction.savepoint_rollback(savepoint)  # its delivery job goes with it


def request_code(
    *,
    iin: str,
    language: str,
    channel: str,
    requester: str,
    provider: str = "demo",
    code_channel: str = "console",
    address: str | None = None,
) -> str:
    """Send a one-time code to the citizen with ``iin`` if the population registry knows them
    (through ``code_channel`` of the notification outbox: ``console`` or ``sms``, to the
    number the registry holds), for ``requester`` (the session or chat asking) alone. Returns
    the checked IIN; the answer, and the work done for it, are the same whether a code was
    sent or not."""
    if code_channel not in CODE_CHANNELS:
        raise ValueError(f"codes go out on {CODE_CHANNELS}, not {code_channel!r}")
    iin = checked_iin(iin)
    # The registry is asked before the write transaction (never while holding its locks),
    # and only once the limits allow a code at all; the address's is checked again inside.
    ensure_not_locked(requester=requester, address=address)
    count_code_request(iin=iin, requester=requester, address=address)
    person = living_person(iin, phone=code_channel == "sms")
    to = _code_address(iin=iin, person=person, code_channel=code_channel)
    code = new_code()
    with transaction.atomic():
        ensure_address_may_request_code(address=address)
        record_attempt(iin=iin, event=Event.CODE_REQUESTED, channel=channel, address=address)
        SignInChallenge.objects.create(
            iin=iin,
            requester_digest=requester_digest(requester),
            provider=provider,
            code_digest=_digest(iin, code),
            expires_at=timezone.now() + CODE_LIFETIME,
        )
        _send_code(iin=iin, code=code, language=language, address=to, code_channel=code_channel)
    return iin


def citizen_account(
    *, person: RegisteredPerson, language: str = "", channel: str = "system"
) -> User:
    """The citizen's account, made from the population registry the first time."""
    user = User.objects.filter(iin=person.iin).first()
    if user is None:
        kazakh = language == "kk"
        user = User(
            username=citizen_username(person.iin),
            iin=person.iin,
            first_name=person.first_name["kk" if kazakh else "ru"],
            last_name=person.last_name["kk" if kazakh else "ru"],
            language=language or "ru",
        )
        user.set_unusable_password()
        user.save()
        record_audit(actor=user, action="account.created", obj=user, channel=channel)
    elif not user.is_active:
        raise Forbidden("signin.inactive")
    elif language and user.language != language:
        user.language = language  # notifications follow the language the citizen last used
        user.save(update_fields=["language"])
    return user


def _challenges(*, iin: str, requester: str) -> QuerySet[SignInChallenge]:
    return SignInChallenge.objects.filter(iin=iin, requester_digest=requester_digest(requester))


def _check_code(
    *,
    iin: str,
    code: str,
    language: str,
    channel: str,
    requester: str,
    person: RegisteredPerson | None,
) -> User | None:
    """The account if ``code`` is the live code ``requester`` asked for ``iin``, else
    ``None`` and the code counts one wrong answer more."""
    challenge = (
        _challenges(iin=iin, requester=requester)
        .select_for_update()
        .order_by("-created_at", "-id")
        .first()
    )
    now = timezone.now()
    right = challenge is not None and constant_time_compare(
        challenge.code_digest, _digest(iin, code)
    )
    live = (
        challenge is not None
        and challenge.used_at is None
        and challenge.expires_at > now
        and challenge.wrong_codes < MAX_WRONG_CODES
    )
    if challenge is not None and live and right and person is not None:
        user = citizen_account(person=person, language=language, channel=channel)
        challenge.used_at = now
        challenge.save(update_fields=["used_at"])
        record_attempt(iin=iin, event=Event.SIGNED_IN, channel=channel, actor=user)
        return user
    if challenge is not None:
        SignInChallenge.objects.filter(pk=challenge.pk).update(wrong_codes=F("wrong_codes") + 1)
    return None


def verify_code(
    *,
    iin: str,
    code: str,
    language: str,
    channel: str,
    requester: str,
    address: str | None = None,
) -> User:
    """The citizen's account when ``code`` is the live one-time code ``requester`` asked for
    ``iin``. A wrong, expired or used code is counted against the requester at ``address``
    (never against the IIN: a stranger cannot lock its owner out) and refused with one
    message that does not say which it was."""
    iin = checked_iin(iin)
    code = "".join((code or "").split())
    if len(code) != CODE_DIGITS or not (code.isascii() and code.isdigit()):
        raise Invalid("signin.code_format")
    ensure_not_locked(requester=requester, address=address)
    now = timezone.now()
    person = None  # asked of the registry before the transaction, if a code is waiting
    waiting = _challenges(iin=iin, requester=requester).filter(
        used_at__isnull=True, expires_at__gt=now
    )
    if waiting.exists():
        person = living_person(iin)
    with transaction.atomic():
        user = _check_code(
            iin=iin, code=code, language=language, channel=channel, requester=requester,
            person=person,
        )  # fmt: skip
    if user is not None:
        return user
    record_failure(iin=iin, channel=channel, requester=requester, address=address)
    raise Invalid("signin.code_wrong")


def sign_in_person(
    *, iin: str, provider: str, language: str, channel: str, address: str | None = None
) -> User:
    """The account of the living person with ``iin``, whom ``provider`` has just proved (an
    OpenID provider's ID token, a certificate's signature): made from the population registry
    the first time, the sign-in recorded. ``Forbidden`` when the registry knows no living
    person with that IIN (a provider may prove an IIN the state has closed)."""
    iin = checked_iin(iin)
    person = living_person(iin)
    if person is None:
        raise Forbidden("signin.unknown_person")
    with transaction.atomic():
        user = citizen_account(person=person, language=language, channel=channel)
        record_attempt(
            iin=iin, event=Event.SIGNED_IN, channel=channel, address=address, actor=user,
            provider=provider,
        )  # fmt: skip
    return user
