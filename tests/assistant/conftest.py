"""The assistant as it runs: the catalogue of the test database, embedded once per machine
(the file stays in var/assistant/), and backends made fresh for each test."""

from __future__ import annotations

from typing import Any

import pytest

from qyzmet.accounts.services import create_api_token
from qyzmet.assistant import backends
from qyzmet.assistant.backends.base import Backend, BackendRegistry, Request, Scores
from qyzmet.assistant.corpus import Corpus
from qyzmet.assistant.indexing import index_catalogue
from tests.factories import CitizenFactory


@pytest.fixture(scope="session")
def indexed(django_db_setup: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        index_catalogue()


@pytest.fixture(autouse=True)
def fresh_backends(request: Any, monkeypatch: Any) -> BackendRegistry:
    """This test's backends (the embedded catalogue is read from var/assistant/ again)."""
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("indexed")
    registry = backends.default_backends()
    monkeypatch.setattr(backends, "_registry", registry)
    return registry


@pytest.fixture
def citizen(demo_people: dict[str, str]) -> Any:
    return CitizenFactory(iin=demo_people["parent"])


@pytest.fixture
def api_token(citizen: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {create_api_token(user=citizen)}"}


class FixedBackend(Backend):
    """Scores set by the test: target key → logit (the rest far below)."""

    name = "fixed"

    def __init__(self, logits: dict[str, float], matched: bool = True) -> None:
        self.logits = logits
        self.matched = matched

    def ready(self, corpus: Corpus) -> bool:
        return True

    def prepare(self, corpus: Corpus) -> None:
        pass

    def score(self, corpus: Corpus, request: Request) -> Scores:
        return Scores([self.logits.get(t.key, -20.0) for t in corpus.targets], self.matched)


@pytest.fixture
def fixed_backend(fresh_backends: BackendRegistry, settings: Any):
    """Make the assistant answer with the scores given: ``fixed_backend({...})``."""

    def use(logits: dict[str, float], matched: bool = True) -> FixedBackend:
        backend = FixedBackend(logits, matched)
        fresh_backends.register("fixed", lambda: backend)
        settings.ASSISTANT_BACKEND = "fixed"
        return backend

    return use
