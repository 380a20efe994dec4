"""An officer with the role appeals finds the appeals of their agency in the back office and
upholds one, reversing the decision; an officer without the role is refused."""

from __future__ import annotations

from typing import Any

import pytest

from qyzmet.casework.appeals import file_appeal
from qyzmet.casework.roles import grant_role
from tests.backoffice.conftest import sign_in_as
from tests.factories import ApplicationFactory, CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def appeal(db: Any) -> Any:
    case = ApplicationFactory(citizen=CitizenFactory(language="ru"), rejected=True).cases.get()
    return file_appeal(case=case, citizen=case.application.citizen,
                       reasons="Отказ необоснован.", channel="portal")  # fmt: skip


def test_the_appeals_officer_upholds_and_the_case_is_reversed(client, officer, appeal, in_language):
    grant_role(officer=officer, role="appeals")
    sign_in_as(client, officer)
    in_language("en")
    queue = client.get("/back-office/appeals/").content.decode()
    assert "Отказ необоснован." not in queue and f"/back-office/appeals/{appeal.pk}/" in queue
    assert "against a rejection" in queue
    page = client.get(f"/back-office/appeals/{appeal.pk}/").content.decode()
    assert "Отказ необоснован." in page and "Decide the appeal" in page

    missing = client.post(f"/back-office/appeals/{appeal.pk}/", {"outcome": "upheld"})
    assert missing.status_code == 400 and "Write the reasons" in missing.content.decode()
    done = client.post(f"/back-office/appeals/{appeal.pk}/",
                       {"outcome": "upheld", "reason": "Документы были полными."})  # fmt: skip

    assert done.status_code == 302
    appeal.case.refresh_from_db()
    assert appeal.case.status == "reversed"
    shown = client.get(f"/back-office/appeals/{appeal.pk}/").content.decode()
    assert "upheld" in shown and "Документы были полными." in shown


def test_an_officer_without_the_role_is_refused(signed_in, appeal):
    assert signed_in.get("/back-office/appeals/").status_code == 403
    refused = signed_in.post(f"/back-office/appeals/{appeal.pk}/",
                             {"outcome": "upheld", "reason": "x"})  # fmt: skip
    assert refused.status_code == 403
    appeal.case.refresh_from_db()
    assert appeal.case.status == "rejected"
