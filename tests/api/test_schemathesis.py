"""Schemathesis over the whole of ``/api/v1`` (the document ``qyzmet openapi`` writes), against
the app in-process through WSGI: no answer is a server error, every answer conforms to the
document (its status, schema, content type and headers: problems included), and a request the
document calls invalid is refused.

Every operation is called with credentials that can do it, so real work is exercised and not
only 401s: a citizen's development token or a partner's grant from that citizen (in turn) for
applications and documents, an officer's token for cases, the partner's own token for consents,
and now and then no credentials at all. Every other request names things that exist (a draft,
a submitted application, a case of the officer's agency, a consent, a service).

Deterministic (``derandomize``) and bounded (``MAX_EXAMPLES`` per operation and phase)."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from oauth2_provider.models import get_access_token_model
from oauthlib.common import generate_token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    allow_header_conformance,
    content_type_conformance,
    missing_required_header,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from qyzmet.api.api import api
from qyzmet.partners.consents import approve_consent, grant_token, request_consent
from qyzmet.partners.onboarding import onboard_partner
from tests.callers import signed_in_headers
from tests.factories import ApplicationFactory, CitizenFactory, OfficerFactory
from tests.tracker.factories import DataAccessFactory, access_caused_by

MAX_EXAMPLES = 15
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    response_headers_conformance,
    status_code_conformance,
    negative_data_rejection,
    missing_required_header,
    unsupported_method,
    allow_header_conformance,
]
PREFIX = "/api/v1/"


def document() -> dict[str, Any]:
    schema = api.get_openapi_schema(path_prefix=PREFIX)
    return {**schema, "servers": [{"url": "http://testserver"}]}


schema = schemathesis.openapi.from_dict(document())
schema.config.generation.update(max_examples=MAX_EXAMPLES, deterministic=True)
schema.config.phases.update(phases=["examples", "coverage", "fuzzing"])
APP = WSGIHandler()


@pytest.fixture
def in_process() -> Any:
    """Keep the test's database connection (and transaction) open across requests, as
    Django's test client does: a real server closes it when a request finishes."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def partner_token(partner: Any) -> str:
    """The partner's own access token, as ``/oauth/token/`` gives it (client credentials)."""
    token = generate_token()
    get_access_token_model().objects.create(
        user=None, application=partner.application, token=token, scope=" ".join(partner.scopes),
        expires=timezone.now() + datetime.timedelta(hours=1),
    )  # fmt: skip
    return token


@pytest.fixture
def known(demo_people: dict[str, str]) -> dict[str, Any]:
    """A citizen with a draft and a submitted application, an officer whose agency has its
    case, a partner the citizen gave a consent to, and everybody's tokens."""
    citizen = CitizenFactory(iin=demo_people["young_adult"])
    officer = OfficerFactory()
    scopes = ["applications:read", "applications:write", "consents:request", "catalog:read"]
    partner = onboard_partner(name="Fuzz Bank", scopes=scopes, rate_limit=1_000_000).partner
    consent = request_consent(
        partner=partner, iin=citizen.iin, scopes=scopes[:2], purpose="Fuzzing", language="en"
    )
    approve_consent(citizen=citizen, consent=consent)
    grant = grant_token(partner=partner, consent_id=consent.pk)[0]
    draft = ApplicationFactory(citizen=citizen)
    submitted = ApplicationFactory(citizen=citizen, submitted=True)
    access_caused_by(submitted)  # the citizen's data tracker has entries of both outcomes
    DataAccessFactory(iin=citizen.iin, refused=True)
    return {
        "tokens": {
            "citizen": signed_in_headers(citizen),
            "officer": signed_in_headers(officer),
            "partner": {"Authorization": f"Bearer {partner_token(partner)}"},
            "grant": {"Authorization": f"Bearer {grant}"},
        },
        "ids": {
            "application_id": str(draft.pk),
            "case_id": str(submitted.cases.get().pk),
            "consent_id": str(consent.pk),
            "service_id": "passport",
            "centre_id": "astana-yesil",
            "situation_id": "moving",
        },
        "bodies": {
            ("POST", "/api/v1/applications"): {
                "service": "passport",
                "life_situation": None,
                "on_behalf_of": None,
            },
            ("POST", "/api/v1/consents"): {"iin": citizen.iin},
        },
        "turn": itertools.count(),
    }


def caller_of(path: str, turn: int) -> str | None:
    """Who calls: now and then nobody; else someone who may do what ``path`` does."""
    if turn % 7 == 6:
        return None
    if path.startswith("/api/v1/cases"):
        return "officer"
    if path.startswith("/api/v1/consents"):
        return "partner"
    return "grant" if turn % 3 == 2 else "citizen"


def positive(case: Any) -> bool:
    """Whether the request is meant to be valid: an invalid one must stay invalid."""
    return case.meta is None or case.meta.generation.mode == GenerationMode.POSITIVE


def prepared(case: Any, known: dict[str, Any]) -> dict[str, str]:
    """Every other request about existing things, with a key of its own; each with a caller
    who may do it."""
    turn = next(known["turn"])
    if turn % 2:
        for name, value in (case.path_parameters or {}).items():
            case.path_parameters[name] = known["ids"].get(name, value)
        if isinstance(case.body, dict) and positive(case):
            case.body.update(known["bodies"].get((case.method, case.path), {}))
        if "Idempotency-Key" in (case.headers or {}) and positive(case):
            case.headers["Idempotency-Key"] = f"key-{turn}"  # else mostly one key: 409s
    caller = caller_of(case.path, turn)
    return dict(known["tokens"][caller]) if caller else {}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_conforms_and_none_is_a_server_error(
    case: Any, known: dict[str, Any], in_process: None
) -> None:
    headers = prepared(case, known)
    case.call_and_validate(app=APP, headers=headers, checks=CHECKS)
