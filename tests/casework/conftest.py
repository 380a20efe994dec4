"""A case of the demo catalogue's service with two stages (the old-age pension: a specialist
reviews, a supervisor signs off with four eyes) and the officers of its agency."""

from __future__ import annotations

from typing import Any

import pytest

from qyzmet.casework.roles import grant_role
from tests.factories import ApplicationFactory, CitizenFactory, OfficerFactory

STAGED = "pension-assignment"


@pytest.fixture
def pension_case(demo_people: dict[str, str]) -> Any:
    citizen = CitizenFactory(iin=demo_people["pensioner"], language="ru")
    application = ApplicationFactory(citizen=citizen, service=STAGED, submitted=True)
    case = application.cases.get()
    assert case.status == "submitted", case.checks
    return case


@pytest.fixture
def reviewer(pension_case: Any) -> Any:
    return OfficerFactory(agency=pension_case.agency, username="reviewer-labour")


@pytest.fixture
def supervisor(pension_case: Any) -> Any:
    officer = OfficerFactory(agency=pension_case.agency, username="supervisor-labour")
    grant_role(officer=officer, role="supervisor")
    return officer


CONSULTED = "funeral-benefit"  # review, consultation of the civil registry (justice), sign-off


@pytest.fixture
def funeral_case(demo_people: dict[str, str]) -> Any:
    citizen = CitizenFactory(iin=demo_people["parent"], language="kk")
    application = ApplicationFactory(citizen=citizen, service=CONSULTED, submitted=True)
    case = application.cases.get()
    assert case.status == "submitted", case.checks
    return case


@pytest.fixture
def clerk(funeral_case: Any) -> Any:
    return OfficerFactory(agency=funeral_case.agency, username="clerk-of-labour")


@pytest.fixture
def head(funeral_case: Any) -> Any:
    officer = OfficerFactory(agency=funeral_case.agency, username="head-of-labour")
    grant_role(officer=officer, role="supervisor")
    return officer


@pytest.fixture
def registrar(funeral_case: Any) -> Any:
    """An officer of the consulted agency (justice: the civil registry)."""
    from qyzmet.catalog.models import Agency

    return OfficerFactory(agency=Agency.objects.get(slug="justice"), username="registrar")
