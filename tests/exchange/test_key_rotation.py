"""Agencies rotate their keys without downtime: what was signed before still verifies, what
is signed after uses the new key (in other processes once they read the trust list again,
within ``TRUST_LIST_SECONDS``, their messages signed meanwhile with the old key still verify),
and a key retired longer ago than that cannot sign anything new."""

from __future__ import annotations

import datetime

import jwt
import pytest
from django.utils import timezone

from qyzmet.catalog.models import Agency
from qyzmet.exchange.client import legal_basis, request_registry_data
from qyzmet.exchange.messages import Client
from qyzmet.exchange.provider import answer_request
from qyzmet.exchange.signing import retired_grace, seal
from qyzmet.trust.keys import forget_keys, load_signing_key, rotate_agency_key, signing_key
from qyzmet.trust.models import AgencyKey
from tests.exchange.helpers import request_for, signed

pytestmark = pytest.mark.django_db

LIVING = "population.person.living"
SIGN_IN = Client(agency="digital-development", system="signin")


def _request(iin: str, **overrides):
    return request_for(
        subject=iin, fields=[LIVING], purpose=legal_basis("citizen-sign-in"), client=SIGN_IN,
        **overrides,
    )  # fmt: skip


def test_a_request_signed_just_before_a_rotation_is_still_answered(demo_people):
    token = signed(_request(demo_people["parent"]))  # in flight while the key is rotated
    rotate_agency_key(agency=Agency.objects.get(slug="digital-development"))
    assert answer_request(token=token).response.granted


def test_after_rotating_both_sides_requests_are_signed_with_the_new_keys(demo_people):
    request_registry_data(  # makes both agencies' first keys
        client=SIGN_IN, subject=demo_people["parent"], fields=[LIVING],
        purpose=legal_basis("citizen-sign-in"),
    )  # fmt: skip
    new_client = rotate_agency_key(agency=Agency.objects.get(slug="digital-development"))
    new_provider = rotate_agency_key(agency=Agency.objects.get(slug="internal-affairs"))
    found = request_registry_data(
        client=SIGN_IN, subject=demo_people["parent"], fields=[LIVING],
        purpose=legal_basis("citizen-sign-in"),
    )  # fmt: skip
    assert found == {LIVING: True}
    token = signed(_request(demo_people["parent"]))
    assert jwt.get_unverified_header(token)["kid"] == new_client.key_id
    answer = answer_request(token=token)
    assert jwt.get_unverified_header(answer.token)["kid"] == new_provider.key_id


def _signed_with(record: AgencyKey, request) -> str:
    return jwt.encode(request.claims(), load_signing_key(record).private_key, algorithm="EdDSA",
                      headers={"kid": record.key_id})  # fmt: skip


def test_a_process_that_has_not_read_the_new_key_yet_is_still_answered(demo_people):
    seal({"warm": "up"}, agency="digital-development")
    old = AgencyKey.objects.get(agency__slug="digital-development", retired_at__isnull=True)
    rotate_agency_key(agency=old.agency)
    # Another process kept the old key for TRUST_LIST_SECONDS and signs with it just after.
    later = timezone.now() + datetime.timedelta(seconds=1)
    token = _signed_with(old, _request(demo_people["parent"], issued_at=later))
    assert answer_request(token=token).response.granted


def test_a_key_retired_longer_ago_than_the_grace_cannot_sign(demo_people):
    seal({"warm": "up"}, agency="digital-development")
    old = AgencyKey.objects.get(agency__slug="digital-development", retired_at__isnull=True)
    rotate_agency_key(agency=old.agency)
    retired = timezone.now() - retired_grace() - datetime.timedelta(seconds=1)
    AgencyKey.objects.filter(pk=old.pk).update(retired_at=retired)
    forget_keys()
    token = _signed_with(old, _request(demo_people["parent"]))
    response = answer_request(token=token).response
    assert not response.granted and response.refusal == "signature"
    assert "retired" in response.reason


def test_a_rotation_by_another_process_is_signed_with_once_the_trust_list_is_read_again(
    demo_people, settings
):
    settings.TRUST_LIST_SECONDS = 0  # read it again at every message
    seal({"warm": "up"}, agency="digital-development")
    agency = Agency.objects.get(slug="digital-development")
    AgencyKey.objects.filter(agency=agency).update(retired_at=timezone.now())  # elsewhere
    new = signing_key(agency=agency)  # ... where the next key was made
    token = signed(_request(demo_people["parent"]))
    assert jwt.get_unverified_header(token)["kid"] == new.key_id
    assert answer_request(token=token).response.granted
