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
