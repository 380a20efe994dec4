"""qyzmet's statuses as GovStack's ``statusModel``: a ``code`` from PENDING, APPROVED,
SENDBACK, REJECTED and a ``title`` in the language of the request.

A case (and its application) sent back for correction is SENDBACK until the citizen
resubmits; corrected, it awaits a decision again: PENDING, as a case whose decision was
reversed. A
withdrawn application has no GovStack code: its status carries the title alone (``code`` is
optional in ``statusModel``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

PENDING, APPROVED, REJECTED, SENDBACK = "PENDING", "APPROVED", "REJECTED", "SENDBACK"

CODES: dict[str, str | None] = {
    "draft": PENDING,
    "awaiting_payment": PENDING,
    "submitted": PENDING,
    "in_review": PENDING,
    "approved": APPROVED,
    "partially_approved": APPROVED,
    "rejected": REJECTED,
    "withdrawn": None,
    "reversed": PENDING,
    "sent_back": SENDBACK,
    "corrected": PENDING,
}
TITLES = {
    "draft": _("Draft"),
    "awaiting_payment": _("Awaiting payment"),
    "submitted": _("Submitted"),
    "in_review": _("In review"),
    "approved": _("Approved"),
    "partially_approved": _("Partly approved"),
    "rejected": _("Rejected"),
    "withdrawn": _("Withdrawn"),
    "reversed": _("Decision reversed"),
    "sent_back": _("Sent back for correction"),
    "corrected": _("Corrected"),
}
ENDED = {"approved", "partially_approved", "rejected", "withdrawn"}


def status_model(status: str) -> dict[str, Any]:
    """The ``statusModel`` of an application's or a case's status."""
    status = str(status)
    model: dict[str, Any] = {"title": str(TITLES.get(status, status))}
    if CODES.get(status):
        model["code"] = CODES[status]
    return model


def has_ended(status: str) -> bool:
    """True once nothing more will happen: decided or withdrawn."""
    return str(status) in ENDED
