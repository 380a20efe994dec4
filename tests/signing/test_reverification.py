"""A signature is kept with the application, shown to the officer, exported with the case, and
checked again later (`qyzmet verify-signature`, the API, the back office), each check recorded:
a document or an application altered after signing no longer holds."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from qyzmet.applications.models import Application, ApplicationSignature, SignatureVerification
from qyzmet.audit.models import AuditRecord
from qyzmet.catalog.models import Agency
from tests.backoffice.conftest import officer_with_second_factor, sign_in_as
from tests.callers import bearer
from tests.factories import ApplicationFactory, CitizenFactory, OfficerFactory
from tests.govstack.conftest import Caller, assert_conforms
from tests.signing.conftest import submitted_with_sms

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(client, sms_gateway):
    draft = ApplicationFactory(service="encumbrance-certificate", citizen=CitizenFactory())
    return submitted_with_sms(client, draft, sms_gateway)


def verify(application, *args):
    out = StringIO()
    try:
        call_command("verify-signature", str(application.pk), *args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def test_the_command_prints_that_it_holds_and_records_the_check(signed):
    status, printed = verify(signed)
    assert status == 0
    assert "Confirmed with an SMS code by the applicant" in printed
    assert "the signature holds" in printed
    [check] = SignatureVerification.objects.filter(signature__application=signed)
    assert check.valid and check.channel == "cli" and check.actor_label == "system"
    assert AuditRecord.objects.filter(action="application.signature_verified",
                                      object_id=str(signed.pk)).exists()  # fmt: skip


def test_an_application_altered_after_signing_no_longer_holds(signed):
    Application.objects.filter(pk=signed.pk).update(
        data={"encumbrance-certificate": {"cadastral_number": "20:315:042:118:99"}}
    )
    status, printed = verify(signed, "--json", "--language", "ru")
    assert status == 1
    outcome = json.loads(printed)
    assert outcome["valid"] is False and outcome["problems"] == ["signing.changed"]
    assert "больше не совпадает" in outcome["messages"][0]


def test_a_stored_document_altered_after_signing_no_longer_holds(signed):
    kept = ApplicationSignature.objects.get(application=signed)
    number = signed.data["encumbrance-certificate"]["cadastral_number"]
    assert number in kept.document
    kept.document = kept.document.replace(number, "20:315:042:118:99")
    kept.save()
    status, _ = verify(signed)
    assert status == 1
    assert SignatureVerification.objects.get(signature=kept).problems == ["signing.changed"]


def test_an_unknown_or_unsigned_application_is_said_so(signed):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"(?i)not found"):
        call_command("verify-signature", "not-a-uuid")
    unsigned = ApplicationFactory(service="passport", submitted=True)
    with pytest.raises(CommandError, match="was not signed"):
        call_command("verify-signature", str(unsigned.pk))


def test_the_officer_sees_the_signature_and_checks_it_again(signed):
    justice = officer_with_second_factor("justice")
    browser = sign_in_as(Client(), justice)
    case = signed.cases.get()
    page = browser.get(f"/back-office/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "Applicant's signature" in html
    assert f"Confirmed with a one-time SMS code by the applicant (IIN {signed.citizen.iin})" in html
    checked = browser.post(f"/back-office/cases/{case.pk}/signature/", follow=True,
                           HTTP_ACCEPT_LANGUAGE="ru")  # fmt: skip
    assert "Подпись сегодня действительна." in checked.content.decode()
    assert "Повторно проверено" in checked.content.decode()
    check = SignatureVerification.objects.get(signature__application=signed)
    assert check.actor == justice and check.channel == "backoffice"


def test_an_officer_of_another_agency_cannot_check_it(signed):
    police = sign_in_as(Client(), officer_with_second_factor("internal-affairs"))
    case = signed.cases.get()
    assert police.post(f"/back-office/cases/{case.pk}/signature/").status_code in (403, 404)
    assert not SignatureVerification.objects.exists()


def test_the_case_exported_through_the_api_and_govstack_carries_the_signature(signed):
    officer = OfficerFactory(agency=Agency.objects.get(slug="justice"))
    case = signed.cases.get()
    exported = Client().get(f"/api/v1/cases/{case.pk}", **bearer(officer)).json()
    signature = exported["signature"]
    kept = ApplicationSignature.objects.get(application=signed)
    assert signature["method"] == "sms" and signature["document_digest"] == kept.document_digest
    assert signature["document"] == kept.document
    assert signature["signer"]["iin"] == signed.citizen.iin
    assert signature["confirmation"]["id"] == kept.confirmation_id
    rechecked = Client().post(f"/api/v1/cases/{case.pk}/signature/verification",
                              **bearer(officer))  # fmt: skip
    assert rechecked.status_code == 200
    assert rechecked.json()["verifications"][-1]["by"] == officer.username
    task = Caller(Client(), bearer(officer))("GET", f"/tasks/{case.pk}")
    assert task.status_code == 200
    assert task.json()["data"]["signature"]["document_digest"] == kept.document_digest
    assert_conforms(task.json(), "/tasks/{taskId}", "get", 200)


def test_the_citizen_reads_and_rechecks_their_signature_through_the_api(client, signed):
    url = f"/api/v1/applications/{signed.pk}/signature"
    shown = client.get(url, **bearer(signed.citizen)).json()
    assert shown["method"] == "sms" and shown["valid"] and shown["verifications"] == []
    rechecked = client.post(f"{url}/verification", **bearer(signed.citizen)).json()
    assert [v["valid"] for v in rechecked["verifications"]] == [True]
    stranger = CitizenFactory(iin=ApplicationFactory(service="passport").citizen.iin)
    if stranger.pk != signed.citizen.pk:
        assert client.get(url, **bearer(stranger)).status_code == 404
