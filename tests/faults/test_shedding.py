"""Overload is shed, not queued (issue 18, decision 0067): a server that takes in one request
per worker process at a time answers a burst with 201s and 503s with Retry-After (problem+json
in the caller's language), never another 5xx; what it answered 201 is stored exactly once, and a
shed submission sent again with the same Idempotency-Key is carried out once. The portal's
visitors get a waiting-room page; health and readiness are never shed; the metric counts."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.served import Served, free_port, served_demo

pytest.importorskip("psycopg")
from tests.faults.servers import on_this_database  # (psycopg first)

BURST = 16  # requests sent at once
BURSTS = 20  # bursts sent, at most, until one is shed (each is, in practice)
SHED_ON_THE_API = 'qyzmet_http_requests_shed_total{channel="api"'


@pytest.fixture
def crowded(tmp_path: Path) -> Iterator[tuple[Served, list[dict], Callable[[str], Counter[str]]]]:
    """The demo served by two worker processes that take in one request each at a time."""
    metrics = free_port()
    tight = {"QYZMET_ADMISSION_LIMIT": "1", "QYZMET_SERVE_THREADS": "2",
             "QYZMET_METRICS_ADDRESS": f"127.0.0.1:{metrics}"}  # fmt: skip
    with (
        on_this_database(tmp_path) as (database_url, citizens, stored),
        served_demo(
            tmp_path, people=0, database_url=database_url, worker=False, prepared=True,
            settings=tight,
        ) as served,
    ):  # fmt: skip
        served.env["METRICS_URL"] = f"http://127.0.0.1:{metrics}/metrics"
        yield served, citizens, stored


def burst(send: Callable[[int], httpx.Response], count: int = BURST) -> list[httpx.Response]:
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(send, range(count)))


def test_a_burst_is_answered_201_or_shed_and_each_shed_submission_goes_through_once_later(
    crowded: tuple[Served, list[dict], Callable[[str], Counter[str]]],
) -> None:
    served, citizens, stored = crowded
    run = f"shed-{uuid.uuid4().hex[:6]}"
    answers: dict[str, httpx.Response] = {}
    with httpx.Client(base_url=served.url, timeout=60) as client:

        def submit(n: int, key: str) -> httpx.Response:
            citizen = citizens[n % len(citizens)]
            headers = {"Authorization": f"Bearer {citizen['token']}", "Idempotency-Key": key,
                       "Accept-Language": "kk"}  # fmt: skip
            return client.post("/api/v1/applications", json=citizen["body"], headers=headers)

        for number in range(BURSTS):
            keys = [f"{run}-{number}-{n}" for n in range(BURST)]
            sent = burst(lambda n, keys=keys: submit(n, keys[n]))  # type: ignore[misc]
            answers |= dict(zip(keys, sent, strict=True))
            statuses = Counter(a.status_code for a in answers.values())
            if statuses[201] and statuses[503]:
                break
        assert set(statuses) == {201, 503}, statuses
        for answer in (a for a in answers.values() if a.status_code == 503):
            assert answer.headers["Retry-After"].isdigit()
            assert answer.headers["Content-Type"] == "application/problem+json"
            assert answer.headers["Content-Language"] == "kk"
            assert answer.json()["code"] == "server.overloaded"
        accepted = [key for key, a in answers.items() if a.status_code == 201]
        shed = [key for key, a in answers.items() if a.status_code == 503]
        assert stored(run) == Counter(accepted)  # each 201 stored once, nothing of the 503s

        for key in shed:  # sent again one at a time, as Retry-After asks: carried out once
            n = int(key.rsplit("-", 1)[1])
            again = submit(n, key)
            assert again.status_code == 201, again.text
        assert stored(run) == Counter(answers.keys())

        scraped = httpx.get(served.env["METRICS_URL"], timeout=30).text
        counted = [line for line in scraped.splitlines() if line.startswith(SHED_ON_THE_API)]
        assert sum(float(line.rsplit(" ", 1)[1]) for line in counted) >= len(shed)


def test_the_portal_sheds_to_a_waiting_room_and_never_sheds_health_or_readiness(
    crowded: tuple[Served, list[dict], Callable[[str], Counter[str]]],
) -> None:
    served, _, _ = crowded
    cookies = {"django_language": "ru"}
    with httpx.Client(base_url=served.url, timeout=60, cookies=cookies) as client:
        probes = ("/healthz", "/readyz")
        answers: list[httpx.Response] = []
        for _ in range(BURSTS):
            answers += burst(lambda n: client.get(probes[n % 2] if n % 4 == 0 else "/"))
            if {a.status_code for a in answers if a.url.path == "/"} == {200, 503}:
                break
        pages = [a for a in answers if a.url.path == "/"]
        assert {a.status_code for a in pages} == {200, 503}
        assert all(a.status_code == 200 for a in answers if a.url.path in probes)
        waiting = next(a for a in pages if a.status_code == 503)
        assert waiting.headers["Retry-After"].isdigit()
        assert waiting.headers["Content-Language"] == "ru"
        assert "script-src" not in waiting.headers["Content-Security-Policy"]  # none at all
        assert '<meta http-equiv="refresh"' in waiting.text
        assert "Пожалуйста, подождите" in waiting.text
