"""The trust list: each agency's signing keys, as certificates anyone may read.

Only public halves live in the database. The private key of an ``AgencyKey`` is a file named
after its ``key_id`` in the key folder (``QYZMET_KEY_DIR``), outside the database.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class AgencyKey(models.Model):
    agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, related_name="keys")
    key_id = models.CharField(max_length=64, unique=True)
    certificate = models.TextField(help_text="X.509 certificate (PEM) of the Ed25519 public key.")
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(
        null=True, blank=True, help_text="No longer signs; what it signed still verifies."
    )

    class Meta:
        ordering = ["agency", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency"],
                condition=Q(retired_at__isnull=True),
                name="one_current_key_per_agency",
            )
        ]

    def __str__(self) -> str:
        return self.key_id
