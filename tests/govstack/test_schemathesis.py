"""Schemathesis over the whole of GovStack's specification (both files), against the app
in-process through WSGI: no answer is a server error, and every answer conforms to the
specification (its schema, formats included, its content type and its headers).

Deterministic (``derandomize``) and bounded (``MAX_EXAMPLES`` per operation and phase). The
one change to the specification is qyzmet's reading of ids as opaque strings: ``format:
uuid`` is dropped, so non-UUID ids are sent, and services answer with their own ids."""

from __future__ import annotations

import copy
import itertools
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
)

from tests.callers import signed_in_headers
from tests.factories import ApplicationFactory, CitizenFactory, OfficerFactory
from tests.govstack.conftest import CLIENT, ROOT, SPEC, STATISTICS_SPEC

MAX_EXAMPLES = 15
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    response_headers_conformance,
]
# Besides what the specification documents, qyzmet answers these, each with a systemError:
# 400 a request against the specification, 401 not signed in, 403 not allowed,
# 404 not found, 409 not in this state any more, 422 refused by the rules of the service;
# and 405 (no body) to a method the specification does not name.
CLIENT_ERRORS = {400, 401, 403, 404, 405, 409, 422}


def without_uuid_formats(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: without_uuid_formats(v) for k, v in node.items() if (k, v) != ("format", "uuid")}
    if isinstance(node, list):
        return [without_uuid_formats(v) for v in node]
    return node


def whole_specification() -> dict[str, Any]:
    """Both files as one document, served under ``/govstack/registration``."""
    spec = copy.deepcopy(SPEC)
    spec["paths"].update(STATISTICS_SPEC["paths"])
    for section, entries in STATISTICS_SPEC["components"].items():
        spec["components"].setdefault(section, {})
        for name, entry in entries.items():
            spec["components"][section].setdefault(name, entry)
    spec["servers"] = [{"url": f"http://testserver{ROOT}"}]
    return without_uuid_formats(spec)


schema = schemathesis.openapi.from_dict(whole_specification())
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


@pytest.fixture
def known(demo_people: dict[str, str]) -> dict[str, Any]:
    """A citizen with a draft and a submitted application, an officer whose agency has its
    case, and their tokens: every other request uses ids that exist."""
    citizen = CitizenFactory(iin=demo_people["young_adult"])
    officer = OfficerFactory()
    draft = ApplicationFactory(citizen=citizen)
    case = ApplicationFactory(citizen=citizen, submitted=True).cases.get()
    return {
        "citizen": citizen,
        "tokens": {
            "citizen": signed_in_headers(citizen),
            "officer": signed_in_headers(officer),
        },
        "ids": {
            "serviceId": "passport",
            "eFormId": "passport.v4",
            "fileId": str(draft.pk),
            "taskId": str(case.pk),
        },
        "turn": itertools.count(),
    }


def prepared(case: Any, known: dict[str, Any]) -> dict[str, str]:
    """Every other request of an operation about existing things, as their owner; the
    mediator's header always well-formed (its rules are tested on their own)."""
    if next(known["turn"]) % 2:
        for name, value in (case.path_parameters or {}).items():
            case.path_parameters[name] = known["ids"].get(name, value)
        if isinstance(case.body, dict) and "applicantId" in case.body:
            case.body["applicantId"] = known["citizen"].iin
    role = "officer" if case.path.startswith("/tasks") else "citizen"
    return {
        **known["tokens"][role],
        "Information-Mediator-Client": CLIENT,
    }


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
    response = case.call_and_validate(app=APP, headers=headers, checks=CHECKS)
    documented = {int(s) for s in case.operation.definition.raw["responses"] if s.isdigit()}
    assert response.status_code in documented | CLIENT_ERRORS, response.text
