"""The server's own processes: a gunicorn master killed under load takes its workers with it,
`qyzmet serve` ends (for its supervisor to start it again), and a new `qyzmet serve` binds the
same port at once. Metrics scraped from one worker count the requests of every worker."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.faults.databases import prepared_demo_file
from tests.faults.outage import wait_until
from tests.operations.test_metrics import value
from tests.served import Served, free_port, served_demo, start_process


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux's /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; its parent has not read its status yet


def command_of(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def serves_on(pid: int, port: int) -> bool:
    """Whether ``pid`` is `qyzmet serve --port PORT` or the gunicorn it became (--no-worker)."""
    command = f" {command_of(pid)}"
    return f" --port {port} " in command or f" 127.0.0.1:{port} " in command


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    if not sys.platform.startswith("linux"):
        pytest.skip("workers die with their master on Linux (PR_SET_PDEATHSIG)")
    with (
        prepared_demo_file(tmp_path),
        served_demo(tmp_path, people=0, prepared=True) as served,
    ):
        yield served


def answering(url: str) -> bool:
    try:
        return httpx.get(f"{url}/readyz", timeout=10).status_code == 200
    except httpx.TransportError:
        return False


def serving(served: Served) -> tuple[int, int]:
    """`qyzmet serve` and its gunicorn master, once both workers answer (a loaded machine
    may take longer to start them than `served_demo` waits)."""
    assert wait_until(lambda: answering(served.url), seconds=300), "the server never answered"
    serve = next(  # this test's server: a run's other tests may serve demos of their own
        p
        for p in children(os.getpid())
        if {"serve", "gunicorn"} & set(command_of(p).split()) and serves_on(p, served.port)
    )
    # with --no-worker, `qyzmet serve` becomes gunicorn's master
    master = (
        serve
        if "gunicorn" in command_of(serve)
        else next(p for p in children(serve) if "gunicorn" in command_of(p))
    )
    assert wait_until(lambda: len(children(master)) == 2, seconds=120)
    return serve, master


def keep_asking(url: str, stop: threading.Event) -> None:
    with httpx.Client(base_url=url, timeout=5) as client:
        while not stop.is_set():
            with contextlib.suppress(httpx.TransportError):
                client.get("/api/v1/services")


def test_a_killed_gunicorn_master_takes_its_workers_and_serve_starts_again(served, tmp_path):
    serve, master = serving(served)
    workers = children(master)
    stop = threading.Event()
    load = [threading.Thread(target=keep_asking, args=(served.url, stop)) for _ in range(4)]
    for thread in load:
        thread.start()
    try:
        os.kill(master, signal.SIGKILL)
        assert wait_until(lambda: not any(alive(w) for w in workers), seconds=60), workers
        assert wait_until(lambda: not alive(serve), seconds=60)  # for its supervisor to restart
    finally:
        stop.set()
        for thread in load:
            thread.join()
    again = start_process(
        [sys.executable, "-m", "qyzmet.cli", "serve", "--port", str(served.port),
         "--workers", "2"], served.env, tmp_path / "serve-again.log",
    )  # fmt: skip
    try:
        assert wait_until(lambda: answering(served.url), seconds=300)
        assert again.poll() is None, (tmp_path / "serve-again.log").read_text()[-2000:]
        assert "Address already in use" not in (tmp_path / "serve-again.log").read_text()
    finally:
        os.killpg(again.pid, signal.SIGINT)
        again.wait(timeout=60)


def test_a_killed_serve_takes_gunicorn_and_the_worker_with_it(served):
    serve, _ = serving(served)
    started = children(serve)
    assert any("gunicorn" in command_of(p) for p in started)
    assert any("worker" in command_of(p) for p in started)
    os.kill(serve, signal.SIGKILL)
    assert wait_until(lambda: not any(alive(p) for p in started), seconds=60)
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{served.url}/healthz", timeout=5)


def test_metrics_add_up_the_requests_of_every_worker(tmp_path):
    metrics = free_port()
    with (
        prepared_demo_file(tmp_path),
        served_demo(
            tmp_path, people=0, prepared=True, worker=False,
            settings={"QYZMET_METRICS_ADDRESS": f"127.0.0.1:{metrics}"},
        ) as served,
    ):  # fmt: skip
        serving(served)
        scrape = f"http://127.0.0.1:{metrics}/metrics"
        route = dict(route="/api/v1/life-situations", method="GET", status="200")
        before = value(httpx.get(scrape).text, "qyzmet_http_requests_total", **route)
        sent, answered = 40, []

        def ask(times: int) -> None:  # four at once: both workers answer some
            for _ in range(times):
                answered.append(httpx.get(f"{served.url}/api/v1/life-situations").status_code)

        asking = [threading.Thread(target=ask, args=(sent // 4,)) for _ in range(4)]
        for thread in asking:
            thread.start()
        for thread in asking:
            thread.join()
        assert answered == [200] * sent
        scraped = httpx.get(scrape)
        assert scraped.status_code == 200
        after = value(scraped.text, "qyzmet_http_requests_total", **route)
        assert after - before == sent
        assert "qyzmet_jobs_queued" in scraped.text and "qyzmet_database_up 1.0" in scraped.text
        assert httpx.get(f"{served.url}/metrics").status_code == 404  # not on the site's port
        counted_by = os.listdir(Path(served.env["QYZMET_VAR_DIR"]) / "metrics")
        assert len([f for f in counted_by if f.startswith("counter_")]) == 2, counted_by
