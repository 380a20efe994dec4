"""A citizen submits and follows application files through GovStack; an officer reads the
files in which their agency has a case, and nothing else."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from qyzmet.applications.models import Application
from qyzmet.audit.models import AuditRecord
from tests.factories import ApplicationFactory, CitizenFactory
from tests.govstack.conftest import CLIENT, Caller, assert_conforms, bearer

pytestmark = pytest.mark.django_db
PASSPORT = {"reason": "expired", "service_centre": "Astana, public service centre No. 1"}


def passport_file(citizen, **changes):
    return {
        "applicantId": citizen.iin,
        "applicationName": "My new passport",
        "formData": {"data": {"passport": PASSPORT}, "eFormId": "passport.v4"},
        **changes,
    }


def test_a_citizen_submits_an_application_file(as_citizen, citizen):
    response = as_citizen("POST", "/services/passport/applications", passport_file(citizen))
    assert response.status_code == 200
    file = response.json()
    assert_conforms(file, "/services/{serviceId}/applications", "post", 200)
    assert file["serviceId"] == "passport"
    assert file["status"] == {"code": "PENDING", "title": "Submitted"}
    assert file["ended"] is False
    assert file["applicationData"]["applicantId"] == citizen.iin
    assert file["applicationData"]["formData"]["data"]["passport"] == PASSPORT
    application = Application.objects.get(pk=file["fileId"])
    assert application.cases.get().service.slug == "passport"


def test_the_calling_subsystem_is_the_channel_in_history_and_audit(as_citizen, citizen):
    response = as_citizen("POST", "/services/passport/applications", passport_file(citizen))
    application = Application.objects.get(pk=response.json()["fileId"])
    assert application.channel == f"govstack:{CLIENT}"
    assert {h.channel for h in application.history.all()} >= {f"govstack:{CLIENT}"}
    audit = AuditRecord.objects.get(action="application.submitted", object_id=str(application.pk))
    assert audit.channel == f"govstack:{CLIENT}"


def test_a_retry_with_the_same_idempotency_key_makes_one_application(as_citizen, citizen):
    key = {"HTTP_IDEMPOTENCY_KEY": "file-1"}
    first = as_citizen(
        "POST", "/services/passport/applications", passport_file(citizen), headers=key
    )
    again = as_citizen(
        "POST", "/services/passport/applications", passport_file(citizen), headers=key
    )
    assert first.json()["fileId"] == again.json()["fileId"]
    assert Application.objects.filter(citizen=citizen).count() == 1


def test_wrong_form_values_are_named_as_in_the_request(as_citizen, citizen):
    body = passport_file(citizen, formData={"data": {"passport": {"reason": "bored"}}})
    response = as_citizen("POST", "/services/passport/applications", body, language="ru")
    assert response.status_code == 422
    error = response.json()
    assert error["message"] == "The application has errors. Please correct the fields below."
    assert error["localizedMessage"] == "В заявке есть ошибки. Исправьте поля ниже."
    fields = {e["field"]: e["code"] for e in error["errors"]}
    assert fields == {
        "formData.data.passport.reason": "choice",
        "formData.data.passport.service_centre": "required",
    }
    assert not Application.objects.filter(citizen=citizen).exists()


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"documentUrls": ["https://example.org/a.pdf"]}, "documentUrls.0",
         "attachment.unknown_document"),
        ({"formData": {"data": {"id-card": {}}}}, "formData.data.id-card", "unknown_field"),
        ({"formData": {"eFormId": "passport.v0"}}, "formData.eFormId",
         "govstack.eform_not_current"),
    ],
)  # fmt: skip
def test_what_qyzmet_cannot_take_is_refused_not_ignored(as_citizen, citizen, changes, field, code):
    response = as_citizen(
        "POST", "/services/passport/applications", passport_file(citizen, **changes)
    )
    assert response.status_code == 422
    assert {e["field"]: e["code"] for e in response.json()["errors"]} == {field: code}


def test_a_body_that_breaks_the_specification_is_a_bad_request(as_citizen, citizen):
    missing = as_citizen("POST", "/services/passport/applications", {"formData": {}})
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["field"] == "applicantId"
    not_objects = passport_file(citizen, formData={"data": {"passport": "expired"}})
    assert as_citizen("POST", "/services/passport/applications", not_objects).status_code == 400
    broken = as_citizen("POST", "/services/passport/applications", "{not json")
    assert (broken.status_code, broken.json()["code"]) == (400, "govstack.not_json")


def test_a_citizen_applies_only_as_themself(as_citizen, demo_people):
    body = {"applicantId": demo_people["parent"], "formData": {"data": {"passport": PASSPORT}}}
    response = as_citizen("POST", "/services/passport/applications", body)
    assert response.status_code == 403
    assert response.json()["code"] == "govstack.applicant_mismatch"


def test_an_officer_cannot_apply_and_nobody_anonymous_can(as_officer, anybody, citizen):
    response = as_officer("POST", "/services/passport/applications", passport_file(citizen))
    assert (response.status_code, response.json()["code"]) == (403, "auth.citizen_only")
    response = anybody("POST", "/services/passport/applications", passport_file(citizen))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_applying_for_an_unknown_service_is_not_found(as_citizen, citizen):
    response = as_citizen("POST", "/services/no-such-service/applications", passport_file(citizen))
    assert (response.status_code, response.json()["code"]) == (404, "not_found.service")


def test_a_citizen_lists_only_their_own_files(as_citizen, citizen, demo_people):
    mine = ApplicationFactory(citizen=citizen, submitted=True)
    ApplicationFactory(citizen=CitizenFactory(iin=demo_people["parent"]), submitted=True)
    response = as_citizen("GET", "/applications")
    assert response.status_code == 200
    assert_conforms(response.json(), "/applications", "get", 200)
    assert [f["fileId"] for f in response.json()] == [str(mine.pk)]
    entry = response.json()[0]
    assert (entry["roleId"], entry["mainTaskId"]) == ("internal-affairs", str(mine.cases.get().pk))
    assert as_citizen("GET", "/applications", applicantId=demo_people["parent"]).json() == []


def test_a_citizen_reads_their_file_and_nobody_elses(as_citizen, citizen, demo_people):
    mine = ApplicationFactory(citizen=citizen, approved=True)
    response = as_citizen("GET", f"/applications/{mine.pk}")
    assert response.status_code == 200
    assert_conforms(response.json(), "/applications/{fileId}", "get", 200)
    assert response.json()["status"] == {"code": "APPROVED", "title": "Approved"}
    assert response.json()["ended"] is True
    theirs = ApplicationFactory(citizen=CitizenFactory(iin=demo_people["parent"]))
    for file_id in (theirs.pk, uuid.uuid4(), "not-a-uuid", "0"):
        response = as_citizen("GET", f"/applications/{file_id}")
        assert (response.status_code, response.json()["code"]) == (404, "not_found.application")


def test_an_officer_sees_only_files_with_a_case_of_their_agency(client, officer, citizen):
    passport = ApplicationFactory(citizen=citizen, submitted=True)
    benefit = ApplicationFactory(citizen=citizen, submitted=True, service="unemployment-benefit")
    as_officer = Caller(Client(), bearer(officer))
    listed = as_officer("GET", "/applications").json()
    assert [f["fileId"] for f in listed] == [str(passport.pk)]
    assert as_officer("GET", f"/applications/{passport.pk}").status_code == 200
    assert as_officer("GET", f"/applications/{benefit.pk}").status_code == 404
    assert as_officer("GET", "/applications", serviceId="unemployment-benefit").json() == []


def test_a_citizen_saves_form_values_into_a_draft(as_citizen, citizen):
    draft = ApplicationFactory(citizen=citizen)
    body = {"applicantId": citizen.iin, "formData": {"data": {"passport": {"reason": "lost"}}}}
    response = as_citizen("PUT", f"/applications/{draft.pk}", body)
    assert response.status_code == 200
    assert_conforms(response.json(), "/applications/{fileId}", "put", 200)
    assert response.json()["status"] == {"code": "PENDING", "title": "Draft"}
    draft.refresh_from_db()
    assert draft.data["passport"]["reason"] == "lost"


def test_a_submitted_file_cannot_be_changed(as_citizen, as_officer, citizen):
    submitted = ApplicationFactory(citizen=citizen, submitted=True)
    body = {"applicantId": citizen.iin, "formData": {"data": {"passport": {"reason": "lost"}}}}
    response = as_citizen("PUT", f"/applications/{submitted.pk}", body)
    assert (response.status_code, response.json()["code"]) == (409, "application.not_draft")
    response = as_officer("PUT", f"/applications/{submitted.pk}", body)
    assert (response.status_code, response.json()["code"]) == (403, "govstack.officers_do_not_edit")


def test_files_come_in_pages_and_in_the_order_asked(as_citizen, citizen):
    made = [ApplicationFactory(citizen=citizen) for _ in range(3)]
    ids = [str(a.pk) for a in made]
    oldest_first = as_citizen("GET", "/applications", sortBy="created", sortOrder="asc").json()
    assert [f["fileId"] for f in oldest_first] == ids
    page = as_citizen("GET", "/applications", firstResult=1, maxResult=1).json()
    assert [f["fileId"] for f in page] == [ids[1]]  # newest first by default
    for wrong in ({"sortBy": "colour"}, {"firstResult": -1}, {"maxResult": "many"}):
        assert as_citizen("GET", "/applications", **wrong).status_code == 400
