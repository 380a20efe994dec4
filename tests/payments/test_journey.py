"""The whole journey of a fee service in the portal: apply, see the fee, submit, pay on the
sandbox's page, the case goes to its officer, and the approved result is a signed PDF."""

from __future__ import annotations

import httpx
import pytest

from qyzmet.applications.decisions import decide_case
from qyzmet.applications.models import Application, ApplicationStatus, CaseStatus
from qyzmet.applications.selectors import agency_queue
from qyzmet.documents.verification import Verdict, verify_document_file
from tests.factories import officer_of
from tests.jobs.helpers import run_jobs
from tests.payments.conftest import LICENCE, SUCCEEDS, go_to_sandbox, path_of, pay_with

pytestmark = pytest.mark.django_db


def test_apply_pay_and_receive_the_signed_result(client, citizen, monkeypatch):
    monkeypatch.setattr(httpx, "post", lambda *a, **k: httpx.Response(204))  # the webhooks
    client.force_login(citizen)
    started = client.post("/apply/", {"kind": "service", "slug": LICENCE})
    application = Application.objects.get(citizen=citizen)
    client.post(f"/applications/{application.pk}/details/", {f"{LICENCE}__reason": "lost"})
    review = client.get(f"/applications/{application.pk}/review/", HTTP_ACCEPT_LANGUAGE="en")
    assert started.status_code == 302 and "to pay online once you submit" in review.content.decode()
    client.post(f"/applications/{application.pk}/review/", {"submission": "s-1"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_PAYMENT

    back = pay_with(client, go_to_sandbox(client, application), SUCCEEDS)
    client.get(path_of(back["Location"]))
    case = application.cases.get()
    officer = officer_of(case.agency)
    assert case in agency_queue(officer)

    decide_case(case=case, officer=officer, approve=True, channel="backoffice")
    run_jobs()  # the result document is issued by the worker
    page = client.get(f"/applications/{application.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Download the result document" in page.content.decode()
    pdf = client.get(f"/applications/{application.pk}/cases/{case.pk}/document.pdf")
    assert pdf.status_code == 200
    assert verify_document_file(pdf.content).verdict == Verdict.AUTHENTIC
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
