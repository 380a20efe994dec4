"""An officer sends a case back for correction from the case page: fields from a checklist
and a message, confirmed on a check page; what is missing is said on the page, nothing lost."""

from __future__ import annotations

from typing import Any

import pytest

from qyzmet.applications.models import CaseStatus
from tests.backoffice.conftest import sign_in_as
from tests.factories import ApplicationFactory, CitizenFactory

pytestmark = pytest.mark.django_db

MESSAGE = "Укажите другой ЦОН: в выбранном приём паспортов закрыт."


@pytest.fixture
def case(db: Any) -> Any:
    citizen = CitizenFactory(language="ru")
    return ApplicationFactory(citizen=citizen, service="passport", submitted=True).cases.get()


def post(client: Any, case: Any, **data: Any) -> Any:
    return client.post(f"/back-office/cases/{case.pk}/send-back/", data)


def test_the_officer_confirms_and_the_case_is_sent_back(signed_in, case, in_language):
    in_language("en")
    page = signed_in.get(f"/back-office/cases/{case.pk}/").content.decode()
    assert "Send back for correction" in page and "Working days the citizen has" in page
    fields = {"correction-fields_to_change": ["service_centre"], "correction-message": MESSAGE}

    check = post(signed_in, case, **fields)
    assert check.status_code == 200
    shown = check.content.decode()
    assert "back for correction?" in shown and MESSAGE in shown
    assert "Public service centre for the photo and collection" in shown
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED  # not before it is confirmed

    done = post(signed_in, case, confirm="yes", **fields)
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.SENT_BACK
    page = signed_in.get(f"/back-office/cases/{case.pk}/").content.decode()
    assert "stopped while the citizen corrects the application" in page
    assert "Awaiting the citizen" in page
    again = post(signed_in, case, confirm="yes", **fields)
    assert again.status_code == 302  # told on the case page: sent back already
    assert case.corrections.count() == 1


def test_nothing_chosen_is_said_on_the_page_and_the_message_is_kept(signed_in, case, in_language):
    in_language("en")
    refused = post(signed_in, case, **{"correction-message": MESSAGE})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Choose what the citizen must correct (at least one field or document)." in page
    assert MESSAGE in page
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_another_agencys_officer_cannot_send_back(client, other_officer, case):
    sign_in_as(client, other_officer)
    fields = {"correction-fields_to_change": ["service_centre"], "correction-message": MESSAGE}
    response = post(client, case, confirm="yes", **fields)
    assert response.status_code in (403, 404)
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
