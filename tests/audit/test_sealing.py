"""Writers never wait for one another on the audit log: a record is one INSERT, no lock, no
read. The sealer numbers committed records without gaps, each exactly once, however many
writers and sealers run at once; every worker seals every minute, whatever the queue holds, and
writers ask for a seal every so many records. Records left unsealed too long fail
``qyzmet audit verify``."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from qyzmet.audit.keyed import content_mac
from qyzmet.audit.models import AuditRecord, AuditTreeHead
from qyzmet.audit.sealing import seal_audit_log
from qyzmet.audit.services import record_audit
from qyzmet.audit.tasks import seal
from qyzmet.audit.verification import verify_audit_log
from qyzmet.catalog.models import Agency
from qyzmet.jobs.schedule import FrequentJobs, Schedule
from tests.audit.conftest import verify
from tests.concurrency import errors_of, together
from tests.jobs.helpers import worker_round

WRITERS, EACH = 4, 10


def written(*, ago: datetime.timedelta = datetime.timedelta(0)) -> AuditRecord:
    """An audit record, as written ``ago``."""
    agency, _ = Agency.objects.get_or_create(slug="log-test", defaults={"name": {"en": "Log"}})
    record = record_audit(actor=None, action="test.written", obj=agency, channel="test")
    if ago:
        record.at -= ago
        record.mac = content_mac(record)
        record.save(update_fields=["at", "mac"])
    return record


def unsealed() -> int:
    return AuditRecord.objects.filter(sequence__isnull=True).count()


def waiting_seals() -> int:
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=seal.module_path
    ).count()


@pytest.mark.django_db
def test_recording_is_one_insert_with_no_lock_and_no_read_of_the_log(settings):
    settings.AUDIT_SEAL_EVERY = 10**9
    agency = Agency.objects.create(slug="log-test", name={"en": "Log"})
    with CaptureQueriesContext(connection) as queries:
        record = record_audit(actor=None, action="test.written", obj=agency, channel="test")
    statements = [q["sql"] for q in queries.captured_queries]
    assert len(statements) == 1 and statements[0].startswith("INSERT INTO")
    assert "audit" in statements[0] and record.sequence is None and len(record.mac) == 64


@pytest.mark.django_db
def test_every_so_many_records_the_writer_asks_the_workers_for_a_seal(
    settings, django_capture_on_commit_callbacks
):
    settings.AUDIT_SEAL_EVERY = 1
    agency = Agency.objects.create(slug="log-test", name={"en": "Log"})
    with django_capture_on_commit_callbacks(execute=True):
        record_audit(actor=None, action="test.written", obj=agency, channel="test")
    assert waiting_seals() == 1


@pytest.mark.django_db
def test_each_worker_seals_on_its_own_clock_every_interval(settings):
    settings.AUDIT_SEAL_EVERY = 10**9
    frequent = Schedule()
    frequent.every("audit.seal", seconds=60)(seal)
    first, second = FrequentJobs(schedule=frequent), FrequentJobs(schedule=frequent)
    written()
    assert first.run_due(now=0) == ["audit.seal"] and unsealed() == 0
    assert second.run_due(now=1) == ["audit.seal"]  # nothing left: no second tree head
    written()
    assert first.run_due(now=59) == [] and unsealed() == 1
    assert first.run_due(now=60) == ["audit.seal"] and unsealed() == 0
    assert AuditTreeHead.objects.count() == 2
    assert waiting_seals() == 0  # not through the queue


@pytest.mark.django_db
def test_a_seal_job_put_off_to_the_year_9000_does_not_stop_the_workers_sealing(settings):
    settings.AUDIT_SEAL_EVERY = 10**9
    record = written()
    # what a database writer would insert to make every worker believe a seal is on its way
    seal.using(run_after=datetime.datetime(9000, 1, 1, tzinfo=datetime.UTC)).enqueue()
    worker_round()
    record.refresh_from_db()
    assert record.sequence is not None and record.seal and verify_audit_log() == []


@pytest.mark.django_db
def test_verify_fails_when_records_stay_unsealed_past_twice_the_interval(settings, capsys):
    settings.AUDIT_SEAL_SECONDS = 60
    seal_audit_log()  # what the suite wrote before this test was sealed by its workers
    written(ago=datetime.timedelta(seconds=30))
    assert verify(capsys, "--no-seal")[0] == 0  # not late yet
    late = written(ago=datetime.timedelta(minutes=3))
    since = late.at.isoformat(timespec="seconds")
    expected = f"The audit log is broken: 1 record unsealed since {since}: sealing is not running."
    assert verify(capsys, "--no-seal") == (1, [expected])
    assert verify(capsys) == (1, [expected])  # its own seal does not hide the workers' failing
    assert unsealed() == 0 and verify(capsys)[0] == 0


@pytest.mark.django_db
def test_the_seal_job_seals_what_was_written():
    agency = Agency.objects.create(slug="log-test", name={"en": "Log"})
    record_audit(actor=None, action="test.written", obj=agency, channel="test")
    size = seal.call()
    assert size == AuditRecord.objects.count() == AuditTreeHead.objects.get(size=size).size
    assert seal.call() == 0  # nothing new: no new tree head


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_and_sealers_seal_every_record_once_without_gaps(settings):
    settings.AUDIT_SEAL_EVERY = 10**9
    agency = Agency.objects.create(slug="log-test", name={"en": "Log"})

    def write() -> None:
        for _ in range(EACH):
            record_audit(actor=None, action="test.written", obj=agency, channel="test")

    def keep_sealing() -> None:
        for _ in range(EACH):
            seal_audit_log(batch=7)

    results = together(*[write] * WRITERS, keep_sealing, keep_sealing)
    assert errors_of(results) == []
    seal_audit_log()

    numbers = list(AuditRecord.objects.order_by("sequence").values_list("sequence", flat=True))
    assert numbers == list(range(1, AuditRecord.objects.count() + 1))
    assert AuditRecord.objects.filter(action="test.written").count() == WRITERS * EACH
    assert verify_audit_log() == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the sealer's lock is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_session_holding_the_sealers_lock_gets_a_refusal_not_a_hang(
    monkeypatch, committed_platform
):
    import psycopg

    from qyzmet.audit import sealing

    monkeypatch.setattr(sealing, "SEAL_LOCK_WAIT", "200ms")
    record_audit(actor=None, action="test.held", obj=Agency.objects.first(), channel="test")
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", [sealing.SEAL_LOCK])
        with pytest.raises(sealing.SealRefused, match="held the sealer's lock"):
            seal_audit_log()
    assert seal_audit_log() is not None  # the lock let go, sealing goes on
