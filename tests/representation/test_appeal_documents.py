"""An appeal's documents go back to whoever reads the case's appeals: a representative who
applied and appealed under a mandate, and the person it was all done for (their own case); an
unrelated citizen finds nothing."""

from __future__ import annotations

import pytest

from qyzmet.audit.models import AuditRecord
from qyzmet.casework.appeals import file_appeal
from qyzmet.representation.mandates import accept_mandate
from tests.attachments.conftest import a_pdf
from tests.callers import bearer
from tests.factories import CitizenFactory
from tests.representation.test_mandates import apply_for, give

pytestmark = pytest.mark.django_db


@pytest.fixture
def appeal(principal, representative):
    mandate = give(principal, representative.iin)
    accept_mandate(mandate=mandate, representative=representative, channel="portal")
    case = apply_for(representative, principal).cases.get()
    return file_appeal(case=case, citizen=representative, reasons="The certificate is wrong.",
                       channel="portal", attachments=[("proof.pdf", a_pdf())])  # fmt: skip


def content(appeal):
    [document] = appeal.attachments.all()
    case = appeal.case
    return (f"/api/v1/applications/{case.application_id}/cases/{case.pk}/appeals/{appeal.pk}"
            f"/attachments/{document.pk}/content")  # fmt: skip


def test_the_representative_and_the_person_represented_download_it(
    client, appeal, principal, representative
):
    for person in (representative, principal):
        got = client.get(content(appeal), **bearer(person))
        assert got.status_code == 200 and got.content.startswith(b"%PDF")

    [document] = appeal.attachments.all()
    case = appeal.case
    client.force_login(principal)  # in the portal too, from their application page
    shown = client.get(f"/applications/{case.application_id}/").content.decode()
    page = f"/applications/{case.application_id}/cases/{case.pk}/appeals/{appeal.pk}/attachments/"
    assert f"{page}{document.pk}/" in shown
    assert client.get(f"{page}{document.pk}/").status_code == 200

    records = AuditRecord.objects.filter(action="appeal.attachment_downloaded").order_by("pk")
    assert [(r.actor, r.details["own"]) for r in records] == [
        (representative, True), (principal, False), (principal, False)
    ]  # fmt: skip


def test_an_unrelated_citizen_gets_404_in_the_api_and_the_portal(client, appeal, stranger_iin):
    stranger = CitizenFactory(iin=stranger_iin)
    assert client.get(content(appeal), **bearer(stranger)).status_code == 404
    [document] = appeal.attachments.all()
    case = appeal.case
    client.force_login(stranger)
    page = f"/applications/{case.application_id}/cases/{case.pk}/appeals/{appeal.pk}/attachments/"
    assert client.get(f"{page}{document.pk}/").status_code == 404
