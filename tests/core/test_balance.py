"""Connections spread over a server's worker processes: sixteen clients that connect at once
and keep their connections open are held eight and eight (give or take two) by two workers,
not most of them by whichever worker woke first, where they would queue while the other
worker idles."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from gunicorn.config import Config
from gunicorn.workers.gthread import ThreadWorker

from qyzmet.core import admission, balance
from qyzmet.core.admission import AdmittingWorker
from qyzmet.core.balance import Shares
from qyzmet.core.management.commands.serve import gunicorn_command
from tests.core.workers import a_worker
from tests.served import free_port

CLIENTS = 16


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[tuple[int, list[int]]]:
    """``qyzmet serve``'s gunicorn with two workers on a free port: the port and their pids."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'q.sqlite3'}",
           "QYZMET_VAR_DIR": str(tmp_path / "var")}  # fmt: skip
    with (tmp_path / "serve.log").open("w") as log:
        server = subprocess.Popen(
            gunicorn_command(host="127.0.0.1", port=port, workers=2), env=env, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        workers = _booted(server.pid, port, tmp_path / "serve.log")
        yield port, workers
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _booted(master: int, port: int, log: Path) -> list[int]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        workers = _children(master)
        if len(workers) == 2 and log.read_text().count("Booting worker") == 2:
            with contextlib.suppress(httpx.HTTPError):
                if all(_healthy(port) for _ in range(8)):
                    time.sleep(0.5)  # both past loading, whichever answered
                    return workers
        time.sleep(0.2)
    raise AssertionError(f"the server did not start:\n{log.read_text()[-3000:]}")


def _healthy(port: int) -> bool:
    return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200


def _children(pid: int) -> list[int]:
    tasks = Path(f"/proc/{pid}/task")
    found = []
    for task in tasks.iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _connections_held(pid: int, port: int) -> int:
    """Established TCP connections to ``port`` whose server end is open in process ``pid``."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    held = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port, state, inode = int(fields[1].split(":")[1], 16), fields[3], fields[9]
        if local_port == port and state == "01" and inode in inodes:
            held += 1
    return held


def _ask(client: http.client.HTTPConnection) -> None:
    client.request("GET", "/healthz")
    answer = client.getresponse()
    assert answer.status == 200 and answer.read()
    assert not answer.will_close, "the connection is kept"


def test_sixteen_kept_connections_are_held_evenly_by_two_workers(
    two_workers: tuple[int, list[int]],
) -> None:
    port, workers = two_workers
    clients = [http.client.HTTPConnection("127.0.0.1", port, timeout=10) for _ in range(CLIENTS)]
    for client in clients:
        client.connect()  # all at once, as a crowd arrives
    try:
        for _ in range(3):  # each connection answered, and kept, three times over
            for client in clients:
                _ask(client)
        held = [_connections_held(pid, port) for pid in workers]
        assert sum(held) == CLIENTS, held
        assert max(held) - min(held) <= 2, f"held by the two workers: {held}"
    finally:
        for client in clients:
            client.close()


def test_a_worker_gives_way_to_a_less_busy_one_and_takes_again_once_it_caught_up() -> None:
    shares = Shares()
    busy, idle = shares.take_slot(set()), shares.take_slot({0})
    assert (busy, idle) == (0, 1)
    shares.publish(busy, connections=5, serving=True)
    shares.publish(idle, connections=3, serving=True)
    assert not shares.may_accept(busy, 5) and shares.may_accept(idle, 3)
    shares.publish(idle, connections=4, serving=True)
    assert shares.may_accept(busy, 5)


def test_a_worker_alone_starting_or_stopping_is_not_waited_for() -> None:
    shares = Shares()
    alone = shares.take_slot(set())
    assert shares.may_accept(alone, 1000)
    starting = shares.take_slot({alone})
    assert shares.may_accept(alone, 1000), "a worker still loading accepts nothing yet"
    shares.publish(starting, connections=0, serving=True)
    assert not shares.may_accept(alone, 1000)
    shares.publish(starting, connections=0, serving=False)  # stopping
    assert shares.may_accept(alone, 1000)
    shares.free_slot(starting)
    assert shares.take_slot({alone}) == starting, "an exited worker's slot is given again"


def test_a_worker_silent_for_seconds_is_not_waited_for(monkeypatch: pytest.MonkeyPatch) -> None:
    shares = Shares()
    serving, silent = shares.take_slot(set()), shares.take_slot({0})
    shares.publish(silent, connections=0, serving=True)
    assert not shares.may_accept(serving, 10)
    later = time.monotonic_ns() + balance.STALE_NS + 1
    monkeypatch.setattr(balance.time, "monotonic_ns", lambda: later)
    assert shares.may_accept(serving, 10), "its loop has stopped: it accepts nothing"


@pytest.fixture
def beside_another(monkeypatch: pytest.MonkeyPatch) -> tuple[AdmittingWorker, Shares, int]:
    """A worker serving with no connection, and the slot of another holding ten."""
    shares = Shares()
    monkeypatch.setattr(admission, "shares", shares)
    worker, other = a_worker(), shares.take_slot(set())
    worker.slot = shares.take_slot({other})  # type: ignore[attr-defined]
    worker.notify()
    shares.publish(other, connections=10, serving=True)
    assert not shares.may_accept(other, 10)
    return worker, shares, other


def test_a_worker_told_to_stop_is_no_longer_waited_for(
    beside_another: tuple[AdmittingWorker, Shares, int],
) -> None:
    worker, shares, other = beside_another
    worker.handle_exit(signal.SIGTERM, None)
    assert shares.may_accept(other, 10)


def test_a_worker_whose_loop_ended_is_no_longer_waited_for(
    beside_another: tuple[AdmittingWorker, Shares, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    worker, shares, other = beside_another

    def ends(worker: AdmittingWorker) -> None:
        raise SystemExit(0)  # SIGQUIT, or the loop's end after max_requests

    monkeypatch.setattr(ThreadWorker, "run", ends)
    with pytest.raises(SystemExit):
        worker.run()
    assert shares.may_accept(other, 10)


def test_a_worker_gives_way_by_its_limit_and_looks_again_soon(
    beside_another: tuple[AdmittingWorker, Shares, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    worker, shares, other = beside_another
    waits: list[float] = []
    monkeypatch.setattr(ThreadWorker, "wait_for_and_dispatch_events", lambda w, t: waits.append(t))
    shares.publish(other, connections=0, serving=True)
    worker.nr_conns = 2
    assert worker.worker_connections == 2 and worker.giving_way, "no more: it gives way"
    worker.wait_for_and_dispatch_events(1.0)
    shares.publish(other, connections=1, serving=True)
    assert worker.worker_connections == Config().worker_connections and not worker.giving_way
    worker.wait_for_and_dispatch_events(1.0)
    assert waits == [admission.GIVING_WAY_POLL, admission.LONGEST_POLL]
