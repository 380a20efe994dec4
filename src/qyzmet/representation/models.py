"""A mandate: a recorded power of attorney. The principal lets the representative apply for
named services (or all) in their name until a date. Given in the portal it is offered until
the representative accepts; recorded by an officer from a notarised power of attorney or a
guardianship (carers included) it is in force at once. Either person may end it; it expires
at the end of its ``until`` day. People are kept by IIN (they may have no account yet)."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models

from qyzmet.core.encrypted import (
    EncryptedCharField,
    EncryptedJSONField,
    EncryptedTextField,
    KeyedHashField,
)
from qyzmet.core.pseudonyms import SUBJECT


class MandateKind(models.TextChoices):
    GRANTED = "granted"  # given by the principal in the portal, accepted by the representative
    NOTARISED = "notarised"  # a notarised power of attorney, recorded by an officer
    GUARDIANSHIP = (
        "guardianship"  # a guardian or carer appointed by a court or the guardianship body
    )


class MandateStatus(models.TextChoices):
    OFFERED = "offered"  # waiting for the representative to accept
    ACTIVE = "active"  # accepted or recorded: in force until its day (then expired)
    DECLINED = "declined"
    ENDED = "ended"  # ended by the principal, the representative or an officer


class Mandate(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=16, choices=MandateKind.choices)
    status = models.CharField(max_length=10, choices=MandateStatus.choices)
    principal_iin = EncryptedCharField(
        max_length=12, index="principal_iin_digest", help_text="Who is represented."
    )
    principal_iin_digest = KeyedHashField(of="principal_iin", purpose=SUBJECT, db_index=True)
    representative_iin = EncryptedCharField(
        max_length=12, index="representative_iin_digest", help_text="Who may act for them."
    )
    representative_iin_digest = KeyedHashField(
        of="representative_iin", purpose=SUBJECT, db_index=True
    )
    principal_name = EncryptedJSONField(
        default=dict, blank=True, help_text="The principal's name (kk/ru), as the registry has it."
    )
    representative_name = EncryptedJSONField(
        default=dict,
        blank=True,
        help_text="The representative's name (kk/ru): read when they accept, or when recorded.",
    )
    services = models.JSONField(
        default=list, blank=True, help_text="Slugs of the services it covers; empty: every one."
    )
    until = models.DateField(help_text="The last day it is in force.")
    document_reference = EncryptedCharField(
        max_length=200,
        blank=True,
        help_text="Recorded ones: the notarial register number or the decision's reference.",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The principal who gave it, or the officer who recorded it.",
    )
    channel = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.CharField(
        max_length=16, blank=True, help_text="principal, representative or officer."
    )
    end_reason = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} mandate {self.id} ({self.status})"

    def expired(self, today: datetime.date) -> bool:
        return self.status == MandateStatus.ACTIVE and self.until < today

    def in_force(self, today: datetime.date) -> bool:
        """Accepted or recorded, not ended, and ``today`` not past its last day."""
        return self.status == MandateStatus.ACTIVE and self.until >= today

    def covers(self, slugs: list[str] | tuple[str, ...] | set[str]) -> bool:
        """Whether it names every one of the services ``slugs`` (an empty list names all)."""
        return not self.services or set(slugs) <= set(self.services)

    def state(self, today: datetime.date) -> str:
        """offered, active, expired, declined or ended: what people are shown."""
        return "expired" if self.expired(today) else str(self.status)
