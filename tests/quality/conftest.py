"""Helpers for quality tests: decided cases, and times set through the ORM so the figures
are known in advance."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from qyzmet.applications.decisions import decide_case
from qyzmet.applications.models import Application, Case
from qyzmet.applications.services import submit_application
from qyzmet.catalog.selectors import service_version
from qyzmet.demo.sample_forms import sample_values
from qyzmet.registries.fields import find_person
from tests.factories import ApplicationFactory, CitizenFactory, officer_of

NOW = timezone.make_aware(datetime.datetime(2026, 3, 2, 12, 0))
NOT_MOVING_CHILDREN = {"has_preschool_children": False, "has_school_age_children": False,
                       "change_polyclinic": False}  # fmt: skip


@pytest.fixture
def citizen(db: Any) -> Any:
    return CitizenFactory()


@pytest.fixture
def parent(demo_people: dict[str, str]) -> Any:
    return CitizenFactory(iin=demo_people["parent"])


@pytest.fixture
def decided_case(citizen: Any) -> Case:
    return ApplicationFactory(approved=True, citizen=citizen).cases.get()


def timed(
    case: Case,
    *,
    submitted: datetime.datetime,
    hours: float | None = None,
    due_days: int = 15,
) -> Case:
    """Move ``case``'s application to ``submitted`` and its decision ``hours`` later (none:
    still open); its due date ``due_days`` after submission (local dates)."""
    Application.objects.filter(pk=case.application_id).update(submitted_at=submitted)
    decided_at = None if hours is None else submitted + datetime.timedelta(hours=hours)
    due = timezone.localdate(submitted) + datetime.timedelta(days=due_days)
    Case.objects.filter(pk=case.pk).update(decided_at=decided_at, due_date=due)
    case.refresh_from_db()
    return case


def moving(
    parent: Any,
    *,
    ago: datetime.timedelta,
    certificate_hours: float,
    residence_hours: float | None = None,
    now: datetime.datetime = NOW,
) -> Application:
    """A 'moving' application: an address certificate (decided automatically) and a residence
    registration decided by an officer ``residence_hours`` after submission (None: open)."""
    person = find_person(parent.iin)
    data = {slug: sample_values(service_version(slug), person)
            for slug in ("residence-registration", "address-certificate")}  # fmt: skip
    application = submit_application(
        citizen=parent, channel="portal", life_situation="moving", answers=NOT_MOVING_CHILDREN,
        data=data,
    )  # fmt: skip
    cases = {case.service.slug: case for case in application.cases.all()}
    residence = cases["residence-registration"]
    if residence_hours is not None:
        decide_case(case=residence, officer=officer_of(residence.agency), approve=True,
                    channel="backoffice")  # fmt: skip
    timed(cases["address-certificate"], submitted=now - ago, hours=certificate_hours)
    timed(residence, submitted=now - ago, hours=residence_hours)
    return application
