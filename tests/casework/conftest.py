"""Cases of the demo catalogue's services with stages, and the officers of their agency: the
old-age pension (a specialist reviews, a supervisor signs off with four eyes) and the funeral
benefit (review, a consultation of the civil registry, sign-off)."""

from __future__ import annotations

from typing import Any

import pytest

from qyzmet.casework.roles import grant_role
from tests.factories import ApplicationFactory, CitizenFactory, OfficerFactory

STAGED = "pension-assignment"
CONSULTED = "funeral-benefit"  # review, consultation of the civil registry (justice), sign-off


def submitted_case(*, service: str, iin: str, language: str) -> Any:
    """The case of an application for ``service`` submitted by the person ``iin``, waiting
    at its first stage (its automatic checks passed)."""
    citizen = CitizenFactory(iin=iin, language=language)
    case = ApplicationFactory(citizen=citizen, service=service, submitted=True).cases.get()
    assert case.status == "submitted", case.checks
    return case


def supervisor_of(agency: Any, username: str) -> Any:
    """An officer of ``agency`` with the role ``supervisor`` (signs decisions off)."""
    officer = OfficerFactory(agency=agency, username=username)
    grant_role(officer=officer, role="supervisor")
    return officer


@pytest.fixture
def pension_case(demo_people: dict[str, str]) -> Any:
    return submitted_case(service=STAGED, iin=demo_people["pensioner"], language="ru")


@pytest.fixture
def reviewer(pension_case: Any) -> Any:
    return OfficerFactory(agency=pension_case.agency, username="reviewer-labour")


@pytest.fixture
def supervisor(pension_case: Any) -> Any:
    return supervisor_of(pension_case.agency, "supervisor-labour")


@pytest.fixture
def funeral_case(demo_people: dict[str, str]) -> Any:
    return submitted_case(service=CONSULTED, iin=demo_people["parent"], language="kk")


@pytest.fixture
def clerk(funeral_case: Any) -> Any:
    return OfficerFactory(agency=funeral_case.agency, username="clerk-of-labour")


@pytest.fixture
def head(funeral_case: Any) -> Any:
    return supervisor_of(funeral_case.agency, "head-of-labour")


@pytest.fixture
def registrar(funeral_case: Any) -> Any:
    """An officer of the consulted agency (justice: the civil registry)."""
    from qyzmet.catalog.models import Agency

    return OfficerFactory(agency=Agency.objects.get(slug="justice"), username="registrar")
