"""Through the API, an officer sends a case back for correction; the citizen sees what to
change, corrects it (a retry with the same Idempotency-Key is answered once) and the officer
approves it."""

from __future__ import annotations

import pytest

from tests.callers import bearer
from tests.factories import ApplicationFactory, officer_of

pytestmark = pytest.mark.django_db

MESSAGE = "Укажите другой ЦОН: в выбранном приём паспортов закрыт."
CENTRE = "ЦОН Медеуского района, Достык 12"


def post(client, path, body, auth, **headers):
    return client.post(f"/api/v1{path}", body, content_type="application/json", **auth, **headers)


@pytest.fixture
def case(db):
    return ApplicationFactory(submitted=True).cases.get()


def test_a_case_sent_back_is_corrected_and_approved_through_the_api(client, case):
    as_officer = bearer(officer_of(case.agency))
    as_citizen = bearer(case.application.citizen)
    sent = post(client, f"/cases/{case.pk}/send-back",
                {"fields": ["service_centre"], "message": MESSAGE}, as_officer)  # fmt: skip
    assert sent.status_code == 200, sent.content
    assert sent.json()["status"] == "sent_back"
    assert sent.json()["history"][-1]["status"] == "sent_back"

    application = client.get(f"/api/v1/applications/{case.application_id}", **as_citizen).json()
    assert application["status"] == "sent_back"
    [shown] = application["cases"]
    assert shown["correction"]["items"] == [{"kind": "field", "name": "service_centre"}]
    assert shown["correction"]["message"] == MESSAGE
    assert shown["correction"]["message_language"] == "ru"

    path = f"/applications/{case.application_id}/cases/{case.pk}/correction"
    key = {"HTTP_IDEMPOTENCY_KEY": "correction-1"}
    corrected = post(client, path, {"data": {"service_centre": CENTRE}}, as_citizen, **key)
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["status"] == "in_review"
    [after] = corrected.json()["cases"]
    assert after["status"] == "corrected" and after["correction"] is None
    assert after["data"]["service_centre"] == CENTRE and after["data"]["reason"]
    replayed = post(client, path, {"data": {"service_centre": CENTRE}}, as_citizen, **key)
    assert replayed.status_code == 200 and replayed["Idempotent-Replayed"] == "true"
    again = post(client, path, {"data": {"service_centre": CENTRE}}, as_citizen)
    assert again.status_code == 409 and again.json()["code"] == "correction.not_sent_back"

    decided = post(client, f"/cases/{case.pk}/decision", {"decision": "approve"}, as_officer)
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    statuses = [line["status"] for line in decided.json()["history"]]
    assert statuses[-3:] == ["sent_back", "corrected", "approved"]


def test_wrong_send_backs_and_corrections_are_told_field_by_field(client, case):
    as_officer = bearer(officer_of(case.agency))
    as_citizen = bearer(case.application.citizen)
    empty = post(client, f"/cases/{case.pk}/send-back", {"fields": [], "message": ""},
                 as_officer, HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert empty.status_code == 422
    assert {e["field"]: e["code"] for e in empty.json()["errors"]} == {
        "fields": "correction.fields_required", "message": "correction.message_required"
    }  # fmt: skip
    post(client, f"/cases/{case.pk}/send-back",
         {"fields": ["service_centre"], "message": MESSAGE}, as_officer)  # fmt: skip

    path = f"/applications/{case.application_id}/cases/{case.pk}/correction"
    not_named = post(client, path, {"data": {"reason": "lost"}}, as_citizen)
    assert not_named.status_code == 422
    assert not_named.json()["errors"][0]["field"] == "data.passport.reason"
    assert not_named.json()["errors"][0]["code"] == "correction.not_requested"
    too_long = post(client, path, {"data": {"service_centre": "x" * 201}}, as_citizen)
    assert too_long.status_code == 422
    assert too_long.json()["errors"][0]["code"] == "max_length"
    not_an_object = post(client, path, {"data": ["x"]}, as_citizen)
    assert not_an_object.status_code in (400, 422)


def test_the_partners_webhook_carries_the_officers_message(case):
    from qyzmet.applications.corrections import send_back
    from qyzmet.partners.webhooks import event_of

    send_back(case=case, officer=officer_of(case.agency), fields=["service_centre"],
              message=MESSAGE, channel="backoffice")  # fmt: skip
    event = event_of(case.history.last())
    assert event["type"] == "case.status_changed"
    assert (event["data"]["status"], event["data"]["reason"]) == ("sent_back", MESSAGE)
