from __future__ import annotations

import pytest

from tests.factories import CitizenFactory


@pytest.fixture
def parent(client, demo_people):
    """The demo parent, signed in to the portal in English."""
    citizen = CitizenFactory(iin=demo_people["parent"], language="en")
    client.force_login(citizen)
    return citizen
