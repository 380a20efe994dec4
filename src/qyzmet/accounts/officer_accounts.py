"""Officers' accounts as an operator keeps them: created for an agency with a role, listed,
deactivated (``qyzmet officers create|list|deactivate``). Each change is audited.

How a new officer signs in follows the deployment: with a password and a TOTP code (the
device is enrolled here, its secret shown once by the caller), or, when
``QYZMET_OFFICER_IDENTITY_PROVIDERS`` names identity providers, only through them: the
account then has no usable password and is tied to its person (``link_officer``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from qyzmet.accounts.models import SealedTOTPDevice, User
from qyzmet.accounts.officer_identity import identity_of, link_officer, officers_use_providers
from qyzmet.accounts.officers import (
    REVERSE_DECISION,
    allow_reversals,
    enroll_totp,
    totp_device_of,
)
from qyzmet.audit.services import record_audit
from qyzmet.core.errors import Conflict, Invalid

OFFICER, SUPERVISOR = "officer", "supervisor"
ROLES = {
    OFFICER: "decides the agency's cases",
    SUPERVISOR: "decides them, may reverse decisions of the agency and signs off (four eyes)",
}
CREATED, DEACTIVATED = "officer.created", "officer.deactivated"


@dataclass(frozen=True)
class NewOfficer:
    """An officer just created, with the TOTP device whose secret is shown once (``None``
    when officers sign in through identity providers)."""

    officer: User
    device: SealedTOTPDevice | None


@dataclass(frozen=True)
class OfficerRow:
    username: str
    name: str
    agency: str
    role: str
    active: bool
    signs_in_with: str  # "totp", "identity provider", or "nothing yet"
    last_login: Any


def create_officer(
    *,
    username: str,
    first_name: str,
    last_name: str,
    agency: Any,
    role: str = OFFICER,
    password: str | None = None,
    iin: str | None = None,
    channel: str = "cli",
    operator: str = "",
) -> NewOfficer:
    """Create an officer of ``agency`` with ``role`` (``officer`` or ``supervisor``).

    With a password and a TOTP code (the deployment's default) ``password`` is required and
    checked against the password validators; a TOTP device is enrolled. When officers sign in
    through identity providers the account gets no usable password. Given ``iin``, the account
    is tied to that person at once either way (so the officer can also sign in through a
    provider once the deployment uses them). ``operator`` names who ran the command (the
    audit record's actor is the system: no account runs a shell). ``Invalid`` for a bad role
    or password, ``Conflict`` for a user name already taken."""
    username = username.strip()
    if role not in ROLES:
        raise _invalid("officer.unknown_role", roles=", ".join(ROLES))
    if not username:
        raise Invalid("officer.username_required")
    providers = officers_use_providers()
    if not providers and not password:
        raise Invalid("officer.password_required")
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise Conflict("officer.username_taken", {"username": username})
        officer = User(username=username, first_name=first_name, last_name=last_name, agency=agency)
        if providers:
            officer.set_unusable_password()
        else:
            try:
                validate_password(str(password), user=officer)
            except ValidationError as refused:
                why = " ".join(refused.messages)
                raise _invalid("officer.weak_password", why=why) from None
            officer.set_password(password)
        officer.save()
        details = {"agency": agency.slug, "role": role, "by": "providers" if providers else "totp"}
        if operator:
            details["operator"] = operator
        record_audit(actor=None, action=CREATED, obj=officer, channel=channel, details=details)
        if role == SUPERVISOR:
            allow_reversals(officer=officer, channel=channel)
        device = None if providers else enroll_totp(officer=officer, channel=channel)
        if iin:
            link_officer(officer=officer, iin=iin, channel=channel)
    return NewOfficer(officer=officer, device=device)


def _invalid(code: str, **params: str) -> Invalid:
    refused = Invalid(code)
    refused.params = params
    return refused


def deactivate_officer(*, officer: Any, channel: str = "cli", operator: str = "") -> bool:
    """Stop ``officer`` signing in, by any means; a session they have open ends at its next
    request (an inactive user is nobody to the authentication backend). Their cases,
    decisions and history stay. Audited; ``False`` when they were inactive already."""
    if not officer.is_officer:
        raise Invalid("officer.not_an_officer")
    if not officer.is_active:
        return False
    with transaction.atomic():
        officer.is_active = False
        officer.save(update_fields=["is_active"])
        details = {"operator": operator} if operator else None
        record_audit(actor=None, action=DEACTIVATED, obj=officer, channel=channel, details=details)
    return True


def officers(*, agency: Any | None = None, include_inactive: bool = False) -> QuerySet[User]:
    """The officers (of one agency, or of all), by agency and user name."""
    found = User.objects.filter(agency__isnull=False).select_related("agency")
    if agency is not None:
        found = found.filter(agency=agency)
    if not include_inactive:
        found = found.filter(is_active=True)
    return found.order_by("agency__slug", "username")


def officer_row(officer: User) -> OfficerRow:
    may_reverse = officer.user_permissions.filter(
        content_type__app_label="applications", codename=REVERSE_DECISION
    ).exists()
    if identity_of(officer) is not None:
        signs_in_with = "identity provider"
    elif totp_device_of(officer) is not None and officer.has_usable_password():
        signs_in_with = "password and TOTP"
    else:
        signs_in_with = "nothing yet"
    return OfficerRow(
        username=officer.username,
        name=officer.get_full_name(),
        agency=officer.agency.slug if officer.agency else "",
        role=SUPERVISOR if may_reverse else OFFICER,
        active=officer.is_active,
        signs_in_with=signs_in_with,
        last_login=officer.last_login,
    )
