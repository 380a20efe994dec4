"""A request's id follows what it sets off: the jobs it enqueues name it in their log lines,
and the registry requests it makes send it, for the registry's log lines to name it too."""

from __future__ import annotations

import io
import logging

import httpx
import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django_tasks_db.models import DBTaskResult

from qyzmet.core.request_ids import RequestIdFilter, RequestIdMiddleware
from qyzmet.exchange import server
from qyzmet.exchange.signing import MEDIA_TYPE
from qyzmet.exchange.transports import PATH, OverHttp
from tests.jobs.helpers import run_jobs as run_due_jobs
from tests.operations.jobs import SEEN, remember_request_id

REQUEST_ID = "req-0123456789abcdef"


def enqueue_in_a_request(request_id: str) -> str:
    def view(request):
        return HttpResponse(str(remember_request_id.enqueue().id))

    request = RequestFactory().get("/", HTTP_X_REQUEST_ID=request_id)
    return RequestIdMiddleware(view)(request).content.decode()


@pytest.fixture
def logged(caplog):
    caplog.set_level(logging.INFO)
    caplog.handler.addFilter(RequestIdFilter())
    return caplog


@pytest.mark.django_db
def test_a_job_names_the_request_that_enqueued_it(logged):
    SEEN.clear()
    job = enqueue_in_a_request(REQUEST_ID)
    assert DBTaskResult.objects.get(pk=job).args_kwargs["request_id"] == REQUEST_ID
    assert run_due_jobs() == 1
    assert SEEN == [REQUEST_ID]
    ran = [r for r in logged.records if r.getMessage() == "the job runs"]
    assert [r.request_id for r in ran] == [REQUEST_ID]


@pytest.mark.django_db
def test_a_job_enqueued_outside_a_request_names_none():
    SEEN.clear()
    enqueue_in_a_request(REQUEST_ID)
    remember_request_id.enqueue()  # a daily job, say
    assert run_due_jobs() == 2
    assert sorted(SEEN) == ["-", REQUEST_ID]


def test_registry_requests_send_the_request_id(monkeypatch):
    sent: list[httpx.Request] = []

    def registry(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, text="token", headers={"Content-Type": MEDIA_TYPE})

    transport = OverHttp("http://registry.example", timeout=1)
    transport.client = httpx.Client(transport=httpx.MockTransport(registry))
    enqueued = RequestFactory().get("/", HTTP_X_REQUEST_ID=REQUEST_ID)
    RequestIdMiddleware(lambda request: HttpResponse(transport.send("t")))(enqueued)
    transport.send("t")  # outside a request: no id to send
    assert sent[0].headers["X-Request-ID"] == REQUEST_ID
    assert "X-Request-ID" not in sent[1].headers


@pytest.mark.django_db
def test_the_registry_server_names_the_platforms_request_in_its_logs(logged):
    environ = {
        "PATH_INFO": PATH, "REQUEST_METHOD": "POST", "REMOTE_ADDR": "10.0.0.9",
        "CONTENT_LENGTH": "9", "wsgi.input": io.BytesIO(b"not-a-jws"),
        "HTTP_X_REQUEST_ID": REQUEST_ID,
    }  # fmt: skip
    server.application(environ, lambda status, headers: None)
    refused = [r for r in logged.records if "not an exchange request" in r.getMessage()]
    assert [r.request_id for r in refused] == [REQUEST_ID]
