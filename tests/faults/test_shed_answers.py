"""What a shed request is answered, channel by channel, without a server: 503 with Retry-After in
the caller's language, Django never reached; health and readiness never shed."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest

from qyzmet.core import admission
from qyzmet.core.admission import CROWDED
from qyzmet.shedding import Shedding


def untouched(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"served"]


@pytest.fixture
def crowded() -> Iterator[None]:
    admission._here.verdict = CROWDED
    yield
    admission._here.verdict = None


def ask(path: str, method: str = "GET", **headers: str) -> tuple[str, dict[str, str], bytes]:
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "SERVER_NAME": "testserver",
               "SERVER_PORT": "80", "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "http",
               **{f"HTTP_{k.upper()}": v for k, v in headers.items()}}  # fmt: skip
    answered: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        answered.update(status=status, headers=dict(headers))

    body = b"".join(Shedding(untouched)(environ, start_response))
    return answered["status"], answered["headers"], body


@pytest.mark.usefixtures("crowded")
def test_the_api_is_told_in_problem_json_in_the_callers_language_when_to_come_back() -> None:
    status, headers, body = ask("/api/v1/applications", "POST", accept_language="ru")
    assert status.startswith("503")
    assert headers["Retry-After"] == "5"
    assert headers["Content-Type"] == "application/problem+json"
    problem = json.loads(body)
    assert problem["code"] == "server.overloaded"
    assert "Idempotency-Key" in problem["detail"] and "запрос" in problem["detail"]


@pytest.mark.usefixtures("crowded")
def test_govstack_gets_its_error_body_with_a_trace_id_of_each_request() -> None:
    first = json.loads(ask("/govstack/v1/applications", "POST")[2])
    second = json.loads(ask("/govstack/v1/applications", "POST")[2])
    assert first["code"] == "server.overloaded"
    assert first["traceId"] != second["traceId"]
    assert "shed" not in (first["traceId"], second["traceId"])


@pytest.mark.usefixtures("crowded")
def test_the_portal_shows_a_waiting_room_that_reloads_only_after_a_get() -> None:
    status, headers, page = ask("/services/", cookie="django_language=kk")
    assert status.startswith("503") and headers["Content-Language"] == "kk"
    assert b'http-equiv="refresh" content="5"' in page
    assert "Сәл күте тұрыңыз".encode() in page
    assert "script-src" not in headers["Content-Security-Policy"]  # default-src 'none'
    _, _, after_a_form = ask("/services/apply", "POST", cookie="django_language=en")
    assert b"refresh" not in after_a_form
    assert b"go back and send it again" in after_a_form


@pytest.mark.usefixtures("crowded")
@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/static/qyzmet/css/qyzmet.css"])
def test_health_readiness_and_static_files_are_never_shed(path: str) -> None:
    assert ask(path) == ("200 OK", {"Content-Type": "text/plain"}, b"served")


def test_a_request_taken_in_reaches_the_application() -> None:
    assert ask("/api/v1/applications", "POST")[2] == b"served"
