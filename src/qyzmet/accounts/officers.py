"""Officers' second factor and sign-in: a TOTP device per officer (django-otp), and failed
sign-ins counted per user name in the audit log, locking the account for a while after too many.

Failed attempts are audit records (``officer.sign_in_failed``) on the account they name, so the
limit holds across every app server and the trail of attempts is the one auditors read.
"""

from __future__ import annotations

import datetime
import math
import time
from base64 import b32encode
from dataclasses import dataclass
from typing import Any, NoReturn

import django_otp
from django.contrib.auth import authenticate
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from qyzmet.accounts.models import User
from qyzmet.audit.models import AuditRecord
from qyzmet.audit.services import record_audit
from qyzmet.core.errors import Forbidden, Invalid

MAX_FAILED_SIGN_INS = 5
LOCK_MINUTES = 15
DEVICE_NAME = "qyzmet back office"
REVERSE_DECISION = "reverse_decision"  # the permission declared by applications.Reversal
FAILED, LOCKED, SIGNED_IN = "officer.sign_in_failed", "officer.sign_in_locked", "officer.signed_in"


@dataclass(frozen=True)
class OfficerSignIn:
    """A signed-in officer and the device that confirmed the second factor."""

    officer: User
    device: TOTPDevice


@dataclass(frozen=True)
class DemoCode:
    username: str
    agency: str
    code: str
    valid_for_seconds: int


def needs_second_factor(user: Any) -> bool:
    """Officers (a user of an agency) and operators (staff of the admin) sign in with a
    password and a TOTP code, never with anything less."""
    return bool(
        getattr(user, "agency_id", None) is not None
        or getattr(user, "is_staff", False)
        or getattr(user, "is_superuser", False)
    )


def totp_device_of(officer: Any) -> TOTPDevice | None:
    """The officer's confirmed TOTP device, if they have one."""
    return TOTPDevice.objects.filter(user=officer, confirmed=True).order_by("id").first()


def totp_secret(device: TOTPDevice) -> str:
    """The device's key in base32, as authenticator apps take it when typed in."""
    return b32encode(device.bin_key).decode()


def enroll_totp(*, officer: Any, channel: str = "cli", keep_existing: bool = False) -> TOTPDevice:
    """Give ``officer`` a confirmed TOTP device with a new secret, replacing any they had.

    With ``keep_existing`` an officer who already has a device keeps it (the demo uses this so
    preparing it twice does not change the secrets)."""
    existing = totp_device_of(officer)
    if keep_existing and existing is not None:
        return existing
    with transaction.atomic():
        TOTPDevice.objects.filter(user=officer).delete()
        device = TOTPDevice.objects.create(user=officer, name=DEVICE_NAME, confirmed=True)
        record_audit(
            actor=None,
            action="officer.totp_enrolled",
            obj=officer,
            channel=channel,
            details={"replaced": existing is not None},
        )
    return device


def _attempts(account: User, action: str, since: datetime.datetime) -> Any:
    return AuditRecord.objects.filter(
        action=action,
        object_type=account._meta.label_lower,
        object_id=str(account.pk),
        at__gt=since,
    )


def sign_in_locked_until(
    *, account: User, now: datetime.datetime | None = None
) -> datetime.datetime | None:
    """When the lock on ``account`` ends, or None when it may try to sign in."""
    now = now or timezone.now()
    lock = _attempts(account, LOCKED, now - datetime.timedelta(minutes=LOCK_MINUTES)).last()
    return lock.at + datetime.timedelta(minutes=LOCK_MINUTES) if lock else None


def _failures_in_a_row(account: User, now: datetime.datetime) -> int:
    """Failed attempts within the lock period, since the last success or the last lock."""
    since = now - datetime.timedelta(minutes=LOCK_MINUTES)
    for action in (SIGNED_IN, LOCKED):
        record = _attempts(account, action, since).last()
        if record is not None:
            since = max(since, record.at)
    return int(_attempts(account, FAILED, since).count())


def _refuse(*, account: User | None, channel: str, why: str) -> NoReturn:
    """Record a failed attempt on an existing account (locking it at the limit), then refuse."""
    if account is None:
        raise Invalid("officer.sign_in_failed")
    now = timezone.now()
    record_audit(actor=None, action=FAILED, obj=account, channel=channel, details={"why": why})
    if _failures_in_a_row(account, now) >= MAX_FAILED_SIGN_INS:
        record_audit(
            actor=None,
            action=LOCKED,
            obj=account,
            channel=channel,
            details={"failures": MAX_FAILED_SIGN_INS, "minutes": LOCK_MINUTES},
        )
        raise Forbidden("officer.sign_in_locked", {"minutes": LOCK_MINUTES})
    raise Invalid("officer.sign_in_failed")


def sign_in_officer(*, username: str, password: str, code: str, channel: str) -> OfficerSignIn:
    """Check an officer's password and current TOTP code.

    Refuses (``Invalid``) without saying which of the three was wrong; after
    ``MAX_FAILED_SIGN_INS`` failures in a row the account is locked for ``LOCK_MINUTES``
    (``Forbidden``). Only active users of an agency with a confirmed device get in."""
    account = User.objects.filter(username=username).first()
    until = sign_in_locked_until(account=account) if account is not None else None
    if account is not None and until is not None:
        record_audit(
            actor=None,
            action="officer.sign_in_refused",
            obj=account,
            channel=channel,
            details={"why": "locked"},
        )
        minutes = math.ceil((until - timezone.now()).total_seconds() / 60)
        raise Forbidden("officer.sign_in_locked", {"minutes": max(1, minutes)})
    user = authenticate(username=username, password=password)
    if not isinstance(user, User) or not user.is_officer:
        _refuse(account=account, channel=channel, why="password" if user is None else "role")
    device = totp_device_of(user)
    if device is None:
        record_audit(
            actor=None,
            action="officer.sign_in_refused",
            obj=user,
            channel=channel,
            details={"why": "no_second_factor"},
        )
        raise Forbidden("officer.no_second_factor")
    if django_otp.verify_token(user, device.persistent_id, code.strip()) is None:
        _refuse(account=user, channel=channel, why="code")
    record_audit(actor=user, action=SIGNED_IN, obj=user, channel=channel)
    return OfficerSignIn(officer=user, device=device)


def allow_reversals(*, officer: Any, allowed: bool = True, channel: str = "cli") -> Any:
    """Give ``officer`` (or take back) the permission to reverse decisions on their agency's
    cases (``applications.reverse_decision``), as a supervisor has it. Audited."""
    if not officer.is_officer:
        raise Invalid("officer.not_an_officer")
    permission = Permission.objects.get(
        content_type__app_label="applications", codename=REVERSE_DECISION
    )
    with transaction.atomic():
        if allowed:
            officer.user_permissions.add(permission)
        else:
            officer.user_permissions.remove(permission)
        record_audit(
            actor=None,
            action="officer.reversals_allowed" if allowed else "officer.reversals_withdrawn",
            obj=officer,
            channel=channel,
        )
    for cache in ("_perm_cache", "_user_perm_cache"):
        officer.__dict__.pop(cache, None)
    return officer


def record_sign_out(*, officer: Any, channel: str) -> None:
    """Note in the audit log that an officer signed out."""
    record_audit(actor=officer, action="officer.signed_out", obj=officer, channel=channel)


def demo_totp_codes() -> list[DemoCode]:
    """The current code of each demo officer (``officer-<agency slug>``), for the demo page."""
    codes = []
    devices = TOTPDevice.objects.filter(
        confirmed=True, user__agency__isnull=False, user__is_active=True
    ).select_related("user__agency")
    now = time.time()
    for device in devices.order_by("user__username"):
        user = device.user
        if user.username != f"officer-{user.agency.slug}":
            continue
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = now
        left = device.step - int(now - device.t0) % device.step
        code = f"{totp.token():0{device.digits}d}"
        codes.append(DemoCode(user.username, str(user.agency), code, left))
    return codes
