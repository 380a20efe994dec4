"""A citizen's contact details and how they want to hear from qyzmet: language, mobile
number, e-mail address, and the external channels (SMS, e-mail) besides the portal inbox."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from qyzmet.accounts.models import User
from qyzmet.audit.services import record_audit
from qyzmet.core.errors import Invalid
from qyzmet.core.texts import LANGUAGES

CHOOSABLE = ("sms", "email")
KAZAKHSTAN_MOBILE = re.compile(r"^\+7(7\d{9})$")


@dataclass(frozen=True)
class Problem:
    field: str
    code: str
    params: dict[str, object] | None = None


def normalised_phone(raw: str) -> str:
    """``+7 701 123 45 67``, ``8 701 1234567`` or ``87011234567`` as ``+77011234567``;
    ``""`` for nothing; raises ``ValueError`` for anything else."""
    digits = re.sub(r"[\s()\-]", "", raw or "")
    if not digits:
        return ""
    if digits.startswith("8") and len(digits) == 11:
        digits = "+7" + digits[1:]
    if not KAZAKHSTAN_MOBILE.match(digits):
        raise ValueError(digits)
    return digits


def update_contact_preferences(
    *,
    citizen: User,
    language: str,
    phone: str,
    email: str,
    channels: Sequence[str],
    channel: str = "portal",
) -> User:
    """Save what the citizen chose; ``Invalid`` naming each field in error, nothing saved."""
    problems: list[Problem] = []
    if language not in LANGUAGES:
        problems.append(Problem("language", "choice"))
    try:
        phone = normalised_phone(phone)
    except ValueError:
        problems.append(Problem("phone", "phone.format"))
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(Problem("email", "email.format"))
    chosen = [name for name in CHOOSABLE if name in channels]
    if any(name not in CHOOSABLE for name in channels):
        problems.append(Problem("channels", "choice"))
    if "sms" in chosen and not phone and not any(p.field == "phone" for p in problems):
        problems.append(Problem("phone", "channel.needs_phone"))
    if "email" in chosen and not email and not any(p.field == "email" for p in problems):
        problems.append(Problem("email", "channel.needs_email"))
    if problems:
        raise Invalid("invalid", problems)
    with transaction.atomic():
        citizen.language, citizen.phone, citizen.email = language, phone, email
        citizen.notification_channels = chosen
        citizen.save(update_fields=["language", "phone", "email", "notification_channels"])
        record_audit(
            actor=citizen,
            action="account.preferences_changed",
            obj=citizen,
            channel=channel,
            details={"language": language, "channels": chosen},
        )
    return citizen
