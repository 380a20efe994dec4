"""A client that submits applications through the API with an ``Idempotency-Key`` each and
retries every failed request with the same key (honouring ``Retry-After``, at most a second
apart), while an outage is made; and the table of what happened."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

GIVE_UP_AFTER = 90.0  # seconds one submission is retried before it counts as lost
LONGEST_WAIT = 1.0  # a retry waits Retry-After, but at most this, to keep the test short


@dataclass
class Answer:
    status: int  # 0: no HTTP answer (connection refused or reset)
    content_type: str = ""
    retry_after: str | None = None
    code: str = ""
    at: float = 0.0


@dataclass
class Submission:
    key: str
    answers: list[Answer] = field(default_factory=list)
    accepted_at: float | None = None
    application: str | None = None  # the id in the accepted answer


def submit_until_accepted(
    client: httpx.Client, submission: Submission, token: str, body: dict[str, object]
) -> None:
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": submission.key}
    started = time.monotonic()
    while time.monotonic() - started < GIVE_UP_AFTER:
        try:
            response = client.post("/api/v1/applications", json=body, headers=headers)
        except httpx.TransportError:
            submission.answers.append(Answer(status=0, at=time.monotonic()))
            time.sleep(LONGEST_WAIT / 4)
            continue
        answer = Answer(
            status=response.status_code, content_type=response.headers.get("content-type", ""),
            retry_after=response.headers.get("retry-after"), at=time.monotonic(),
        )  # fmt: skip
        if answer.content_type.startswith("application/"):
            answer.code = str(response.json().get("code", ""))
        submission.answers.append(answer)
        if 200 <= response.status_code < 300:
            submission.accepted_at, submission.application = answer.at, response.json()["id"]
            return
        if response.status_code not in (409, 503):
            return  # refused for good: counted below
        time.sleep(min(float(answer.retry_after or 1), LONGEST_WAIT))


def applications_per_key(db: sqlite3.Connection, run: str) -> Counter[str]:
    """Applications in an SQLite file per idempotency key of ``run``."""
    rows = db.execute(
        "SELECT idempotency_key, count(*) FROM applications_application "
        "WHERE idempotency_key LIKE ? GROUP BY idempotency_key",
        (f"{run}-%",),
    ).fetchall()
    return Counter(dict(rows))


CLAIMED_AND_NOTHING_STORED = (
    "SELECT count(*) FROM idempotency_idempotentrequest r WHERE r.key LIKE {run} "
    "AND r.status IS NULL AND NOT EXISTS (SELECT 1 FROM applications_application a "
    "WHERE a.idempotency_key = r.key)"
)


def claims_in_progress(db: sqlite3.Connection, run: str) -> int:
    """Idempotency keys of ``run`` in an SQLite file still claimed in progress with no
    application stored: a retry would be told to wait for work nobody does. (A claim left
    in progress after its application was stored is not stuck: the response was answered, and a
    retry after its lease is answered from the stored application.)"""
    query = CLAIMED_AND_NOTHING_STORED.format(run="?")
    return int(db.execute(query, (f"{run}-%",)).fetchone()[0])


def unanswered(submission: Submission) -> bool:
    """The client gave up on it while it was still answered "try again" (or not at all)."""
    last = submission.answers[-1].status if submission.answers else 0
    return submission.accepted_at is None and last in (0, 409, 503)


@dataclass
class Load:
    submissions: list[Submission]
    threads: list[threading.Thread]

    def accepted(self) -> int:
        return sum(s.accepted_at is not None for s in self.submissions)

    def wait(self) -> None:
        for thread in self.threads:
            thread.join(GIVE_UP_AFTER * 2)


def start_load(url: str, citizens: list[dict], *, per_citizen: int, run: str) -> Load:
    """One thread per citizen, each submitting ``per_citizen`` applications in turn."""
    submissions, threads = [], []
    for number, citizen in enumerate(citizens):
        own = [Submission(key=f"{run}-{number}-{i}") for i in range(per_citizen)]
        submissions += own

        def work(own: list[Submission] = own, citizen: dict = citizen) -> None:
            with httpx.Client(base_url=url, timeout=30) as client:
                for submission in own:
                    submit_until_accepted(client, submission, citizen["token"], citizen["body"])

        threads.append(threading.Thread(target=work, daemon=True))
    for thread in threads:
        thread.start()
    return Load(submissions, threads)


def wait_until(condition: Callable[[], bool], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@dataclass
class Row:
    outage: str
    sent: int
    accepted: int
    lost: int
    duplicated: int
    stuck: int  # given up on while told to retry, or claimed in progress with nothing stored
    server_errors: int  # 5xx other than 503
    unavailable: int  # 503
    in_progress: int  # 409 idempotency.in_progress
    no_answer: int
    recovered_in: float  # seconds from the outage's end to the last failed submission accepted

    HEADER = (
        "outage", "sent", "accepted", "lost", "duplicated", "stuck", "5xx", "503", "409 busy",
        "no answer", "time to recover",
    )  # fmt: skip

    def cells(self) -> tuple[str, ...]:
        return (
            self.outage, str(self.sent), str(self.accepted), str(self.lost),
            str(self.duplicated), str(self.stuck), str(self.server_errors), str(self.unavailable),
            str(self.in_progress), str(self.no_answer), f"{self.recovered_in:.1f} s",
        )  # fmt: skip


def tally(outage: str, load: Load, stored: Counter[str], ended_at: float, claimed: int = 0) -> Row:
    """What the client saw against what the database holds (``stored``: applications per
    idempotency key; ``claimed``: idempotency keys of the run still claimed in progress)."""
    answers = [a for s in load.submissions for a in s.answers]
    failed = [s for s in load.submissions if any(a.status != 201 for a in s.answers)]
    last = max((s.accepted_at or ended_at for s in failed), default=ended_at)
    return Row(
        outage=outage,
        sent=len(load.submissions),
        accepted=load.accepted(),
        lost=sum(stored[s.key] == 0 for s in load.submissions),
        duplicated=sum(stored[s.key] > 1 for s in load.submissions),
        stuck=claimed + sum(unanswered(s) for s in load.submissions),
        server_errors=sum(a.status >= 500 and a.status != 503 for a in answers),
        unavailable=sum(a.status == 503 for a in answers),
        in_progress=sum(a.status == 409 and a.code == "idempotency.in_progress" for a in answers),
        no_answer=sum(a.status == 0 for a in answers),
        recovered_in=max(0.0, last - ended_at),
    )


def table(rows: list) -> str:
    """The rows (an outage's, a killed worker's: anything with ``HEADER`` and ``cells``)."""
    header = rows[0].HEADER
    lines = [header, *(row.cells() for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=True))
        for line in lines
    )
