"""Signed applications: the signature (EDS) or SMS confirmation an application was submitted
with, as checked then, and every later check of it. Personal data (the signed document, the
signer's IIN and name) are encrypted at rest like the application itself."""

from __future__ import annotations

import base64
from typing import Any

from django.conf import settings
from django.db import models

from qyzmet.core.encrypted import EncryptedCharField, EncryptedTextField, KeyedHashField
from qyzmet.core.pseudonyms import SUBJECT


class SignatureMethod(models.TextChoices):
    EDS = "eds"  # an XML signature with the applicant's qualified certificate (NCALayer)
    SMS = "sms"  # a one-time code sent to the applicant's phone, bound to the document's digest


class ApplicationSignature(models.Model):
    """How the applicant signed what they submitted (``applications.signing``)."""

    application = models.OneToOneField(
        "applications.Application", on_delete=models.CASCADE, related_name="signature"
    )
    method = models.CharField(max_length=8, choices=SignatureMethod.choices)
    assurance = models.CharField(
        max_length=8, help_text="What the application's services asked for: sms or eds."
    )
    document = EncryptedTextField(help_text="The canonical document signed (XML).")
    document_digest = models.CharField(max_length=64, help_text="SHA-256 (hex) of the document.")
    signed_xml = EncryptedTextField(
        blank=True, help_text="EDS: the signed XML as the applicant's tool made it."
    )
    signer_iin = EncryptedCharField(max_length=12, blank=True, index="signer_iin_digest")
    signer_iin_digest = KeyedHashField(of="signer_iin", purpose=SUBJECT, blank=True)
    signer_name = EncryptedCharField(max_length=300, blank=True)
    signer_bin = models.CharField(
        max_length=12, blank=True, help_text="A company certificate: the company's BIN."
    )
    signer_role = models.CharField(max_length=64, blank=True)
    certificate_serial = models.CharField(max_length=128, blank=True)
    certificate_issuer = models.CharField(max_length=500, blank=True)
    confirmation = models.ForeignKey(
        "accounts.Confirmation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="SMS: the citizen's confirmation of the document's digest (accounts).",
    )
    valid = models.BooleanField(help_text="Whether it held when it was checked at submission.")
    problems = models.JSONField(default=list, blank=True, help_text="Message codes: why not.")
    checked_at = models.DateTimeField()
    channel = models.CharField(max_length=64)
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["signer_iin_digest"])]

    def __str__(self) -> str:
        return f"{self.method} signature of application {self.application_id}"

    @property
    def latest(self) -> SignatureVerification | None:
        """The last check made after submission, if any."""
        return self.verifications.order_by("-checked_at", "-pk").first()


class SignatureVerification(models.Model):
    """One later check of an application's signature (``qyzmet verify-signature``, the API,
    the back office): the outcome on that day, and who asked."""

    signature = models.ForeignKey(
        ApplicationSignature, on_delete=models.CASCADE, related_name="verifications"
    )
    valid = models.BooleanField()
    problems = models.JSONField(default=list, blank=True)
    checked_at = models.DateTimeField()
    as_of = models.DateTimeField(
        null=True, blank=True, help_text="The time the certificate was judged at: when signed."
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    channel = models.CharField(max_length=64)

    class Meta:
        ordering = ["checked_at", "pk"]

    def __str__(self) -> str:
        return f"check of {self.signature_id} at {self.checked_at:%Y-%m-%d %H:%M}: {self.valid}"


def _confirmation(kept: ApplicationSignature) -> dict[str, Any] | None:
    confirmation = kept.confirmation
    if confirmation is None:
        return None
    return {
        "id": confirmation.pk,
        "confirmed_at": confirmation.confirmed_at,
        "phone": confirmation.phone_masked,
        "delivery": confirmation.delivery_status or None,
    }


def signature_record(kept: ApplicationSignature) -> dict[str, Any]:
    """An application's signature as it is exported with its cases (API, GovStack): what was
    signed, by whom, with which certificate, and every check of it."""
    xml = kept.signed_xml.encode()
    return {
        "method": kept.method,
        "assurance": kept.assurance,
        "signed_at": kept.signed_at,
        "document_digest": kept.document_digest,
        "document": kept.document,
        "signed_xml_base64": base64.b64encode(xml).decode() if xml else None,
        "confirmation": _confirmation(kept),
        "signer": {
            "iin": kept.signer_iin,
            "name": kept.signer_name,
            "bin": kept.signer_bin or None,
            "role": kept.signer_role or None,
            "certificate_serial": kept.certificate_serial or None,
            "certificate_issuer": kept.certificate_issuer or None,
        },
        "valid": kept.valid,
        "problems": list(kept.problems),
        "checked_at": kept.checked_at,
        "verifications": [
            {
                "valid": check.valid,
                "problems": list(check.problems),
                "checked_at": check.checked_at,
                "as_of": check.as_of,
                "by": check.actor_label,
                "channel": check.channel,
            }
            for check in kept.verifications.all()
        ],
    }
