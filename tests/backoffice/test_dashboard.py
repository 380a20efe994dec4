"""An officer sees the service quality of their own agency."""

from __future__ import annotations

import pytest

from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_the_dashboard_shows_the_officers_agency(signed_in, officer):
    ApplicationFactory(approved=True, service="passport")
    page = signed_in.get("/back-office/dashboard/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ministry of Internal Affairs" in text
    assert "<svg" in text
    assert signed_in.get("/back-office/dashboard/?days=30").status_code == 200
    assert signed_in.get("/back-office/dashboard/?days=oops").status_code == 200


def test_the_dashboard_needs_a_verified_officer(client):
    response = client.get("/back-office/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/back-office/sign-in/")
