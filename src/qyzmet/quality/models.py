"""Citizens' ratings of decided cases: one per case, 1 to 5 with an optional comment."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LOWEST_SCORE = 1
HIGHEST_SCORE = 5
COMMENT_MAX_LENGTH = 2000
CHANGE_WINDOW = datetime.timedelta(days=30)


class Score(models.IntegerChoices):
    VERY_POOR = 1, _("very poor")
    POOR = 2, _("poor")
    FAIR = 3, _("fair")
    GOOD = 4, _("good")
    EXCELLENT = 5, _("excellent")


class Rating(models.Model):
    """How the citizen who applied rated the service one case received."""

    case = models.OneToOneField(
        "applications.Case", on_delete=models.CASCADE, related_name="rating"
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ratings"
    )
    score = models.PositiveSmallIntegerField(
        choices=Score.choices, help_text="1 (very poor) to 5 (excellent)."
    )
    comment = models.TextField(max_length=COMMENT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=LOWEST_SCORE, score__lte=HIGHEST_SCORE),
                name="rating_score_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.score}/{HIGHEST_SCORE} for case {self.case_id}"

    @property
    def changeable_until(self) -> datetime.datetime:
        return self.created_at + CHANGE_WINDOW

    def is_changeable(self, now: datetime.datetime | None = None) -> bool:
        """Whether the citizen may still change it (the first 30 days after rating)."""
        return (now or timezone.now()) < self.changeable_until
