"""Agencies rotate their keys without downtime: what was signed before still verifies, what
is signed after uses the new key, and a retired key cannot sign anything new."""

from __future__ import annotations

import datetime

import jwt
import pytest
from django.utils import timezone

from qyzmet.catalog.models import Agency
from qyzmet.exchange.client import legal_basis, request_registry_data
from qyzmet.exchange.messages import Client
from qyzmet.exchange.provider import answer_request
from qyzmet.exchange.signing import seal
from qyzmet.trust.keys import load_signing_key, rotate_agency_key
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


def test_a_retired_key_cannot_sign_a_new_request(demo_people):
    seal({"warm": "up"}, agency="digital-development")
    old = AgencyKey.objects.get(agency__slug="digital-development", retired_at__isnull=True)
    rotate_agency_key(agency=old.agency)
    later = timezone.now() + datetime.timedelta(seconds=1)
    claims = _request(demo_people["parent"], issued_at=later).claims()
    token = jwt.encode(claims, load_signing_key(old).private_key, algorithm="EdDSA",
                       headers={"kid": old.key_id})  # fmt: skip
    response = answer_request(token=token).response
    assert not response.granted and response.refusal == "signature"
    assert "retired" in response.reason
