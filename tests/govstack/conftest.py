"""Calling ``/govstack/registration/`` as a citizen, an officer or anybody, and checking what
comes back against GovStack's own specification."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from jsonschema import Draft4Validator

import qyzmet.govstack
from tests.callers import bearer
from tests.factories import CitizenFactory, OfficerFactory

SPEC_DIR = Path(qyzmet.govstack.__file__).parent / "spec"
SPEC = json.loads((SPEC_DIR / "GovStack_Registration_BB_API.json").read_text(encoding="utf-8"))
STATISTICS_SPEC = json.loads(
    (SPEC_DIR / "GovStack_Registration_BB_API_statistics.json").read_text(encoding="utf-8")
)
ROOT = "/govstack/registration"
CLIENT = "eGovStack/GOV/90000009/digitalregistries"  # the specification's example


def spec_of(path: str) -> dict[str, Any]:
    return STATISTICS_SPEC if path.startswith("/data/") else SPEC


def response_schema(path: str, method: str, status: int) -> dict[str, Any]:
    """The schema of a response as the specification defines it."""
    spec = spec_of(path)
    response = spec["paths"][path][method.lower()]["responses"][str(status)]
    if "$ref" in response:
        response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    content = next(iter(response["content"].values()))
    return {**content["schema"], "components": spec["components"]}


def assert_conforms(body: Any, path: str, method: str, status: int) -> None:
    """``body`` is valid against the specification's schema (formats checked), apart from
    ``format: uuid`` of service ids, which qyzmet keeps as opaque strings."""
    validator = Draft4Validator(
        response_schema(path, method, status), format_checker=Draft4Validator.FORMAT_CHECKER
    )
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
    assert not errors, errors


class Caller:
    """A Django test client speaking to the GovStack API, with the mediator's header."""

    def __init__(self, client: Any, auth: dict[str, str] | None = None) -> None:
        self.client = client
        self.auth = auth or {}

    def __call__(
        self, method: str, path: str, body: Any = None, *, mediator: str | None = CLIENT,
        language: str = "en", headers: dict[str, str] | None = None, **query: Any,
    ) -> Any:  # fmt: skip
        extra = {**self.auth, "HTTP_ACCEPT_LANGUAGE": language, **(headers or {})}
        if mediator is not None:
            extra["HTTP_INFORMATION_MEDIATOR_CLIENT"] = mediator
        send = getattr(self.client, method.lower())
        if method.upper() == "GET":
            return send(ROOT + path, query, **extra)
        data = body if isinstance(body, str) else json.dumps(body)
        return send(ROOT + path, data, content_type="application/json", **extra)


@pytest.fixture
def citizen(demo_people: dict[str, str]) -> Any:
    return CitizenFactory(iin=demo_people["young_adult"])


@pytest.fixture
def anybody(client: Any) -> Caller:
    return Caller(client)


@pytest.fixture
def as_citizen(client: Any, citizen: Any) -> Caller:
    return Caller(client, bearer(citizen))


@pytest.fixture
def officer(db: Any) -> Any:
    """An officer of internal affairs, the agency that issues passports."""
    return OfficerFactory()


@pytest.fixture
def as_officer(officer: Any) -> Caller:
    """The officer's own browser: their session stays out of the other callers' cookies."""
    return Caller(Client(), bearer(officer))
