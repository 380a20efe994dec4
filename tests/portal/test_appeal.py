"""The citizen appeals a rejection from the application page: the form asks for reasons (none
is refused on the field), a form sent twice files one appeal, and the page shows it."""

from __future__ import annotations

import pytest

from tests.factories import ApplicationFactory, CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(db):
    return ApplicationFactory(citizen=CitizenFactory(language="en"), rejected=True).cases.get()


def url(case):
    return f"/applications/{case.application_id}/cases/{case.pk}/appeal/"


def test_the_citizen_appeals_with_reasons_and_sees_the_appeal(client, case, settings):
    client.force_login(case.application.citizen)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/applications/{case.application_id}/").content.decode()
    assert "Appeal this decision" in page and url(case) in page

    empty = client.post(url(case), {"reasons": " "})
    assert empty.status_code == 400 and 'aria-invalid="true"' in empty.content.decode()
    assert "Write why you appeal" in empty.content.decode()

    sent = client.post(url(case), {"reasons": "My documents were complete."})
    twice = client.post(url(case), {"reasons": "My documents were complete."})
    assert sent.status_code == 302 and twice.status_code == 302
    assert case.appeals.count() == 1
    shown = client.get(f"/applications/{case.application_id}/").content.decode()
    assert "My documents were complete." in shown and "being decided" in shown
    assert "Appeal this decision" not in shown


def test_another_citizen_finds_nothing(client, case):
    client.force_login(CitizenFactory(iin="900101300123"))
    assert client.get(url(case)).status_code == 404
