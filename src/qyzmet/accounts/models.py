"""People who sign in: citizens (identified by IIN), officers (of one agency), operators."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    iin = models.CharField(
        max_length=12, unique=True, null=True, blank=True, help_text="Citizens: their IIN."
    )
    agency = models.ForeignKey(
        "catalog.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
        help_text="Officers: the one agency whose cases they work.",
    )
    language = models.CharField(max_length=2, default="ru", help_text="kk, ru or en.")

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
