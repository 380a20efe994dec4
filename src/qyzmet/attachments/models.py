"""An attachment: one file a citizen added to an application for one of its services, as the
service's catalogue entry asks (``attachments:``). Its name and content are encrypted like
other personal data (decision 21); the content is emptied when the retention term ends."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from qyzmet.core.encrypted import EncryptedBinaryField, EncryptedTextField


class Attachment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.CASCADE,
        related_name="attachments",
        null=True,
        blank=True,
        help_text="Empty while it is a document held for an application not yet made "
        "(GovStack's `POST /documents`).",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="The citizen who uploaded it (whose held document it is).",
    )
    service_slug = models.SlugField(max_length=64, help_text="The service that asks for it.")
    kind = models.SlugField(max_length=64, help_text="Its id in the service's `attachments:`.")
    filename = EncryptedTextField(help_text="The name the citizen's file had (encrypted).")
    content_type = models.CharField(max_length=100, help_text="As detected from the content.")
    size = models.PositiveIntegerField(help_text="Bytes.")
    content = EncryptedBinaryField(
        null=True, help_text="The file (encrypted); empty once the retention term has ended."
    )
    scanner = models.CharField(max_length=32, help_text="The scanner that found it clean.")
    channel = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(
        null=True, blank=True, help_text="When its content was deleted (retention)."
    )

    class Meta:
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["application", "service_slug", "kind"])]

    def __str__(self) -> str:
        return f"{self.service_slug}/{self.kind} {self.content_type} {self.size}"

    @property
    def held(self) -> bool:
        """A document uploaded for an application not yet made."""
        return self.application_id is None

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None
