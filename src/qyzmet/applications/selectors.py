"""Reading applications and cases, always through who is asking."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone

from qyzmet.applications.decisions import ensure_same_agency
from qyzmet.applications.models import (
    Application,
    ApplicationStatus,
    Case,
    CaseStatus,
    Reversal,
    StatusChange,
)
from qyzmet.applications.references import normalised_reference
from qyzmet.audit.services import record_audit
from qyzmet.core.errors import NotFound


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        return None


def applications_of(citizen: Any) -> QuerySet[Application]:
    return Application.objects.filter(citizen=citizen).select_related("life_situation", "service")


def _seen(citizen: Any, companies: Iterable[str]) -> Q:
    seen = Q(citizen=citizen)
    iin = getattr(citizen, "iin", None)
    submitted = ~Q(status=ApplicationStatus.DRAFT)
    if iin:
        seen |= Q(subject_iin=iin, mandate__isnull=False) & submitted
    bins = sorted(set(companies))
    if bins:
        seen |= Q(subject_bin__in=bins) & submitted
    return seen


def applications_seen_by(citizen: Any, *, companies: Iterable[str] = ()) -> QuerySet[Application]:
    """What the citizen follows: the applications they made (for themself or for anyone they
    act for), those a representative made in their name under a mandate, and those made in
    the name of the ``companies`` (BINs) they act for; not others' drafts."""
    return Application.objects.filter(_seen(citizen, companies)).select_related(
        "citizen", "life_situation", "service", "mandate"
    )


LISTED = (  # what a list shows of an application (api.schemas.ApplicationOut) but its slugs
    "id", "reference", "status", "subject_iin", "subject_bin", "ground", "mandate", "channel",
    "created_at", "submitted_at", "citizen__iin", "mandate__representative_name",
)  # fmt: skip


def applications_listed_for(
    citizen: Any, *, companies: Iterable[str] = ()
) -> QuerySet[Application]:
    """``applications_seen_by`` for a list: each row holds only what a list shows of it
    (``LISTED``) and the slugs of its life situation and service, which the database reads from
    their versions' definitions (``life_situation_slug``, ``service_slug``). Its answers, form
    values and registry values, its maker's name and e-mail address and its catalogue versions'
    whole definitions are neither read nor decrypted nor parsed: most of what a row cost. A
    field a list comes to show goes in ``LISTED``; one left out is read row by row."""
    return (
        Application.objects.filter(_seen(citizen, companies))
        .select_related("citizen", "mandate")
        .only(*LISTED)
        .annotate(
            life_situation_slug=KeyTextTransform("id", "life_situation__definition"),
            service_slug=KeyTextTransform("id", "service__definition"),
        )
    )


def application_seen_by(
    citizen: Any, application_id: Any, *, companies: Iterable[str] = ()
) -> Application:
    """One of ``applications_seen_by`` with its cases and history; another is not found."""
    application_id = _uuid(application_id)
    if application_id is None:
        raise NotFound("not_found.application")
    application = (
        applications_seen_by(citizen, companies=companies)
        .prefetch_related(
            "cases__service__service", "cases__agency", "cases__rating", "history__case"
        )
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise NotFound("not_found.application")
    return application


def application_by_reference(
    citizen: Any, text: str, *, companies: Iterable[str] = ()
) -> Application | None:
    """The application among ``applications_seen_by`` whose reference ``text`` is, typed in
    any reasonable way (``references.normalised_reference``); ``None`` for any other: a
    reference opens nothing by itself (decision 41)."""
    reference = normalised_reference(text)
    if reference is None or not getattr(citizen, "is_authenticated", False):
        return None
    return applications_seen_by(citizen, companies=companies).filter(reference=reference).first()


def application_of(citizen: Any, application_id: Any) -> Application:
    """The citizen's own application (one they made, which they may change, pay for and
    withdraw) with its cases and history; another's is simply not found."""
    application_id = _uuid(application_id)
    if application_id is None:
        raise NotFound("not_found.application")
    application = (
        applications_of(citizen)
        .prefetch_related(
            "cases__service__service", "cases__agency", "cases__rating", "history__case"
        )
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise NotFound("not_found.application")
    return application


def agency_queue(
    officer: Any,
    *,
    status: str | None = None,
    statuses: Sequence[str] | None = None,
    service: str | None = None,
    overdue: bool = False,
    assigned_to_me: bool = False,
    today: datetime.date | None = None,
) -> QuerySet[Case]:
    """The cases of the officer's agency, earliest due date first: of one ``status``, or of
    any of ``statuses`` (the back office's queue shows the open ones unless asked)."""
    cases = (
        Case.objects.filter(agency_id=officer.agency_id)
        .exclude(status=CaseStatus.AWAITING_PAYMENT)  # not the agency's until its fee is paid
        .select_related("service__service", "application", "assigned_to")
    )
    if status:
        cases = cases.filter(status=status)
    if statuses is not None:
        cases = cases.filter(status__in=statuses)
    if service:
        cases = cases.filter(service__service__slug=service)
    if overdue:
        day = today or timezone.localdate()
        cases = cases.overdue(day)
    if assigned_to_me:
        cases = cases.filter(assigned_to=officer)
    return cases.order_by("due_date", "created_at")


def case_for_officer(officer: Any, case_id: Any, *, channel: str) -> Case:
    """The case ``case_id`` of the officer's agency. Another agency's case is refused, a case
    still awaiting its fee is not found (it is not the agency's yet), both audited."""
    case_id = _uuid(case_id)
    if case_id is None:
        raise NotFound("not_found.case")
    case = (
        Case.objects.select_related("application", "service__service", "agency", "assigned_to")
        .prefetch_related("history__actor")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise NotFound("not_found.case")
    ensure_same_agency(case=case, officer=officer, channel=channel)
    if case.status == CaseStatus.AWAITING_PAYMENT:  # not the agency's until its fee is paid
        record_audit(
            actor=officer,
            action="case.access_denied",
            obj=case,
            channel=channel,
            details={"why": "awaiting_payment"},
        )
        raise NotFound("not_found.case")
    return case


def agency_applications(officer: Any) -> QuerySet[Application]:
    """The applications in which the officer's agency has a case, each with those cases only
    (``agency_cases``): an officer sees nothing of another agency's cases, nor of a case still
    awaiting its fee (not the agency's yet, as in ``agency_queue``)."""
    own = Case.objects.filter(agency_id=officer.agency_id).exclude(
        status=CaseStatus.AWAITING_PAYMENT
    )
    return (
        Application.objects.filter(Exists(own.filter(application=OuterRef("pk"))))
        .select_related("citizen", "life_situation", "service")
        .prefetch_related(
            Prefetch(
                "cases",
                queryset=own.select_related("service", "agency", "assigned_to"),
                to_attr="agency_cases",
            )
        )
    )


def reversals_in_history(
    changes: Sequence[StatusChange], reversals: Iterable[Reversal]
) -> dict[int, Reversal]:
    """The reversal each "reversed" line of cases' history records (status change id →
    reversal), so a page shows its ground and reason in the reader's language rather than the
    line's note (written in the citizen's language of then). ``reverse_case`` writes one line
    and one reversal per reversal of a case, so they pair in order."""
    waiting: dict[Any, list[Reversal]] = {}
    for reversal in sorted(reversals, key=lambda r: (r.at, r.pk)):
        waiting.setdefault(reversal.case_id, []).append(reversal)
    paired = {}
    for change in sorted(changes, key=lambda c: (c.at, c.pk)):
        if change.status == CaseStatus.REVERSED and waiting.get(change.case_id):
            paired[change.pk] = waiting[change.case_id].pop(0)
    return paired
