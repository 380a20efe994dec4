"""A visit: a case's applicant booked a time at a service centre (for the ID card: the photo).

A slot of a centre takes ``capacity`` people; each booked visit holds one numbered place of
its slot, and a unique constraint over (centre, time, place) of the visits that hold one lets
the database refuse the second booking of the last place, however many app servers race for
it (decision 54)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from qyzmet.core.encrypted import EncryptedTextField


class VisitStatus(models.TextChoices):
    BOOKED = "booked"
    CANCELLED = "cancelled"
    HAPPENED = "happened"  # the officer at the centre recorded it
    MISSED = "missed"  # the officer recorded that nobody came


HOLDING_A_PLACE = (VisitStatus.BOOKED, VisitStatus.HAPPENED, VisitStatus.MISSED)


class Visit(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("applications.Case", on_delete=models.CASCADE, related_name="visits")
    centre = models.ForeignKey(
        "catalog.ServiceCentre", on_delete=models.PROTECT, related_name="visits"
    )
    service = models.SlugField(max_length=64, help_text="The service booked (the case's).")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.PositiveSmallIntegerField(help_text="Which of the slot's places it holds (1..)")
    status = models.CharField(max_length=12, choices=VisitStatus.choices)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(max_length=64)
    outcome = EncryptedTextField(
        blank=True, help_text="What the officer recorded was done (e.g. the photo taken)."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(
        null=True, blank=True, help_text="When the reminder of the day before was written."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "place"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "service", "starts_at", "place"],
                condition=Q(status__in=["booked", "happened", "missed"]),
                name="visit_place_held_once",
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="booked"),
                name="visit_booked_once_per_case",
            ),
        ]
        indexes = [models.Index(fields=["centre", "starts_at"])]

    def __str__(self) -> str:
        return f"visit {self.pk} at {self.starts_at:%Y-%m-%d %H:%M}"
