"""An officer cannot open a case still awaiting its fee, not even by its URL: in the back
office, on /api/v1 and on GovStack it is not found, as if it did not exist, and the attempt is
audited."""

from __future__ import annotations

import pytest

from qyzmet.audit.models import AuditRecord
from tests.backoffice.conftest import officer_with_second_factor, sign_in_as
from tests.callers import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def unpaid(awaiting):
    return awaiting.cases.get()


@pytest.fixture
def officer(unpaid):
    return officer_with_second_factor(unpaid.agency.slug)


def refusals(case):
    return AuditRecord.objects.filter(action="case.access_denied", object_id=str(case.pk))


def test_the_back_office_does_not_show_a_case_awaiting_payment(client, officer, unpaid):
    response = sign_in_as(client, officer).get(f"/back-office/cases/{unpaid.pk}/")
    assert response.status_code == 404
    assert unpaid.application.citizen.iin not in response.content.decode()
    assert refusals(unpaid).count() == 1


def test_the_back_office_cannot_assign_a_case_awaiting_payment(client, officer, unpaid):
    response = sign_in_as(client, officer).post(f"/back-office/cases/{unpaid.pk}/assign/")
    assert response.status_code == 404
    unpaid.refresh_from_db()
    assert unpaid.assigned_to is None


def test_the_api_answers_not_found_for_a_case_awaiting_payment(client, officer, unpaid):
    response = client.get(
        f"/api/v1/cases/{unpaid.pk}", HTTP_ACCEPT_LANGUAGE="en", **bearer(officer)
    )
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Case not found."


def test_govstack_answers_not_found_for_a_task_awaiting_payment(client, officer, unpaid):
    response = client.get(
        f"/govstack/registration/tasks/{unpaid.pk}", HTTP_ACCEPT_LANGUAGE="en",
        HTTP_INFORMATION_MEDIATOR_CLIENT="eGovStack/GOV/90000009/digitalregistries",
        **bearer(officer),
    )  # fmt: skip
    assert response.status_code == 404


def govstack_get(client, officer, path):
    return client.get(
        f"/govstack/registration{path}", HTTP_ACCEPT_LANGUAGE="en",
        HTTP_INFORMATION_MEDIATOR_CLIENT="eGovStack/GOV/90000009/digitalregistries",
        **bearer(officer),
    )  # fmt: skip


def test_govstack_answers_not_found_for_a_file_awaiting_payment(client, officer, unpaid):
    response = govstack_get(client, officer, f"/applications/{unpaid.application_id}")
    assert response.status_code == 404
    assert unpaid.application.citizen.iin not in response.content.decode()


@pytest.mark.parametrize("query", ["", "?sortBy=dueDate"])
def test_govstack_does_not_list_a_file_awaiting_payment(client, officer, unpaid, query):
    response = govstack_get(client, officer, f"/applications{query}")
    assert response.status_code == 200
    assert response.json() == []
    assert unpaid.application.citizen.iin not in response.content.decode()
