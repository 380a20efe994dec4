"""Through the API: the case's officers see the consultation on their case; the consulted
agency's officer lists it, reads what the answer needs, answers once (a retry with the same
Idempotency-Key is answered once); an officer of another agency gets a 403 in their language."""

from __future__ import annotations

import pytest

from qyzmet.casework.stages import decide_at_stage
from qyzmet.exchange.models import DataAccess
from tests.callers import bearer

pytestmark = pytest.mark.django_db


def post(client, path, body, auth, **headers):
    return client.post(f"/api/v1{path}", body, content_type="application/json", **auth, **headers)


def test_the_consulted_agency_answers_through_the_api(client, funeral_case, clerk, registrar, head):
    case = funeral_case
    as_clerk, as_registrar = bearer(clerk), bearer(registrar)
    prepared = post(client, f"/cases/{case.pk}/decision", {"decision": "approve"}, as_clerk)
    assert prepared.status_code == 200, prepared.content
    shown = prepared.json()
    assert shown["stage"] == {"stage": "consultation", "role": "consulted", "number": 2, "of": 3}
    assert [(c["agency"], c["outcome"]) for c in shown["consultations"]] == [("justice", "open")]

    listed = client.get("/api/v1/consultations", **as_registrar)
    assert listed.status_code == 200
    [row] = listed.json()
    assert (
        row["application_reference"] == case.application.reference and row["asked_by"] == "labour"
    )
    detail = client.get(f"/api/v1/consultations/{row['id']}", **as_registrar).json()
    assert detail["decision"] == "approve"
    assert set(detail["data"]) == {"deceased_iin", "relationship"}  # not the IBAN
    assert "subject_iin" not in detail and "history" not in detail  # only what the answer needs
    assert DataAccess.objects.filter(registry="consultations", client_agency="justice").count() == 1

    bare = post(client, f"/consultations/{row['id']}/answer", {"answer": "object"}, as_registrar,
                HTTP_ACCEPT_LANGUAGE="ru")  # fmt: skip
    assert bare.status_code == 422 and bare.json()["code"] == "consultation.note_invalid"

    key = {"HTTP_IDEMPOTENCY_KEY": "answer-1"}
    body = {"answer": "agree", "note": "Родство подтверждено."}
    answered = post(client, f"/consultations/{row['id']}/answer", body, as_registrar, **key)
    assert answered.status_code == 200, answered.content
    assert (answered.json()["outcome"], answered.json()["answer"]) == ("answered", "agree")
    replayed = post(client, f"/consultations/{row['id']}/answer", body, as_registrar, **key)
    assert replayed.status_code == 200 and replayed["Idempotent-Replayed"] == "true"
    again = post(client, f"/consultations/{row['id']}/answer", body, as_registrar)
    assert again.status_code == 409 and again.json()["code"] == "consultation.closed"

    case_now = client.get(f"/api/v1/cases/{case.pk}", **as_clerk).json()
    assert case_now["stage"]["stage"] == "sign-off"
    assert case_now["consultations"][0]["note"] == "Родство подтверждено."
    signed = post(client, f"/cases/{case.pk}/sign-off", {}, bearer(head))
    assert signed.status_code == 200 and signed.json()["status"] == "approved"


def test_an_officer_of_another_agency_is_refused(client, funeral_case, clerk):
    decide_at_stage(case=funeral_case, officer=clerk, approve=True, channel="backoffice")
    consultation = funeral_case.consultations.get()
    as_clerk = bearer(clerk)  # the asking agency reads its own case, not the consultation

    read = client.get(f"/api/v1/consultations/{consultation.pk}", **as_clerk,
                      HTTP_ACCEPT_LANGUAGE="kk")  # fmt: skip
    assert read.status_code == 403 and read.json()["code"] == "consultation.other_agency"
    assert "басқа органға" in read.json()["detail"]
    answer = post(client, f"/consultations/{consultation.pk}/answer", {"answer": "agree"}, as_clerk)
    assert answer.status_code == 403
    assert client.get("/api/v1/consultations", **as_clerk).json() == []
    assert client.get("/api/v1/consultations/abc", **bearer(clerk)).status_code == 404


def test_a_citizen_reads_a_neutral_line_never_the_note(client, funeral_case, clerk, registrar):
    decide_at_stage(case=funeral_case, officer=clerk, approve=True, channel="backoffice")
    post(client, f"/consultations/{funeral_case.consultations.get().pk}/answer",
         {"answer": "object", "note": "Брак не зарегистрирован."}, bearer(registrar))  # fmt: skip

    as_citizen = bearer(funeral_case.application.citizen)
    shown = client.get(f"/api/v1/applications/{funeral_case.application_id}", **as_citizen)
    text = shown.content.decode()
    assert "consultation_asked" in text and "Брак не зарегистрирован" not in text
    assert client.get("/api/v1/consultations", **as_citizen).status_code == 403
