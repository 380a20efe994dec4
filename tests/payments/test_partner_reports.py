"""A bank takes the fee in its own app and reports it through the partner API: signed with
its secret, idempotent with its Idempotency-Key; forged, stale or replayed reports change
nothing."""

from __future__ import annotations

import json
import time

import pytest

from qyzmet.applications.models import Application, ApplicationStatus, CaseStatus
from qyzmet.payments.models import Payment, PaymentStatus
from qyzmet.payments.partner_reports import report_signature
from tests.partners.conftest import partner, submit_through  # noqa: F401 (a fixture)
from tests.payments.conftest import LICENCE

pytestmark = pytest.mark.django_db


@pytest.fixture
def owed(partner, demo_people):  # noqa: F811
    application = submit_through(partner, demo_people["young_adult"], service=LICENCE)
    assert application["status"] == ApplicationStatus.AWAITING_PAYMENT
    grant = partner.grant(demo_people["young_adult"])
    return application, grant


def report(partner, application, grant, *, key="bank-42", amount=None, secret=None,  # noqa: F811
           timestamp=None, reference="TX-42"):  # fmt: skip
    amount = application["fees"]["online_tiyn"] if amount is None else amount
    body = json.dumps({"amount_tiyn": amount, "reference": reference}).encode()
    stamp = int(time.time()) if timestamp is None else timestamp
    signature = report_signature(secret=secret or partner.partner.webhook_secret, key=key,
                                 timestamp=stamp, body=body)  # fmt: skip
    return partner.client.post(
        f"/api/v1/applications/{application['id']}/payments", body,
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {grant}",
        HTTP_IDEMPOTENCY_KEY=key, HTTP_PAYMENT_TIMESTAMP=str(stamp),
        HTTP_PAYMENT_SIGNATURE=signature, HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip


def test_a_signed_report_pays_and_the_case_proceeds(partner, owed):  # noqa: F811
    application, grant = owed
    response = report(partner, application, grant)
    assert response.status_code == 201, response.content
    assert response.json()["status"] == PaymentStatus.SUCCEEDED
    assert response.json()["provider"] == partner.partner.channel
    record = Application.objects.get(pk=application["id"])
    assert record.cases.get().status == CaseStatus.SUBMITTED
    listed = partner.call("get", f"/applications/{application['id']}/payments", token=grant)
    assert listed.json()["amount_due_tiyn"] == 0


def test_a_replayed_report_is_answered_once(partner, owed):  # noqa: F811
    application, grant = owed
    first = report(partner, application, grant)
    again = report(partner, application, grant)
    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]
    assert Payment.objects.filter(application_id=application["id"]).count() == 1


def test_another_report_with_the_same_key_is_a_conflict(partner, owed):  # noqa: F811
    application, grant = owed
    report(partner, application, grant)
    assert report(partner, application, grant, reference="TX-43").status_code == 409


def test_a_forged_or_stale_report_is_refused(partner, owed):  # noqa: F811
    application, grant = owed
    forged = report(partner, application, grant, secret="not-the-secret", key="k1")
    assert forged.status_code == 403
    assert forged.json()["detail"] == "The payment report's signature is wrong."
    stale = report(partner, application, grant, timestamp=int(time.time()) - 3600, key="k2")
    assert stale.status_code == 403
    assert Application.objects.get(pk=application["id"]).status == (
        ApplicationStatus.AWAITING_PAYMENT
    )


def test_a_wrong_amount_or_nothing_due_is_refused(partner, owed):  # noqa: F811
    application, grant = owed
    wrong = report(partner, application, grant, amount=1, key="k3")
    assert wrong.status_code == 422 and "not the amount due" in wrong.json()["detail"]
    report(partner, application, grant, key="k4")
    assert report(partner, application, grant, key="k5").status_code == 409


@pytest.mark.parametrize("body", [b"[]", b'"TX-42"', b"42"])
def test_a_report_that_is_not_a_json_object_is_refused(partner, owed, body):  # noqa: F811
    application, grant = owed
    stamp = int(time.time())
    signature = report_signature(secret=partner.partner.webhook_secret, key="k-odd",
                                 timestamp=stamp, body=body)  # fmt: skip
    response = partner.client.post(
        f"/api/v1/applications/{application['id']}/payments", body,
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {grant}",
        HTTP_IDEMPOTENCY_KEY="k-odd", HTTP_PAYMENT_TIMESTAMP=str(stamp),
        HTTP_PAYMENT_SIGNATURE=signature,
    )  # fmt: skip
    assert response.status_code == 422
    assert [e["code"] for e in response.json()["errors"]] == ["type.object"]
    assert not Payment.objects.filter(application_id=application["id"]).exists()


def test_a_reference_no_database_could_store_is_refused_not_a_server_error(partner, owed):  # noqa: F811
    application, grant = owed
    response = report(partner, application, grant, key="k-nul", reference="TX\x00")
    assert response.status_code == 422
    assert not Payment.objects.filter(application_id=application["id"]).exists()


def test_a_citizen_cannot_report_a_payment(client, demo_people, owed):
    application, _grant = owed
    client.force_login(Application.objects.get(pk=application["id"]).citizen)
    response = client.post(f"/api/v1/applications/{application['id']}/payments",
                           {"amount_tiyn": 1, "reference": "x"},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 403


def test_one_report_sent_at_once_several_times_records_one_payment(committed_platform):
    from qyzmet.catalog.selectors import service_version
    from qyzmet.demo.sample_forms import sample_values
    from qyzmet.partners.onboarding import onboard_partner
    from qyzmet.payments.partner_reports import record_partner_payment
    from qyzmet.registries.fields import find_person
    from qyzmet.registries.selectors import find_demo_people
    from tests.concurrency import at_once, errors_of
    from tests.factories import CitizenFactory

    bank = onboard_partner(name="Race Bank", scopes=["applications:write"],
                           webhook_url="https://race.test/hook").partner  # fmt: skip
    citizen = CitizenFactory(iin=find_demo_people()["young_adult"])
    data = {LICENCE: sample_values(service_version(LICENCE), find_person(citizen.iin))}
    application = submit_application_for(citizen, bank.channel, data)
    due = application.cases.get().fee_tiyn

    def one() -> Payment:
        return record_partner_payment(
            application=application, citizen=citizen, partner=bank, amount_tiyn=due,
            reference="TX-RACE", idempotency_key="race-1",
        )  # fmt: skip

    results = at_once(one, times=4)
    assert errors_of(results) == []
    assert len({p.pk for p in results}) == 1
    assert Payment.objects.filter(application=application).count() == 1
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


def submit_application_for(citizen, channel, data):
    from qyzmet.applications.services import submit_application

    return submit_application(citizen=citizen, channel=channel, service=LICENCE, data=data)
