"""Every POST of the API takes an ``Idempotency-Key``: a retry gets the first answer again,
never a second change; the same key with another request is refused."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from qyzmet.api.api import api
from qyzmet.api.idempotency import caller_of
from qyzmet.applications.models import Application
from qyzmet.catalog.selectors import service_version
from qyzmet.demo.sample_forms import sample_values
from qyzmet.exchange.models import DataAccess
from qyzmet.idempotency.models import IdempotentRequest
from qyzmet.partners.models import Consent
from qyzmet.partners.onboarding import onboard_partner
from qyzmet.registries.fields import find_person
from tests.callers import bearer
from tests.factories import ApplicationFactory, CitizenFactory, OfficerFactory
from tests.partners.conftest import ALL, PartnerClient

pytestmark = pytest.mark.django_db
PASSPORT = {"service": "passport"}


def post(client, path, body, headers, key=None, language="en"):
    if key is not None:
        headers = {**headers, "HTTP_IDEMPOTENCY_KEY": key}
    return client.post(
        f"/api/v1{path}", json.dumps(body), content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language, **headers,
    )  # fmt: skip


@pytest.fixture
def citizen(demo_people):
    return CitizenFactory(iin=demo_people["young_adult"])


@pytest.fixture
def as_citizen(citizen):
    return bearer(citizen)


def test_the_same_key_and_body_replays_the_first_response(client, citizen, as_citizen):
    first = post(client, "/applications", PASSPORT, as_citizen, key="draft-1")
    again = post(client, "/applications", PASSPORT, as_citizen, key="draft-1")

    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")
    assert Application.objects.filter(citizen=citizen).count() == 1


def test_without_a_key_every_request_is_a_new_one(client, citizen, as_citizen):
    post(client, "/applications", PASSPORT, as_citizen)
    post(client, "/applications", PASSPORT, as_citizen)
    assert Application.objects.filter(citizen=citizen).count() == 2


def test_the_same_key_with_another_body_is_a_conflict_in_the_callers_language(
    client, citizen, as_citizen
):
    post(client, "/applications", PASSPORT, as_citizen, key="draft-1")
    other = post(
        client, "/applications", {"service": "id-card"}, as_citizen, key="draft-1", language="ru"
    )
    assert other.status_code == 409
    assert other["Content-Type"] == "application/problem+json"
    assert other.json()["code"] == "idempotency.conflict"
    assert other.json()["detail"] == "Этот Idempotency-Key уже использован для другого запроса."
    assert Application.objects.filter(citizen=citizen).count() == 1


def test_the_same_key_on_another_operation_is_a_conflict(client, citizen, as_citizen):
    draft = ApplicationFactory(citizen=citizen)
    post(client, "/applications", PASSPORT, as_citizen, key="k")
    withdrawn = post(client, f"/applications/{draft.pk}/withdraw", {}, as_citizen, key="k")
    assert withdrawn.status_code == 409
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_keys_are_each_callers_own(client, as_citizen, demo_people):
    other = bearer(CitizenFactory(iin=demo_people["pensioner"]))
    mine = post(client, "/applications", PASSPORT, as_citizen, key="draft-1")
    theirs = post(client, "/applications", PASSPORT, other, key="draft-1")
    assert theirs.status_code == 201
    assert theirs.json()["id"] != mine.json()["id"]
    assert not theirs.has_header("Idempotent-Replayed")


def test_a_partners_keys_for_one_citizen_never_answer_for_another(client, demo_people):
    bank = PartnerClient(client, onboard_partner(name="Demo Bank", scopes=ALL))
    bank.fetch_token()
    first, second = demo_people["young_adult"], demo_people["pensioner"]
    grants = {iin: bank.grant(iin) for iin in (first, second)}
    answers = {}
    for iin, token in grants.items():
        auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        answers[iin] = post(client, "/applications", PASSPORT, auth, key="same-key")
    assert answers[first].json()["subject_iin"] == first
    assert answers[second].json()["subject_iin"] == second


def test_a_partner_asking_twice_with_one_key_asks_the_citizen_once(client, demo_people):
    bank = PartnerClient(client, onboard_partner(name="Demo Bank", scopes=ALL))
    bank.fetch_token()
    body = {"iin": demo_people["parent"], "scopes": ["applications:read"], "purpose": "Loan"}
    auth = {"HTTP_AUTHORIZATION": f"Bearer {bank.token}"}
    answers = [post(client, "/consents", body, auth, key="consent-1") for _ in range(2)]
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json()["id"] == answers[1].json()["id"]
    assert Consent.objects.filter(iin=demo_people["parent"]).count() == 1


def test_an_answer_in_error_is_replayed_too(client):
    case = ApplicationFactory(submitted=True).cases.get()
    as_officer = bearer(OfficerFactory())
    path = f"/cases/{case.pk}/decision"
    refused = post(client, path, {"decision": "reject"}, as_officer, key="decide-1")
    again = post(client, path, {"decision": "reject"}, as_officer, key="decide-1")
    assert refused.status_code == again.status_code == 422
    assert again.json() == refused.json()
    assert again["Idempotent-Replayed"] == "true"


def test_after_a_server_error_the_same_key_may_be_sent_again(
    client, citizen, as_citizen, monkeypatch
):
    from qyzmet.api import applications

    real = applications.services.start_application
    monkeypatch.setattr(applications.services, "start_application", broken)
    failed = post(client, "/applications", PASSPORT, as_citizen, key="draft-1")
    monkeypatch.setattr(applications.services, "start_application", real)
    retried = post(client, "/applications", PASSPORT, as_citizen, key="draft-1")

    assert failed.status_code == 500
    assert retried.status_code == 201
    assert not retried.has_header("Idempotent-Replayed")


def broken(**kwargs):
    raise RuntimeError("the database went away")


@pytest.mark.parametrize("key", ["", " ", "with space", "ключ", "x" * 256, "tab\tinside"], ids=repr)
def test_a_malformed_key_is_a_bad_request(client, citizen, as_citizen, key):
    response = post(client, "/applications", PASSPORT, as_citizen, key=key)
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency.key_malformed"
    assert not Application.objects.filter(citizen=citizen).exists()


def test_the_longest_key_is_taken(client, as_citizen):
    assert post(client, "/applications", PASSPORT, as_citizen, key="x" * 255).status_code == 201


def test_a_submission_retried_with_its_key_is_submitted_once(client, citizen, as_citizen):
    draft = ApplicationFactory(citizen=citizen)
    path = f"/applications/{draft.pk}/submit"
    first = post(client, path, {}, as_citizen, key="submit-1")
    again = post(client, path, {}, as_citizen, key="submit-1")
    assert first.status_code == again.status_code == 200, first.content
    assert again.json() == first.json()
    assert draft.cases.count() == 1


def submission(citizen):
    """A one-service application submitted in one call, its form filled as the citizen would."""
    service = "criminal-record-certificate"
    values = sample_values(service_version(service), find_person(citizen.iin))
    return {"service": service, "data": {service: values}, "submit": True}


def test_a_submission_whose_key_was_forgotten_is_still_submitted_once(client, citizen, as_citizen):
    """The key's claim is kept for hours (``QYZMET_IDEMPOTENCY_KEY_HOURS``); sent again after
    it was purged, the application made under the key is found by the key's constraint, after
    the registry reads, which are recorded like any other."""
    body = submission(citizen)
    first = post(client, "/applications", body, as_citizen, key="submit-once")
    IdempotentRequest.objects.all().delete()  # purged, as the daily job does after its hours
    reads = DataAccess.objects.count()

    again = post(client, "/applications", body, as_citizen, key="submit-once")

    assert first.status_code == again.status_code == 201, again.content
    assert again.json()["id"] == first.json()["id"]
    assert Application.objects.filter(citizen=citizen).count() == 1
    assert DataAccess.objects.count() > reads  # what was read for the retry is on record


def test_a_submission_retried_after_its_request_died_is_submitted_once(client, citizen, as_citizen):
    """A request that did its work and died before answering leaves its key claimed without
    an answer; once its lease runs out, the retry takes the claim over and is answered with
    the application the dead request made."""
    body = submission(citizen)
    first = post(client, "/applications", body, as_citizen, key="died")
    IdempotentRequest.objects.update(status=None, body=b"", lease_until=timezone.now())
    reads = DataAccess.objects.count()

    again = post(client, "/applications", body, as_citizen, key="died")

    assert first.status_code == again.status_code == 201, again.content
    assert again.json()["id"] == first.json()["id"]
    assert Application.objects.filter(citizen=citizen).count() == 1
    assert DataAccess.objects.count() == reads  # found before anything was read again


def test_every_post_of_the_openapi_document_takes_the_key():
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    posts = [ops["post"] for ops in document["paths"].values() if "post" in ops]
    reference = {"$ref": "#/components/parameters/IdempotencyKey"}
    assert len(posts) >= 8
    assert all(reference in p["parameters"] for p in posts)
    key = document["components"]["parameters"]["IdempotencyKey"]
    assert (key["in"], key["name"], key["schema"]["maxLength"]) == (
        "header",
        "Idempotency-Key",
        255,
    )


def test_an_anonymous_caller_has_no_keys_to_share_with_other_anonymous_callers(rf):
    request = rf.post("/api/v1/anything", HTTP_IDEMPOTENCY_KEY="k")
    assert caller_of(request) is None
