"""Officers' second factor and sign-in: a TOTP device per officer (django-otp's, its key
encrypted at rest), and failed sign-ins counted by django-axes per user name and per client
address, locking both out for a while after too many (the admin's login shares the count).

Failed attempts are also audit records (``officer.sign_in_failed``) on the account they name:
the trail of attempts is the one auditors read.
"""

from __future__ import annotations

import time
from base64 import b32encode
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import Permission
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django_otp.models import Device
from django_otp.oath import TOTP

from qyzmet.accounts.models import OfficerIdentity, SealedTOTPDevice, User
from qyzmet.audit.services import record_audit
from qyzmet.core.errors import Forbidden, Invalid
from qyzmet.core.lockouts import lockout_minutes

DEVICE_NAME = "qyzmet back office"
REVERSE_DECISION = "reverse_decision"  # the permission declared by applications.Reversal
FAILED, LOCKED, SIGNED_IN = "officer.sign_in_failed", "officer.sign_in_locked", "officer.signed_in"


@dataclass(frozen=True)
class OfficerSignIn:
    """A signed-in officer and the device that verified the session: their TOTP device, or
    the tie to the person an identity provider proved (``OfficerIdentity``)."""

    officer: User
    device: Device


@dataclass(frozen=True)
class DemoCode:
    username: str
    agency: str
    code: str
    valid_for_seconds: int


def needs_second_factor(user: Any) -> bool:
    """Officers (a user of an agency) and operators (staff of the admin) sign in with a
    password and a TOTP code, or through an identity provider, never with anything less."""
    return bool(
        getattr(user, "agency_id", None) is not None
        or getattr(user, "is_staff", False)
        or getattr(user, "is_superuser", False)
    )


def second_factor_verified(user: Any) -> bool:
    """Whether ``user``'s session is verified the way this deployment asks of officers and
    operators: by their TOTP code, or, when ``QYZMET_OFFICER_IDENTITY_PROVIDERS`` names
    providers, by one of them alone (a session verified by a TOTP code before counts no more).
    ``is_verified`` and ``otp_device`` come from django-otp's middleware."""
    verified = getattr(user, "is_verified", None)
    if not (user.is_authenticated and verified and verified()):
        return False
    if settings.OFFICER_IDENTITY_PROVIDERS:
        return isinstance(getattr(user, "otp_device", None), OfficerIdentity)
    return True


def totp_device_of(officer: Any) -> SealedTOTPDevice | None:
    """The officer's confirmed TOTP device, if they have one."""
    return SealedTOTPDevice.objects.filter(user=officer, confirmed=True).order_by("id").first()


def totp_secret(device: SealedTOTPDevice) -> str:
    """The device's key in base32, as authenticator apps take it when typed in."""
    return b32encode(device.bin_key).decode()


def enroll_totp(
    *, officer: Any, channel: str = "cli", keep_existing: bool = False
) -> SealedTOTPDevice:
    """Give ``officer`` a confirmed TOTP device with a new secret, replacing any they had.

    With ``keep_existing`` an officer who already has a device keeps it (the demo uses this so
    preparing it twice does not change the secrets)."""
    existing = totp_device_of(officer)
    if keep_existing and existing is not None:
        return existing
    with transaction.atomic():
        SealedTOTPDevice.objects.filter(user=officer).delete()
        device = SealedTOTPDevice.objects.create(user=officer, name=DEVICE_NAME, confirmed=True)
        record_audit(
            actor=None,
            action="officer.totp_enrolled",
            obj=officer,
            channel=channel,
            details={"replaced": existing is not None},
        )
    return device


def code_already_used(device: SealedTOTPDevice, code: str) -> bool:
    """Whether ``code`` is one the device accepted already: right for a time step within its
    tolerance, but not after the last step it accepted (django-otp's ``last_t``), so refused
    because a code works once. Asked only once the password was right."""
    device.refresh_from_db(fields=["last_t", "drift"])
    try:
        token = int(code.strip())
    except ValueError:
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return bool(totp.verify(token, device.tolerance)) and totp.t() <= device.last_t


def _refuse(
    *, request: HttpRequest, username: str, account: User | None, channel: str, why: str
) -> NoReturn:
    """Record a failed attempt (audited on an existing account; counted by django-axes, which
    counts a wrong password by itself), then refuse; the failure that reaches the limit locks
    the user name and the address out."""
    if why != "password":
        user_login_failed.send(__name__, credentials={"username": username}, request=request)
    if account is not None:
        record_audit(actor=None, action=FAILED, obj=account, channel=channel, details={"why": why})
    if getattr(request, "axes_locked_out", False):
        if account is not None:
            details = {"failures": settings.AXES_FAILURE_LIMIT, "minutes": lockout_minutes()}
            record_audit(actor=None, action=LOCKED, obj=account, channel=channel, details=details)
        raise Forbidden("officer.sign_in_locked", {"minutes": lockout_minutes()})
    raise Invalid("officer.code_reused" if why == "code_reused" else "officer.sign_in_failed")


def sign_in_officer(
    *, request: HttpRequest, username: str, password: str, code: str, channel: str
) -> OfficerSignIn:
    """Check an officer's password and current TOTP code, from the client of ``request``.

    Refuses (``Invalid``) without saying which of the three was wrong, except a code used
    already (``officer.code_reused``: wait for the next one), said only after the right
    password, so it tells nothing of who exists; it counts as a failure all the same.
    Failures are counted by django-axes per user name and per client address: at
    ``QYZMET_LOCKOUT_FAILURES`` the sign-in is locked for ``QYZMET_LOCKOUT_MINUTES``
    (``Forbidden``), for the admin's login too. Only active users of an agency with a
    confirmed device get in. When officers must sign in through an identity provider
    (``QYZMET_OFFICER_IDENTITY_PROVIDERS``), nothing is checked and ``Forbidden`` says so."""
    if settings.OFFICER_IDENTITY_PROVIDERS:
        raise Forbidden("officer.password_off")
    account = User.objects.filter(username=username).first()
    if AxesProxyHandler.is_locked(request, {"username": username}):
        if account is not None:
            record_audit(
                actor=None,
                action="officer.sign_in_refused",
                obj=account,
                channel=channel,
                details={"why": "locked"},
            )
        raise Forbidden("officer.sign_in_locked", {"minutes": lockout_minutes()})
    user = authenticate(request, username=username, password=password)
    if not isinstance(user, User) or not user.is_officer:
        why = "password" if user is None else "role"
        _refuse(request=request, username=username, account=account, channel=channel, why=why)
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
        why = "code_reused" if code_already_used(device, code) else "code"
        _refuse(request=request, username=username, account=user, channel=channel, why=why)
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


def demo_totp_codes(*, operators: Sequence[str] = ()) -> list[DemoCode]:
    """The current code of each demo officer (``officer-<agency slug>``, ``appeals-<agency
    slug>``, and ``clerk-<agency slug>`` where the agency's services have stages) and of the demo
    ``operators`` (staff, named), for the demo page."""
    codes = []
    devices = SealedTOTPDevice.objects.filter(
        Q(user__agency__isnull=False) | Q(user__is_staff=True, user__username__in=operators),
        confirmed=True,
        user__is_active=True,
    ).select_related("user__agency")
    now = time.time()
    for device in devices.order_by("user__username"):
        user = device.user
        demo_names = (
            tuple(f"{kind}-{user.agency.slug}" for kind in ("officer", "clerk", "appeals"))
            if user.agency
            else ()
        )
        if user.agency is not None and user.username not in demo_names:
            continue
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = now
        left = device.step - int(now - device.t0) % device.step
        code = f"{totp.token():0{device.digits}d}"
        codes.append(DemoCode(user.username, str(user.agency or ""), code, left))
    return codes
