"""The record of each exchange request about a citizen, granted or refused: what the data
tracker shows them. The subject is kept as a keyed hash, never the IIN itself."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class DataAccess(models.Model):
    class Outcome(models.TextChoices):
        GRANTED = "granted", "granted"
        REFUSED = "refused", "refused"

    class PurposeKind(models.TextChoices):
        APPLICATION = "application", "application"
        CASE = "case", "case"
        OFFER = "offer", "offer"
        LEGAL_BASIS = "legal_basis", "legal basis"

    message_id = models.CharField(max_length=64, unique=True, help_text="The request's id.")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    client_agency = models.CharField(max_length=64, help_text="Slug of the agency asking.")
    client_system = models.CharField(
        max_length=100,
        help_text="The system within it: pre-fill, checks, back office, partner:NAME...",
    )
    subject = models.CharField(
        max_length=64, db_index=True, help_text="Keyed hash of the IIN/BIN (core.pseudonyms)."
    )
    registry = models.CharField(max_length=32)
    provider_agency = models.CharField(max_length=64, help_text="Slug of the agency holding it.")
    fields = models.JSONField(default=list, help_text="Registry fields asked for.")
    purpose_kind = models.CharField(max_length=16, choices=PurposeKind.choices)
    purpose_ref = models.CharField(
        max_length=64, help_text="Application or case id, offer id, or a legal basis code."
    )
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    refusal = models.CharField(max_length=200, blank=True, help_text="Why it was refused.")
    audit_record = models.BigIntegerField(
        null=True, blank=True, help_text="The id of this request's audit record."
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject", "-at"])]

    def __str__(self) -> str:
        return f"{self.message_id} {self.outcome} {self.registry}"


class SecurityEvent(models.Model):
    """A request the provider could not trust: its signature did not verify, so neither who
    sent it nor what it says can be believed. It is not a ``DataAccess``: nothing was read, and
    the citizen it names never sees it in the data tracker; operators read the security log
    (``qyzmet exchange security-log``, the admin). What it claims is kept as claimed."""

    class Kind(models.TextChoices):
        SIGNATURE = "signature", "signature refused"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.SIGNATURE)
    reason = models.CharField(max_length=200, help_text="Why it could not be trusted.")
    sender = models.CharField(
        max_length=64, blank=True, help_text="The address it came from (empty: in-process)."
    )
    provider_agency = models.CharField(max_length=64, help_text="The agency that refused it.")
    message_id = models.CharField(max_length=64, db_index=True, help_text="As claimed.")
    claimed_client = models.CharField(
        max_length=170, help_text="The agency/system it claims to come from."
    )
    registry = models.CharField(max_length=32, help_text="As claimed.")
    fields = models.JSONField(default=list, help_text="Registry fields it asked for.")
    purpose = models.JSONField(default=dict, help_text="The purpose it claims.")
    subject = models.CharField(
        max_length=64, help_text="Keyed hash of the IIN/BIN it names (core.pseudonyms)."
    )
    audit_record = models.BigIntegerField(
        null=True, blank=True, help_text="The id of this event's audit record."
    )

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} from {self.sender or 'in-process'}"
