"""How an application's status follows from its cases."""

from __future__ import annotations

from collections.abc import Iterable

from qyzmet.applications.models import (
    PENDING_CASE_STATUSES,
    ApplicationStatus,
    CaseStatus,
)


def derive_application_status(case_statuses: Iterable[str]) -> ApplicationStatus:
    statuses = [CaseStatus(s) for s in case_statuses if s != CaseStatus.WITHDRAWN]
    if not statuses:
        return ApplicationStatus.WITHDRAWN
    if CaseStatus.AWAITING_PAYMENT in statuses:
        return ApplicationStatus.AWAITING_PAYMENT
    if CaseStatus.SENT_BACK in statuses:  # the citizen has something to correct
        return ApplicationStatus.SENT_BACK
    if all(s == CaseStatus.SUBMITTED for s in statuses):
        return ApplicationStatus.SUBMITTED
    if any(s in PENDING_CASE_STATUSES for s in statuses):  # a reversed case too: in review again
        return ApplicationStatus.IN_REVIEW
    if all(s == CaseStatus.APPROVED for s in statuses):
        return ApplicationStatus.APPROVED
    if all(s == CaseStatus.REJECTED for s in statuses):
        return ApplicationStatus.REJECTED
    return ApplicationStatus.PARTIALLY_APPROVED
