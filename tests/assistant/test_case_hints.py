"""Beside a case the officer reads the assistant's hints: where what the citizen entered
disagrees with the registries, and how similar earlier cases were decided. Hints only, and
each time they are shown they are on the record."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from qyzmet.assistant.models import Record
from tests.backoffice.conftest import officer_with_second_factor, sign_in_as
from tests.factories import ApplicationFactory
from tests.signing.conftest import submitted_with_eds

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_browser(client):
    return sign_in_as(client, officer_with_second_factor("internal-affairs"))


def test_a_seller_iin_that_is_the_applicants_own_and_a_future_date_are_pointed_out(
    officer_browser, eds_trust
):
    draft = ApplicationFactory(service="vehicle-registration")  # signed with the buyer's EDS
    case = submitted_with_eds(draft, eds_trust.pki).cases.get()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    case.data = {**case.data, "seller_iin": case.application.subject_iin,
                 "purchase_date": tomorrow.isoformat()}  # fmt: skip
    case.save()
    page = officer_browser.get(f"/back-office/cases/{case.pk}/").content.decode()
    assert "Assistant's hints" in page
    assert "This is the applicant&#x27;s own IIN, where another person&#x27;s is asked." in page
    assert "The date is in the future, but it must have passed already." in page
    record = Record.objects.get(kind="case_hints")
    assert record.case_id == case.pk
    codes = {i["code"] for i in record.output["inconsistencies"]}
    assert codes == {"own_iin", "date_in_future"}


def test_a_case_that_agrees_with_the_registries_gets_no_warning(officer_browser):
    case = ApplicationFactory(service="passport", submitted=True).cases.get()
    page = officer_browser.get(f"/back-office/cases/{case.pk}/").content.decode()
    assert "What the citizen entered agrees with the registry extract." in page
    assert "No similar case of this service has been decided yet." in page


def test_how_similar_earlier_cases_were_decided_is_summarised(officer_browser):
    ApplicationFactory(service="passport", approved=True)
    ApplicationFactory(service="passport", approved=True)
    ApplicationFactory(service="passport", rejected=True)
    case = ApplicationFactory(service="passport", submitted=True).cases.get()
    page = officer_browser.get(f"/back-office/cases/{case.pk}/").content.decode()
    summary = "Similar decided cases of this service: 3; approved 2, rejected 1."
    assert summary in page
    assert "Documents are missing." in page
    record = Record.objects.get(kind="case_hints")
    assert record.output["similar"] == {"compared": 3, "approved": 2, "rejected": 1}
    assert "Documents are missing" not in str(record.output)  # counts only on the record
