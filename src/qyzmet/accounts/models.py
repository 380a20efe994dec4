"""People who sign in: citizens (identified by IIN), officers (of one agency), operators."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key, key_validator

from qyzmet.core.encrypted import EncryptedCharField, KeyedHashField
from qyzmet.core.pseudonyms import SUBJECT, subject_digest


def citizen_username(iin: str) -> str:
    """A citizen's user name: a pseudonym (it lands in audit records and logs), not the IIN."""
    return f"citizen-{subject_digest(iin)[:20]}"


class User(AbstractUser):  # type: ignore[django-manager-missing]  # django-otp's Device.user
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


class ConsumedNonce(models.Model):
    """A ``nonce`` an OpenID provider's ID token carried when it signed someone in, or an EDS
    sign-in challenge that was signed (its HMAC): the same value never signs anyone in again
    while it is kept (its unique digest settles concurrent replays)."""

    digest = models.CharField(
        max_length=64, unique=True, help_text="SHA-256 of the issuer and the nonce."
    )
    provider = models.CharField(max_length=32)
    expires_at = models.DateTimeField(help_text="Kept until then (longer than any trip).")

    def __str__(self) -> str:
        return f"nonce used with {self.provider} (kept until {self.expires_at:%Y-%m-%d %H:%M})"


class ConfirmationChallenge(models.Model):
    """A one-time code sent by SMS to the number the state holds for a citizen, to confirm one
    thing: ``digest`` (the SHA-256 of what is confirmed). Stored as an HMAC bound to the
    citizen and the digest, valid for minutes, used once, only by the requester that asked
    for it; only its newest challenge for a citizen, digest and requester counts."""

    citizen = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, help_text="SHA-256 (hex) of what is confirmed.")
    purpose = models.CharField(max_length=64, help_text="What kind of thing, e.g. application.")
    requester_digest = models.CharField(
        max_length=64, help_text="Keyed hash of the browser session or chat that asked."
    )
    code_digest = models.CharField(max_length=64)
    phone_masked = models.CharField(max_length=24, help_text="The number's last digits.")
    notification = models.ForeignKey(
        "notifications.Notification",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The SMS that carried the code (purged after an hour).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    wrong_codes = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["citizen", "digest", "-created_at"])]

    def __str__(self) -> str:
        return f"confirmation challenge {self.pk} ({self.purpose})"


class Confirmation(models.Model):
    """A citizen confirmed ``digest`` (the SHA-256 of what they confirmed) with the code sent
    by SMS to ``phone_masked``: who, when, and the text message that carried the code (the
    gateway's id for it and its delivery status)."""

    citizen = models.ForeignKey(User, on_delete=models.PROTECT, related_name="confirmations")
    digest = models.CharField(max_length=64, db_index=True)
    purpose = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(auto_now_add=True)
    channel = models.CharField(max_length=32)
    phone_masked = models.CharField(max_length=24)
    sms = models.ForeignKey(
        "notifications.SmsMessage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The text message that carried the code; its status follows delivery reports.",
    )
    gateway_message_id = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-confirmed_at", "-id"]

    def __str__(self) -> str:
        return f"confirmation {self.pk} ({self.purpose})"

    @property
    def delivery_status(self) -> str:
        """The carrying message's status now: accepted, delivered, failed ("" if unknown)."""
        return self.sms.status if self.sms is not None else ""


class SealedTOTPDevice(TimestampMixin, ThrottlingMixin, Device):
    """An officer's or operator's authenticator app: django-otp's TOTP device with its key (the
    seed of every code) encrypted at rest. django-otp finds it like any of its devices (the
    back office's sign-in, the admin's, ``OTPMiddleware``); its behaviour is TOTPDevice's own."""

    key = EncryptedCharField(
        max_length=80,
        validators=[key_validator],
        default=default_key,
        editable=False,
        help_text="The hex-encoded secret, encrypted; shown once, when it is enrolled.",
    )
    step = models.PositiveSmallIntegerField(default=30, help_text="Seconds per code.")
    t0 = models.BigIntegerField(default=0, help_text="The Unix time steps count from.")
    digits = models.PositiveSmallIntegerField(choices=[(6, 6), (8, 8)], default=6)
    tolerance = models.PositiveSmallIntegerField(
        default=1, help_text="Steps in the past or future a code may be from."
    )
    drift = models.SmallIntegerField(default=0, help_text="Steps the app's clock is off by.")
    last_t = models.BigIntegerField(
        default=-1, help_text="The step of the last code accepted; a code works once."
    )

    bin_key = TOTPDevice.bin_key
    verify_token = TOTPDevice.verify_token
    get_throttle_factor = TOTPDevice.get_throttle_factor
    config_url = TOTPDevice.config_url
    _read_str_from_settings = TOTPDevice._read_str_from_settings

    class Meta(Device.Meta):
        verbose_name = "TOTP device"


class OfficerIdentity(Device):
    """The person an officer's or operator's account belongs to (their IIN, encrypted), set by
    an operator (``accounts.officer_identity.link_officer``). When officers must sign in
    through an identity provider (``QYZMET_OFFICER_IDENTITY_PROVIDERS``), the provider proves
    the IIN and this row is the django-otp device that verifies the session: deleting it ends
    the officer's sessions at their next request. It never accepts a typed code."""

    iin = EncryptedCharField(max_length=12, index="iin_digest", help_text="The person's IIN.")
    iin_digest = KeyedHashField(of="iin", purpose=SUBJECT, unique=True, null=True)
    linked_at = models.DateTimeField(auto_now=True)

    class Meta(Device.Meta):
        verbose_name = "officer's identity"
        verbose_name_plural = "officers' identities"
        constraints = [models.UniqueConstraint(fields=["user"], name="one_identity_per_officer")]

    def verify_token(self, token: str) -> bool:
        return False  # proven by an identity provider, never by a code
