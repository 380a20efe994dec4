"""The officer's case page is headed by the application's reference, the number the citizen
reads out on the phone."""

from __future__ import annotations

import pytest

from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_the_case_page_is_headed_by_the_applications_reference(signed_in):
    application = ApplicationFactory(service="passport", submitted=True)
    page = signed_in.get(f"/back-office/cases/{application.cases.get().pk}/").content.decode()
    heading = page.split("<h1>")[1].split("</h1>")[0]
    assert application.reference in heading
    assert f"<title>{application.reference} · " in page
