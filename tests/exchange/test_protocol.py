"""The exchange answers only signed, fresh, new requests for the fields their purpose allows,
and records every request it can trust, granted or refused, for the citizen's data tracker
(the others go to the security log)."""

from __future__ import annotations

import base64
import datetime
import json

import pytest
from django.utils import timezone

from qyzmet.applications.services import start_application
from qyzmet.audit.models import AuditRecord
from qyzmet.core.pseudonyms import subject_digest
from qyzmet.exchange.client import ExchangeRefused, legal_basis, request_registry_data
from qyzmet.exchange.messages import Client, MalformedMessage, Purpose
from qyzmet.exchange.models import DataAccess, SecurityEvent
from qyzmet.exchange.provider import answer_request
from qyzmet.exchange.signing import seal
from tests.exchange.helpers import request_for, send, signed
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

NAME = "population.person.full_name"
BIRTH = "population.person.birth_date"
SIGN_IN = Client(agency="digital-development", system="signin")
LIVING = "population.person.living"
CHILDREN = "population.person.children"
RESIDENCE = "residence-registration"


def _sign_in_request(iin: str, **overrides):
    return request_for(
        subject=iin, fields=[LIVING], purpose=legal_basis("citizen-sign-in"), client=SIGN_IN,
        **overrides,
    )  # fmt: skip


def test_a_granted_request_returns_only_the_fields_asked_and_is_recorded(demo_people):
    iin = demo_people["parent"]
    response = send(_sign_in_request(iin))
    assert response.granted
    assert response.data == {LIVING: True}
    access = DataAccess.objects.get(message_id=response.in_reply_to)
    assert access.outcome == DataAccess.Outcome.GRANTED
    assert (access.client_agency, access.client_system) == ("digital-development", "signin")
    assert (access.provider_agency, access.registry) == ("internal-affairs", "population")
    assert access.subject == subject_digest(iin) and iin not in access.subject
    assert access.fields == [LIVING]
    assert (access.purpose_kind, access.purpose_ref) == ("legal_basis", "citizen-sign-in")
    audit = AuditRecord.objects.get(pk=access.audit_record)
    assert audit.action == "exchange.granted" and audit.object_id == str(access.pk)
    assert iin not in json.dumps(audit.details)


def test_a_forged_signature_is_refused_and_logged(demo_people):
    token = signed(_sign_in_request(demo_people["parent"]))
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["fields"] = [NAME]  # asks for more than was signed
    forged_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    response = answer_request(token=f"{header}.{forged_payload}.{signature}").response
    assert not response.granted and response.refusal == "signature"
    assert response.data == {}
    assert not DataAccess.objects.filter(message_id=claims["jti"]).exists()  # not an access
    event = SecurityEvent.objects.get(message_id=claims["jti"])  # the security log's
    assert AuditRecord.objects.get(pk=event.audit_record).action == "exchange.untrusted"


def test_a_request_signed_with_a_key_not_on_the_trust_list_is_refused(demo_people):
    import jwt
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    claims = _sign_in_request(demo_people["parent"]).claims()
    token = jwt.encode(claims, Ed25519PrivateKey.generate(), algorithm="EdDSA",
                       headers={"kid": "digital-development-forged"})  # fmt: skip
    response = answer_request(token=token).response
    assert response.refusal == "signature"


def test_a_replayed_request_is_refused_and_the_first_record_stays(demo_people):
    token = signed(_sign_in_request(demo_people["parent"]))
    first = answer_request(token=token).response
    again = answer_request(token=token).response
    assert first.granted
    assert not again.granted and again.refusal == "replay" and again.data == {}
    access = DataAccess.objects.get(message_id=first.in_reply_to)
    assert access.outcome == DataAccess.Outcome.GRANTED
    refused = AuditRecord.objects.filter(action="exchange.refused", object_id=str(access.pk))
    assert refused.count() == 1


def test_a_stale_request_is_refused(demo_people, settings):
    settings.EXCHANGE_MESSAGE_SECONDS = 60
    old = timezone.now() - datetime.timedelta(seconds=61)
    response = send(_sign_in_request(demo_people["parent"], issued_at=old))
    assert response.refusal == "stale"


def test_a_field_outside_the_legal_basis_is_refused(demo_people):
    with pytest.raises(ExchangeRefused) as refused:
        request_registry_data(
            client=SIGN_IN, subject=demo_people["parent"], fields=[LIVING, CHILDREN],
            purpose=legal_basis("citizen-sign-in"),
        )  # fmt: skip
    assert refused.value.refusal == "field.not_allowed"
    assert "population.person.children" in refused.value.reason
    access = DataAccess.objects.get()
    assert access.outcome == DataAccess.Outcome.REFUSED
    assert access.fields == [LIVING, "population.person.children"]


def test_a_field_outside_the_services_policy_is_refused(demo_people):
    citizen = CitizenFactory(iin=demo_people["parent"])
    application = start_application(
        citizen=citizen, channel="api", service="residence-registration"
    )
    purpose = Purpose(
        kind="application", ref=str(application.pk), services=("residence-registration",)
    )
    client = Client(agency="internal-affairs", system="prefill")
    granted = request_registry_data(
        client=client, subject=citizen.iin, fields=[NAME], purpose=purpose
    )
    assert set(granted) == {NAME}
    with pytest.raises(ExchangeRefused) as refused:  # the service does not declare vehicles
        request_registry_data(
            client=client, subject=citizen.iin, fields=["vehicles.person.vehicles"], purpose=purpose
        )
    assert refused.value.refusal == "field.not_allowed"


def test_another_agency_may_not_read_for_a_service_it_does_not_run(demo_people):
    citizen = CitizenFactory(iin=demo_people["parent"])
    application = start_application(
        citizen=citizen, channel="api", service="residence-registration"
    )
    purpose = Purpose(
        kind="application", ref=str(application.pk), services=("residence-registration",)
    )
    with pytest.raises(ExchangeRefused) as refused:
        request_registry_data(
            client=Client(agency="justice", system="prefill"), subject=citizen.iin,
            fields=[NAME], purpose=purpose,
        )  # fmt: skip
    assert refused.value.refusal == "purpose.client"


def test_a_saved_application_reads_only_about_whom_it_concerns(demo_people):
    citizen = CitizenFactory(iin=demo_people["parent"])
    application = start_application(
        citizen=citizen, channel="api", service="residence-registration"
    )
    purpose = Purpose(
        kind="application", ref=str(application.pk), services=("residence-registration",)
    )
    with pytest.raises(ExchangeRefused) as refused:
        request_registry_data(
            client=Client(agency="internal-affairs", system="prefill"),
            subject=demo_people["pensioner"], fields=[NAME], purpose=purpose,
        )  # fmt: skip
    assert refused.value.refusal == "subject.not_allowed"


def test_starting_an_application_records_the_pre_fill_for_the_tracker(demo_people):
    citizen = CitizenFactory(iin=demo_people["parent"])
    application = start_application(
        citizen=citizen, channel="api", service="residence-registration"
    )
    prefill = DataAccess.objects.filter(purpose_kind="application", purpose_ref=str(application.pk))
    assert [(a.client_agency, a.client_system, a.outcome) for a in prefill] == [
        ("internal-affairs", "prefill", "granted")
    ]
    assert set(prefill.get().fields) == set(application.prefill)
    assert prefill.get().subject == subject_digest(citizen.iin)


def test_a_client_may_not_invoke_a_legal_basis_not_listed_for_it(demo_people):
    response = send(
        request_for(
            subject=demo_people["parent"], fields=[LIVING], purpose=legal_basis("citizen-sign-in"),
            client=Client(agency="justice", system="signin"),
        )
    )  # fmt: skip
    assert response.refusal == "purpose.client"


def test_a_server_of_one_agency_refuses_requests_for_another_agencys_registry(demo_people):
    token = signed(_sign_in_request(demo_people["parent"]))  # population: internal-affairs'
    response = answer_request(token=token, serving="justice").response
    assert response.refusal == "provider" and response.provider == "justice"


@pytest.mark.parametrize(
    "change",
    [
        {"iat": 1e20},
        {"iat": "now"},
        {"fields": []},
        {"fields": [1]},
        {"sub": "9" * 65},
        {"purpose": "application"},
        {"purpose": {"kind": "application", "ref": "x", "services": "moving"}},
        {"protocol": "other/1"},
    ],
)
def test_claims_that_are_not_a_request_are_malformed_not_a_crash(change, demo_people):
    claims = {**_sign_in_request(demo_people["parent"]).claims(), **change}
    with pytest.raises(MalformedMessage):
        answer_request(token=seal(claims, agency="digital-development"))
    assert not DataAccess.objects.exists()


def test_unknown_fields_are_refused(demo_people):
    request = _sign_in_request(demo_people["parent"])
    claims = {**request.claims(), "fields": ["population.person.shoe_size"]}
    response = answer_request(token=seal(claims, agency="digital-development")).response
    assert response.refusal == "field.unknown"
