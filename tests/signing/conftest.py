"""Signing an application in tests: the document of a draft signed as NCALayer signs it, with a
certificate of the test national CA (``tests/support/pki.py``, its OCSP responder served by its
own process)."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from qyzmet.applications.signature_checks import signing_request
from tests.callers import bearer
from tests.factories import ApplicationFactory, CitizenFactory


def signed_by(pki: Any, issued: Any, document: bytes) -> bytes:
    """``document`` signed with ``issued``'s key (its CA's certificate beside it)."""
    from tests.support.pki import sign_xml

    return sign_xml(document, issued.key, issued.certificate, chain=(pki.intermediate.certificate,))


def submit(client: Any, draft: Any, body: dict | None = None, **headers: Any) -> Any:
    return client.post(
        f"/api/v1/applications/{draft.pk}/submit", body or {}, content_type="application/json",
        **bearer(draft.citizen), **headers,
    )  # fmt: skip


def with_signature(xml: bytes) -> dict[str, Any]:
    return {"signature": {"signed_xml": base64.b64encode(xml).decode()}}


@pytest.fixture
def applicant(demo_people: dict[str, str]) -> Any:
    return CitizenFactory(iin=demo_people["parent"])


@pytest.fixture
def draft(applicant: Any) -> Any:
    """A complete draft of a service that needs the applicant's EDS signature."""
    return ApplicationFactory(service="vehicle-registration", citizen=applicant)


@pytest.fixture
def certificate(eds_trust: Any, applicant: Any) -> Any:
    """The applicant's own signing certificate (RSA), of the configured test CA."""
    return eds_trust.pki.person(applicant.iin)


@pytest.fixture
def signed(eds_trust: Any, certificate: Any, draft: Any) -> bytes:
    """The draft's document signed by its applicant."""
    return signed_by(eds_trust.pki, certificate, signing_request(draft).document)


def submitted_with_sms(client: Any, draft: Any, gateway: Any) -> Any:
    """Submit ``draft`` confirmed with the SMS code the gateway delivered for it."""
    from qyzmet.registries.models import Person
    from tests.jobs.helpers import run_jobs

    asked = client.post(f"/api/v1/applications/{draft.pk}/signing/code", **bearer(draft.citizen))
    assert asked.status_code == 202, asked.content
    run_jobs()
    code = gateway.code_sent_to(Person.objects.get(iin=draft.citizen.iin).mobile_phone)
    answer = submit(client, draft, {"signature": {"sms_code": code}})
    assert answer.status_code == 200, answer.content
    draft.refresh_from_db()
    return draft


def submitted_with_eds(draft: Any, pki: Any) -> Any:
    """Submit ``draft`` signed by its applicant with a certificate of the test CA ``pki``."""
    from qyzmet.applications.services import submit_application
    from qyzmet.applications.signature_checks import SignatureIn

    xml = signed_by(pki, pki.person(draft.citizen.iin), signing_request(draft).document)
    return submit_application(citizen=draft.citizen, channel="portal", application=draft,
                              signature=SignatureIn(signed_xml=xml))  # fmt: skip
