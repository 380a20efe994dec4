"""People who sign in: citizens (identified by IIN), officers (of one agency), operators."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models

from qyzmet.core.encrypted import EncryptedCharField, KeyedHashField
from qyzmet.core.pseudonyms import SUBJECT, subject_digest


def citizen_username(iin: str) -> str:
    """A citizen's user name: a pseudonym (it lands in audit records and logs), not the IIN."""
    return f"citizen-{subject_digest(iin)[:20]}"


class User(AbstractUser):
    iin = EncryptedCharField(
        max_length=12, null=True, blank=True, index="iin_digest", help_text="Citizens: their IIN."
    )
    iin_digest = KeyedHashField(of="iin", purpose=SUBJECT, unique=True, null=True)
    first_name = EncryptedCharField(max_length=150, blank=True, verbose_name="first name")
    last_name = EncryptedCharField(max_length=150, blank=True, verbose_name="last name")
    email = EncryptedCharField(max_length=254, blank=True, verbose_name="email address")
    agency = models.ForeignKey(
        "catalog.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
        help_text="Officers: the one agency whose cases they work.",
    )
    language = models.CharField(max_length=2, default="ru", help_text="kk, ru or en.")
    phone = EncryptedCharField(max_length=16, blank=True, help_text="Mobile, e.g. +77011234567.")
    notification_channels = models.JSONField(
        default=list, blank=True, help_text="External channels chosen, in order: sms, email..."
    )

    @property
    def is_officer(self) -> bool:
        return self.agency_id is not None

    @property
    def is_citizen(self) -> bool:
        return bool(self.iin)


class ApiToken(models.Model):
    """A development token for the JSON API; only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    label = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user} {self.label}"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class SignInChallenge(models.Model):
    """A one-time sign-in code sent to a citizen: stored as an HMAC, valid for minutes, used
    once, only by the requester that asked for it; only its newest challenge for an IIN
    counts."""

    iin = EncryptedCharField(max_length=12, index="iin_digest")
    iin_digest = KeyedHashField(of="iin", purpose=SUBJECT, null=True)
    requester_digest = models.CharField(
        max_length=64,
        default="",
        help_text="Keyed hash of the browser session or chat that asked for the code.",
    )
    provider = models.CharField(max_length=32)
    code_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    wrong_codes = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["iin_digest", "-created_at"])]

    def __str__(self) -> str:
        return f"sign-in challenge {self.pk} ({self.provider})"


class SignInAttempt(models.Model):
    """One event of signing in for an IIN, counted (in the database, so across app servers)
    for rate limits and lockouts: a code requested, a wrong code, a lockout, a sign-in."""

    class Event(models.TextChoices):
        CODE_REQUESTED = "code_requested"
        FAILED = "failed"
        LOCKED = "locked"
        SIGNED_IN = "signed_in"

    iin = EncryptedCharField(max_length=12, index="iin_digest")
    iin_digest = KeyedHashField(of="iin", purpose=SUBJECT, null=True)
    event = models.CharField(max_length=16, choices=Event.choices)
    address = models.GenericIPAddressField(
        null=True, blank=True, help_text="The client's address, for limits per address."
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["iin_digest", "event", "-at"]),
            models.Index(fields=["address", "event", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.event} at {self.at:%Y-%m-%d %H:%M}"
