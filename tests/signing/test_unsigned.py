"""A service's assurance decides whether a submission needs a signature; what is missing is
said in the citizen's language on every channel, and nothing they entered is lost."""

from __future__ import annotations

import base64

import pytest

from qyzmet.applications.models import ApplicationSignature
from qyzmet.applications.signature_checks import signing_request
from tests.callers import bearer
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def submit(client, draft, body=None, **headers):
    return client.post(
        f"/api/v1/applications/{draft.pk}/submit", body or {}, content_type="application/json",
        **bearer(draft.citizen), **headers,
    )  # fmt: skip


def test_a_partner_or_app_gets_the_document_to_sign_for_a_draft_with_its_digest(client):
    draft = ApplicationFactory(service="vehicle-registration")
    answer = client.get(f"/api/v1/applications/{draft.pk}/signing", **bearer(draft.citizen))
    assert answer.status_code == 200, answer.content
    body = answer.json()
    expected = signing_request(draft)
    assert body["document"].encode() == expected.document
    assert base64.b64decode(body["document_base64"]) == expected.document
    assert body["digest"] == expected.digest
    assert (body["assurance"], body["methods"]) == ("eds", ["eds"])


def test_a_draft_of_a_service_that_needs_no_signature_is_submitted_without_one(client):
    draft = ApplicationFactory(service="passport")
    signing = client.get(f"/api/v1/applications/{draft.pk}/signing", **bearer(draft.citizen))
    assert signing.json()["assurance"] == "none" and signing.json()["methods"] == []
    answer = submit(client, draft)
    assert answer.status_code == 200 and answer.json()["status"] == "submitted"
    assert not ApplicationSignature.objects.filter(application=draft).exists()


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "must be signed with your EDS"), ("ru", "нужно подписать ЭЦП"),
     ("kk", "ЭЦҚ-мен")],
)  # fmt: skip
def test_an_unsigned_submission_of_an_eds_service_is_refused_in_the_callers_language(
    client, language, words
):
    draft = ApplicationFactory(service="vehicle-registration")
    answer = submit(client, draft, HTTP_ACCEPT_LANGUAGE=language)
    assert answer.status_code == 422
    assert answer["Content-Type"] == "application/problem+json"
    assert answer.json()["code"] == "signing.required_eds"
    assert words in answer.json()["detail"]
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.data["vehicle-registration"]["vin"]


def test_a_signature_that_is_not_base64_is_a_bad_request(client):
    draft = ApplicationFactory(service="vehicle-registration")
    answer = submit(client, draft, {"signature": {"signed_xml": "<not base64>"}})
    assert answer.status_code == 400 and answer.json()["code"] == "signing.malformed"


def test_an_sms_code_for_a_service_that_accepts_only_eds_is_refused(client):
    draft = ApplicationFactory(service="vehicle-registration")
    answer = submit(client, draft, {"signature": {"sms_code": "123456"}})
    assert answer.status_code == 422 and answer.json()["code"] == "signing.eds_required"


def test_an_application_that_was_not_signed_has_no_signature_to_show_or_check(client):
    submitted = ApplicationFactory(service="passport", submitted=True)
    url = f"/api/v1/applications/{submitted.pk}/signature"
    assert client.get(url, **bearer(submitted.citizen)).status_code == 404
    checked = client.post(f"{url}/verification", **bearer(submitted.citizen))
    assert checked.status_code == 404 and checked.json()["code"] == "signing.none"


def test_the_portal_explains_what_is_signed_and_keeps_the_draft_when_it_is_not(client):
    draft = ApplicationFactory(service="vehicle-registration")
    client.force_login(draft.citizen)
    review = f"/applications/{draft.pk}/review/"
    page = client.get(review, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Sign your application" in page
    assert f"You sign application {draft.reference} exactly as shown on this page" in page
    assert "Sign with EDS" in page and "SMS code" not in page
    assert draft.data["vehicle-registration"]["vin"] in page  # in the document shown, too
    refused = client.post(review, {"method": "eds", "signed_xml": ""}, HTTP_ACCEPT_LANGUAGE="ru")
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Заявление нужно подписать ЭЦП" in html and 'role="alert"' in html
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_the_deployment_check_warns_when_services_need_eds_and_nothing_verifies_it(settings):
    from qyzmet.applications.checks import signing_possible
    from qyzmet.identity.verifiers import VerifierRegistry

    settings.EDS_CA_CERTS = ["/etc/qyzmet/nca-root.pem"]
    [warning] = signing_possible(registry=VerifierRegistry())
    assert warning.id == "qyzmet.W080" and "vehicle-registration" in warning.msg
    assert signing_possible() == []  # the xmldsig verifier is installed, with a CA to trust
    settings.EDS_CA_CERTS = []
    [warning] = signing_possible()
    assert "QYZMET_EDS_CA_CERTS is empty" in warning.msg


def test_an_sms_code_is_not_sent_for_a_service_that_accepts_only_eds(client):
    draft = ApplicationFactory(service="vehicle-registration")
    answer = client.post(f"/api/v1/applications/{draft.pk}/signing/code", **bearer(draft.citizen))
    assert answer.status_code == 409 and answer.json()["code"] == "signing.eds_required"
