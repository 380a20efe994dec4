"""A closed-loop HTTP/1.1 load of C connections for the rush benchmark: each connection sends its
next request as soon as the last is answered, or, after a 503, once its ``Retry-After`` has
passed (as the waiting room does; ``impatient``: at once), and every answer is counted by
status with its latency. Plain asyncio
streams, no HTTP library: the load shares the machine with the server and must cost little.

    python bench/rush_client.py URL JOBS CONNECTIONS SECONDS [impatient]  # one JSON line

``JOBS`` is a file of ``token<TAB>path<TAB>json body`` lines (``ratios.write_jobs``); a line
without a body is a GET. POSTs carry a fresh ``Idempotency-Key`` each."""

from __future__ import annotations

import asyncio
import json
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

Job = tuple[str, str, str]  # token, path, body ("" for a GET)


def request_bytes(host: str, job: Job, key: str) -> bytes:
    token, path, body = job
    lines = [f"{'POST' if body else 'GET'} {path} HTTP/1.1", f"Host: {host}"]
    if token:
        lines.append(f"Authorization: Bearer {token}")
    if body:
        data = body.encode()
        lines += ["Content-Type: application/json", f"Content-Length: {len(data)}",
                  f"Idempotency-Key: {key}"]  # fmt: skip
    else:
        data = b""
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + data


async def read_answer(reader: asyncio.StreamReader) -> tuple[int, bool, float]:
    """The status of the next answer, read to its end, whether the connection stays, and the
    seconds its ``Retry-After`` asks to wait (0 without one)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip().lower()
    if "chunked" in headers.get("transfer-encoding", ""):
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.readexactly(int(headers.get("content-length", "0")))
    wait = headers.get("retry-after", "0")
    return status, headers.get("connection") != "close", float(wait) if wait.isdigit() else 0.0


async def connection(
    url: str, jobs: list[Job], number: int, until: float, seen: dict[int, list[float]],
    patient: bool,
) -> None:  # fmt: skip
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    counter = number * 7919
    writer = None
    while time.monotonic() < until:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            counter += 1
            job = jobs[counter % len(jobs)]
            started = time.monotonic()
            writer.write(request_bytes(f"{host}:{port}", job, uuid.uuid4().hex))
            status, stays, wait = await asyncio.wait_for(read_answer(reader), timeout=60)
            if time.monotonic() <= until:  # an answer after the end is not counted
                seen[status].append(time.monotonic() - started)
            if patient and wait:  # as the waiting room and a well-behaved client do
                stays = False  # the server will have closed it meanwhile (keep-alive 2 s)
                await asyncio.sleep(min(wait, max(0.0, until - time.monotonic())))
            if not stays:
                writer.close()
                writer = None
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
            seen[0].append(0.0)  # no HTTP answer
            if writer is not None:
                writer.close()
            writer = None
            await asyncio.sleep(0.05)
    if writer is not None:
        writer.close()


async def rush(
    url: str, jobs: list[Job], connections: int, seconds: float, patient: bool
) -> dict[str, list[float]]:
    seen: dict[int, list[float]] = defaultdict(list)
    until = time.monotonic() + seconds
    await asyncio.gather(
        *(connection(url, jobs, n, until, seen, patient) for n in range(connections))
    )
    return {str(status): sorted(latencies) for status, latencies in seen.items()}


def read_jobs(path: Path) -> list[Job]:
    jobs = []
    for line in path.read_text().splitlines():
        token, path_, body = line.split("\t", 2)
        jobs.append((token, path_, body))
    return jobs


def main() -> None:
    url, jobs_file, connections, seconds = sys.argv[1:5]
    patient = sys.argv[5:6] != ["impatient"]
    jobs = read_jobs(Path(jobs_file))
    seen = asyncio.run(rush(url, jobs, int(connections), float(seconds), patient))
    print(json.dumps({"seconds": float(seconds), "latencies": seen}))


if __name__ == "__main__":
    main()
