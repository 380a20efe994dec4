"""An officer with the role appeals finds the appeals of their agency in the back office, reads
the citizen's documents (each opening in the citizen's data tracker) and upholds or dismisses
one once confirmed on a check page; an officer without the role is refused, one of another
agency finds nothing, and the officer who made the decision appealed may not decide it."""

from __future__ import annotations

from typing import Any

import pytest

from qyzmet.accounts.officers import enroll_totp
from qyzmet.applications.models import StatusChange
from qyzmet.audit.models import AuditRecord
from qyzmet.casework.appeals import file_appeal
from qyzmet.casework.roles import grant_role
from qyzmet.catalog.models import Agency
from qyzmet.exchange.models import DataAccess
from tests.attachments.conftest import a_pdf
from tests.backoffice.conftest import PASSWORD, sign_in_as
from tests.factories import ApplicationFactory, CitizenFactory, OfficerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def appeals_officer(db: Any) -> Any:
    """An officer of the agency with the role appeals, who took no part in its decisions (the
    ``officer`` fixture made them: ``ApplicationFactory`` decides as that officer)."""
    officer = OfficerFactory(agency=Agency.objects.get(slug="internal-affairs"),
                             username="appeals-internal-affairs")  # fmt: skip
    officer.set_password(PASSWORD)
    officer.save()
    enroll_totp(officer=officer, channel="test")
    grant_role(officer=officer, role="appeals")
    return officer


@pytest.fixture
def appeal(db: Any) -> Any:
    case = ApplicationFactory(citizen=CitizenFactory(language="ru"), rejected=True).cases.get()
    return file_appeal(case=case, citizen=case.application.citizen,
                       reasons="Отказ необоснован.", channel="portal")  # fmt: skip


def test_the_appeals_officer_upholds_and_the_case_is_reversed(
    client, appeals_officer, appeal, in_language
):
    sign_in_as(client, appeals_officer)
    in_language("en")
    queue = client.get("/back-office/appeals/").content.decode()
    assert "Отказ необоснован." not in queue and f"/back-office/appeals/{appeal.pk}/" in queue
    assert "against a rejection" in queue
    page = client.get(f"/back-office/appeals/{appeal.pk}/").content.decode()
    assert "Отказ необоснован." in page and "Decide the appeal" in page

    missing = client.post(f"/back-office/appeals/{appeal.pk}/", {"outcome": "upheld"})
    assert missing.status_code == 400 and "Write the reasons" in missing.content.decode()
    upheld = {"outcome": "upheld", "reason": "Документы были полными."}
    check = client.post(f"/back-office/appeals/{appeal.pk}/", upheld).content.decode()
    assert "Uphold this appeal: the decision will be reversed" in check
    assert "Документы были полными." in check and 'name="confirm" value="yes"' in check
    appeal.case.refresh_from_db()
    assert appeal.case.status == "rejected"  # nothing decided before the confirmation
    changed = client.post(f"/back-office/appeals/{appeal.pk}/", {**upheld, "change": "yes"})
    assert "Документы были полными.</textarea>" in changed.content.decode()
    done = client.post(f"/back-office/appeals/{appeal.pk}/", {**upheld, "confirm": "yes"})

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


def test_dismissing_is_confirmed_with_the_reasons_the_citizen_reads(
    client, appeals_officer, appeal
):
    sign_in_as(client, appeals_officer)
    dismissed = {"outcome": "dismissed", "reason": "Решение законно."}

    check = client.post(f"/back-office/appeals/{appeal.pk}/", dismissed).content.decode()

    assert "Dismiss this appeal with these reasons" in check and "Решение законно." in check
    client.post(f"/back-office/appeals/{appeal.pk}/", {**dismissed, "confirm": "yes"})
    appeal.refresh_from_db()
    assert appeal.outcome == "dismissed"


def test_the_officers_deciding_open_the_documents_and_another_agency_finds_nothing(
    client, appeals_officer, other_officer
):
    case = ApplicationFactory(citizen=CitizenFactory(language="ru"), rejected=True).cases.get()
    appeal = file_appeal(case=case, citizen=case.application.citizen, reasons="См. справку.",
                         channel="portal", attachments=[("c.pdf", a_pdf())])  # fmt: skip
    [document] = appeal.attachments.all()
    grant_role(officer=other_officer, role="appeals")
    download = f"/back-office/appeals/{appeal.pk}/attachments/{document.pk}/"

    sign_in_as(client, appeals_officer)
    page = client.get(f"/back-office/appeals/{appeal.pk}/").content.decode()
    assert "Document 1 (PDF)" in page and download in page
    opened = client.get(download)
    assert opened.status_code == 200 and opened.content.startswith(b"%PDF")
    assert DataAccess.objects.filter(fields=["attachments.appeal"]).count() == 1

    sign_in_as(client, other_officer)
    assert client.get(f"/back-office/appeals/{appeal.pk}/").status_code == 404
    assert client.get(download).status_code == 404
    assert DataAccess.objects.filter(fields=["attachments.appeal"]).count() == 1


def test_the_officer_who_decided_is_told_and_refused(client, officer, appeal):
    decider = StatusChange.objects.get(case=appeal.case, status="rejected").actor
    assert decider == officer
    grant_role(officer=decider, role="appeals")
    sign_in_as(client, decider)

    page = client.get(f"/back-office/appeals/{appeal.pk}/").content.decode()
    assert "you may not decide this appeal: a conflict of interest" in page
    assert 'name="outcome"' not in page
    refused = client.post(f"/back-office/appeals/{appeal.pk}/",
                          {"outcome": "upheld", "reason": "x", "confirm": "yes"})  # fmt: skip

    assert refused.status_code == 403
    assert AuditRecord.objects.filter(action="appeal.conflict_refused").exists()
    appeal.refresh_from_db()
    assert appeal.outcome == "open"
