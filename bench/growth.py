"""Whether qyzmet stays as fast when its tables are full: the latency of a single-service
submission, of sealing the audit log and of proving a record, on an empty PostgreSQL database
and again, in the same run, after the tables have grown to ``--applications`` applications
(each with a case and its status changes, a registry read and its audit records) and
``--audit-records`` sealed audit records.

The rows are written by SQL (``INSERT ... SELECT generate_series``), each a copy of a row the
empty run's submissions wrote with its unique columns, keys and dates varied, not through the
domain: a million applications through ``submit_application`` take hours on this machine.
While copying, the tables' secondary indexes are dropped (and built again after) and foreign
key triggers are off (``session_replication_role = replica``; the copies refer only to rows
that exist); then ``VACUUM (ANALYZE)`` and ``CHECKPOINT``, so the grown phase measures a
settled database, as autovacuum keeps one, not a backlog of writes.
The generated audit records are numbered as they are copied, after the last sealed one, and
added to the Merkle tree as the sealer would add them: their leaves (``keyed.leaf``: number,
content and keyed hash) are built from each copied record's fields, hashed in Python, and the
stored subtree nodes (``proofs.STORED_FROM`` and up) written with ``COPY``, under a tree head
signed with the platform key. A sample of the generated records is read back through the ORM
and its leaves compared with those hashed, and a proof of a generated record is checked
against the signed head (``tree.check_proof``). Their keyed hashes (``mac``, ``seal``) are not
real: ``qyzmet audit verify`` would report them; this measures time, not integrity.

Each operation is timed by the wall clock and by CPU time: this process's own
(``time.process_time``) and that of the PostgreSQL backend serving its connection (its time on
a CPU from ``/proc/<pid>/schedstat``, in nanoseconds; where that is missing, utime and stime
from ``/proc/<pid>/stat``, in ticks of 10 ms, that only a mean over many operations
resolves), beside a fixed reference work that does not depend on the tables (the machine's
drift between the phases), and the empty phase is measured twice (the noise between two
runs). On a shared machine the wall clock carries the neighbours' load; the CPU times
are the work each operation costs, which is what grows with the tables. Then every statement
of one submission is run with ``EXPLAIN (ANALYZE, BUFFERS)`` (in a transaction rolled back),
on the empty tables and on the grown ones: their totals of time and buffers side by side, and
the grown ones' slowest, with any sequential scan of a big table marked.

    .venv/bin/python bench/growth.py                             # 100 000 / 1 000 000
    .venv/bin/python bench/growth.py --applications 1000000 --audit-records 10000000
    .venv/bin/python bench/growth.py --quick                     # 10 000 / 100 000

PostgreSQL only (``--postgres-url``, default ``postgres://postgres@127.0.0.1:5432/postgres``;
the throwaway database is ``qyzmet_growth_...``, dropped at the end unless ``--keep``).
Benchmarks are not tests: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import hashlib
import json
import os
import random
import re
import shutil
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import (
    BENCH_VAR_DIR,
    DEFAULT_POSTGRES,
    Database,
    _postgres_admin,
    _with_database_name,
    database_description,
    local_only,
    machine_description,
    percentiles,
    prepare_platform,
    say,
    setup_django,
)

SERVICE = "address-certificate"
INTEGERS = ("bigint", "integer")
BIG = 50_000  # rows from which a sequential scan counts as a finding
TICKS = os.sysconf("SC_CLK_TCK")
REFERENCE = "reference (fixed work)"
AT, OBJECT, SEQUENCE = "@at@", "@object@", "@sequence@"  # stand-ins in a leaf's text


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--audit-records", type=int, default=1_000_000)
    parser.add_argument("--submissions", type=int, default=150, help="Per phase, one at a time.")
    parser.add_argument("--proofs", type=int, default=100, help="Proofs per phase.")
    parser.add_argument("--people", type=int, default=2000, help="People in the registries.")
    parser.add_argument("--citizens", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="10 000 / 100 000, 50 submissions.")
    parser.add_argument("--keep", action="store_true", help="Keep the database for a look.")
    args = parser.parse_args(argv)
    if args.quick:
        args.applications, args.audit_records, args.submissions = 10_000, 100_000, 50
        args.proofs = 30
    return args


@contextmanager
def growth_database(args: argparse.Namespace) -> Iterator[Database]:
    run = f"{datetime.datetime.now():%Y%m%d_%H%M%S}_{os.getpid()}"
    var_dir = BENCH_VAR_DIR / f"growth-{run}"
    var_dir.mkdir(parents=True, exist_ok=True)
    server = local_only(args.postgres_url)
    name = f"qyzmet_growth_{run}"
    _postgres_admin(server, f'CREATE DATABASE "{name}"')
    try:
        yield Database("postgres", _with_database_name(server, name), var_dir)
    finally:
        if args.keep:
            say(f"kept {name} and {var_dir}")
        else:
            _postgres_admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            shutil.rmtree(var_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with growth_database(args) as database:
        os.environ.update(database.environ())
        sys.path.insert(0, str(Path(__file__).parent))
        setup_django()
        return measure(args)


# ---------------------------------------------------------------- phases


def measure(args: argparse.Namespace) -> int:
    say("preparing the platform (migrate, catalogue, registries, citizens)")
    citizens, _ = prepare_platform(people=args.people, seed=7, citizens=args.citizens)
    submit = submitter(citizens)
    submit()  # warm: first use of the catalogue, keys, connections
    rows: dict[str, dict[str, Samples]] = {}
    say(f"empty: {args.submissions} submissions, sealing, {args.proofs} proofs")
    rows["empty"] = phase(args, submit)
    say("empty again: the same, for the noise between two runs of one phase")
    rows["empty again"] = phase(args, submit)
    empty_statements = explain_submission(submit)
    say(f"growing to {args.applications:,} applications, {args.audit_records:,} audit records")
    grown = grow(applications=args.applications, audit_records=args.audit_records)
    say(f"grown: {args.submissions} submissions, sealing, {args.proofs} proofs")
    rows["grown"] = phase(args, submit)
    print_report(
        args, rows, grown, {"empty": empty_statements, "grown": explain_submission(submit)}
    )
    return 0


def submitter(citizens: list[Any]) -> Callable[[], None]:
    from qyzmet.applications.services import submit_application
    from qyzmet.catalog.selectors import service_version
    from qyzmet.demo.sample_forms import sample_values
    from qyzmet.registries.fields import find_person

    version = service_version(SERVICE)
    data = {c.iin: {SERVICE: sample_values(version, find_person(c.iin))} for c in citizens}
    turn = iter(range(10**9))

    def submit() -> None:
        citizen = citizens[next(turn) % len(citizens)]
        submit_application(
            citizen=citizen.user, channel="api", service=SERVICE, data=data[citizen.iin]
        )

    return submit


@dataclass
class Samples:
    """An operation's times in seconds: wall clock, this process's CPU, the backend's CPU."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    backend: list[float] = field(default_factory=list)

    def __iadd__(self, other: Samples) -> Samples:
        self.wall += other.wall
        self.cpu += other.cpu
        self.backend += other.backend
        return self


def backend_cpu(pid: int) -> float:
    """CPU seconds the PostgreSQL backend ``pid`` has run so far: the scheduler's count in
    nanoseconds (``/proc/<pid>/schedstat``), else utime and stime in clock ticks."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / TICKS


def backend_pid() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def timed(work: Callable[[], Any], times: int, pid: int) -> Samples:
    samples = Samples()
    for _ in range(times):
        backend, cpu, started = backend_cpu(pid), time.process_time(), time.perf_counter()
        work()
        samples.wall.append(time.perf_counter() - started)
        samples.cpu.append(time.process_time() - cpu)
        samples.backend.append(backend_cpu(pid) - backend)
    return samples


def phase(args: argparse.Namespace, submit: Callable[[], None]) -> dict[str, Samples]:
    from qyzmet.audit.export import prove_record
    from qyzmet.audit.models import AuditRecord, AuditTreeHead
    from qyzmet.audit.sealing import seal_audit_log

    seal_audit_log()
    gc.collect()
    pid = backend_pid()
    submissions, references = Samples(), Samples()
    for _ in range(args.submissions):  # the reference's times follow the machine's load
        submissions += timed(submit, 1, pid)
        references += timed(reference, 1, pid)
    seals = Samples()
    for _ in range(5):  # a seal of the records of ten submissions, as the workers seal
        timed(submit, 10, pid)
        seals += timed(seal_audit_log, 1, pid)
    sealed = AuditTreeHead.objects.order_by("-size").values_list("size", flat=True)[0]
    numbers = random.Random(3).choices(range(1, sealed + 1), k=args.proofs)
    ids = dict(AuditRecord.objects.filter(sequence__in=numbers).values_list("sequence", "pk"))
    picks = iter([ids[number] for number in numbers])
    proofs = timed(lambda: prove_record(record_id=next(picks)), args.proofs, pid)
    assert backend_pid() == pid, "the connection changed during the phase"
    return {
        "submission": submissions,
        "seal (10 submissions)": seals,
        "proof": proofs,
        REFERENCE: references,
    }


def reference() -> None:
    """Work that does not depend on the tables: JSON and SHA-256 in Python, a series summed
    by PostgreSQL. Its grown / empty ratios are the machine's drift between the phases."""
    from django.db import connection

    record = {"action": "application.submitted", "details": {"n": list(range(40))}}
    for n in range(400):
        record["sequence"] = n
        hashlib.sha256(json.dumps(record, sort_keys=True).encode()).digest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT sum(g) FROM generate_series(1, 200000) g")


# ---------------------------------------------------------------- growing


def grow(*, applications: int, audit_records: int) -> dict[str, Any]:
    """Copies of the rows the submissions wrote, ``applications`` of each application's rows
    and ``audit_records`` audit records, numbered after the sealed ones and added to the
    Merkle tree; then VACUUM (ANALYZE) and CHECKPOINT."""
    from django.db import connection

    from qyzmet.applications.models import Application

    made = Application.objects.filter(service__service__slug=SERVICE)
    template = made.order_by("created_at").first()
    assert template is not None
    timings = {}
    tables = [
        "accounts_user",
        "applications_application",
        "applications_case",
        "applications_statuschange",
        "exchange_dataaccess",
        "audit_auditrecord",
    ]
    with connection.cursor() as cursor:
        started = time.perf_counter()
        dropped = drop_secondary_indexes(cursor, tables)
        cursor.execute("SET session_replication_role = replica")  # no foreign key triggers
        users = max(applications // 5, 1)
        clone(
            cursor,
            "accounts_user",
            f"id = (SELECT citizen_id FROM applications_application WHERE id = '{template.pk}')",
            users,
            {"username": "'g' || g"},
        )
        clone(
            cursor,
            "applications_application",
            f"id = '{template.pk}'",
            applications,
            {
                "id": "md5('a' || g)::uuid",
                "citizen_id": f"(SELECT max(id) FROM accounts_user) - {users} + 1 + g % {users}",
                "created_at": "now() - g * interval '20 seconds'",
                "submitted_at": "now() - g * interval '20 seconds'",
                "updated_at": "now() - g * interval '20 seconds'",
                "status": "(ARRAY['submitted', 'in_review', 'approved', 'approved'])[1 + g % 4]",
            },
        )
        clone(
            cursor,
            "applications_case",
            f"application_id = '{template.pk}'",
            applications,
            {
                "id": "md5('c' || g)::uuid",
                "application_id": "md5('a' || g)::uuid",
                "created_at": "now() - g * interval '20 seconds'",
                "status": "(ARRAY['submitted', 'in_review', 'approved', 'approved'])[1 + g % 4]",
            },
        )
        clone(
            cursor,
            "applications_statuschange",
            f"application_id = '{template.pk}'",
            applications,
            {
                "application_id": "md5('a' || g)::uuid",
                "case_id": "CASE WHEN case_id IS NULL THEN NULL ELSE md5('c' || g)::uuid END",
                "at": "now() - g * interval '20 seconds'",
            },
        )
        clone(
            cursor,
            "exchange_dataaccess",
            f"purpose_ref IN ('{template.pk}', (SELECT id::text FROM applications_case "
            f"WHERE application_id = '{template.pk}' LIMIT 1))",
            applications,
            {
                "purpose_ref": "CASE WHEN purpose_kind = 'case' THEN md5('c' || g)::uuid::text "
                "ELSE md5('a' || g)::uuid::text END",
                "subject": "md5('s' || g % 50000) || md5('t' || g % 50000)",
                "at": "now() - g * interval '20 seconds'",
            },
        )
        timings["applications (SQL)"] = time.perf_counter() - started
        started = time.perf_counter()
        generated = copy_audit_records(cursor, audit_records)
        timings["audit records (SQL)"] = time.perf_counter() - started
        cursor.execute("SET session_replication_role = DEFAULT")
        started = time.perf_counter()
        for definition in dropped:
            cursor.execute(definition)
        timings["indexes"] = time.perf_counter() - started
    started = time.perf_counter()
    numbered = add_to_tree(generated)
    timings["tree (Python hashes, COPY)"] = time.perf_counter() - started
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute("VACUUM (ANALYZE)")
        cursor.execute("CHECKPOINT")
        timings["VACUUM (ANALYZE), CHECKPOINT"] = time.perf_counter() - started
        cursor.execute(
            "SELECT relname, n_live_tup FROM pg_stat_user_tables WHERE n_live_tup > %s "
            "ORDER BY n_live_tup DESC",
            [BIG],
        )
        sizes = dict(cursor.fetchall())
    return {"timings": timings, "sizes": sizes, "numbered": numbered}


def drop_secondary_indexes(cursor: Any, tables: list[str]) -> list[str]:
    """Drop the indexes of ``tables`` that back no constraint (built again faster in one go
    than kept up row by row); their definitions, to build them again."""
    cursor.execute("SET maintenance_work_mem = '512MB'")
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        [tables],
    )
    found = cursor.fetchall()
    for name, _ in found:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _, definition in found]


def clone(
    cursor: Any,
    table: str,
    where: str,
    times: int,
    overrides: dict[str, str],
) -> None:
    """``times`` copies of each row of ``table`` matching ``where``, with ``overrides``
    (SQL over ``g``, the copy's number, ``src.copy_rank``, the row's place by id among those
    matching, from 1, and the row's columns); the id of a serial key is left to its sequence,
    every other unique column not overridden gets a value of ``g``. Copy g's rows come before
    copy g + 1's, by rank."""
    cursor.execute(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod), "
        "pg_get_expr(d.adbin, d.adrelid) "
        "FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid "
        "AND d.adnum = a.attnum WHERE a.attrelid = %s::regclass AND a.attnum > 0 "
        "AND NOT a.attisdropped ORDER BY a.attnum",
        [table],
    )
    columns = cursor.fetchall()
    cursor.execute(
        "SELECT DISTINCT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = "
        "i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass "
        "AND i.indisunique",
        [table],
    )
    unique = {row[0] for row in cursor.fetchall()}
    names, values = [], []
    for name, kind, default in columns:
        if name in overrides:
            value = overrides[name]
        elif (default or "").startswith("nextval") or (name == "id" and kind in INTEGERS):
            continue  # the sequence numbers it (identity columns too)
        elif name in unique:
            value = _unique_value(table, name, kind)
        else:
            value = f'src."{name}"'
        names.append(f'"{name}"')
        values.append(value)
    # The overrides name the row's columns bare: make them the source row's.
    select = ", ".join(values)
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(names)}) SELECT {select} FROM "
        f"generate_series(1, {times}) g CROSS JOIN (SELECT matching.*, row_number() OVER "
        f"(ORDER BY matching.id) AS copy_rank FROM (SELECT * FROM {table} WHERE {where}) "
        f"AS matching) AS src ORDER BY g, src.copy_rank"
    )
    say(f"  {table}: +{cursor.rowcount:,}")


def _unique_value(table: str, name: str, kind: str) -> str:
    if kind == "uuid":
        return f"md5('{table}.{name}' || g || random())::uuid"
    if kind.startswith(("character varying", "text")):
        length = kind.partition("(")[2].rstrip(")") or "64"
        return f"left(md5('{table}.{name}' || g) || md5(g || random()::text), {length})"
    return f'src."{name}" + g'


@dataclass
class Generated:
    """Audit records copied: ``copies`` of each of ``templates``, numbered from ``after`` + 1
    in the order (copy, template); copy g's ``at`` is ``base - 2 g s``, its ``object_id``
    ``md5('a' || g)`` as a UUID (an application's id)."""

    after: int
    templates: list[Any]
    copies: int
    base: datetime.datetime

    def leaves(self) -> Iterator[bytes]:
        """The leaves of the copies in their order, built as ``keyed.leaf`` builds them."""
        from qyzmet.audit.keyed import leaf_fields
        from qyzmet.audit.tree import leaf_of

        pieces = []
        for record in self.templates:
            fields = leaf_fields(record)
            fields.update(at=AT, object_id=OBJECT, sequence=SEQUENCE)
            text = leaf_of(fields).decode()
            before_at, rest = text.split(f'"{AT}"')
            before_object, rest = rest.split(f'"{OBJECT}"')
            before_sequence, after_sequence = rest.split(f'"{SEQUENCE}"')
            pieces.append((before_at + '"', '"' + before_object + '"', '"' + before_sequence))
            assert after_sequence == "}", "the leaf's keys are no longer sorted as expected"
        sequence, two_seconds = self.after, datetime.timedelta(seconds=2)
        md5 = hashlib.md5
        for g in range(1, self.copies + 1):
            at = (self.base - g * two_seconds).isoformat()
            object_id = str(uuid.UUID(md5(b"a%d" % g).hexdigest()))
            for before_at, before_object, before_sequence in pieces:
                sequence += 1
                yield (
                    f"{before_at}{at}{before_object}{object_id}{before_sequence}{sequence}}}"
                ).encode()


def copy_audit_records(cursor: Any, records: int) -> Generated:
    """``records`` audit records (rounded down to whole copies of the last 50 sealed ones),
    numbered as they are written (their seals the word ``generated``)."""
    from django.utils import timezone

    from qyzmet.audit.models import AuditRecord, AuditTreeHead

    head = AuditTreeHead.objects.order_by("-size").first()
    assert head is not None
    last = AuditRecord.objects.filter(sequence__isnull=False).order_by("-id")[:50]
    templates = sorted(last, key=lambda record: record.pk)
    copies = records // len(templates)
    base = timezone.now()
    clone(
        cursor,
        "audit_auditrecord",
        f"id IN ({', '.join(str(t.pk) for t in templates)})",
        copies,
        {
            "sequence": f"{head.size} + (g - 1) * {len(templates)} + src.copy_rank",
            "seal": "'generated'",
            "object_id": "md5('a' || g)::uuid::text",
            "at": f"'{base.isoformat()}'::timestamptz - g * interval '2 seconds'",
        },
    )
    return Generated(after=head.size, templates=templates, copies=copies, base=base)


def add_to_tree(generated: Generated) -> int:
    """Add the generated records to the Merkle tree as the sealer would: their leaves hashed,
    the stored subtree nodes written by COPY, a tree head signed over them; a sample of the
    leaves checked against the records read back, a proof checked against the head."""
    from django.db import connection, transaction

    from qyzmet.audit.export import prove_record
    from qyzmet.audit.heads import append_to_file, sign_tree_head
    from qyzmet.audit.keyed import leaf
    from qyzmet.audit.models import AuditRecord, AuditTreeHead
    from qyzmet.audit.proofs import STORED_FROM
    from qyzmet.audit.tree import Frontier, check_proof
    from qyzmet.trust import platform

    head = AuditTreeHead.objects.order_by("-size").first()
    assert head is not None and head.size == generated.after
    frontier = Frontier(size=head.size, hashes=head.frontier)
    count = len(generated.templates) * generated.copies
    checked = set(random.Random(5).sample(range(head.size + 1, head.size + count + 1), 200))
    leaves = {}
    nodes = []
    append = frontier.append
    for made in generated.leaves():
        completed = append(made)
        if frontier.size in checked:
            leaves[frontier.size] = made
        if len(completed) > STORED_FROM:
            size = frontier.size
            nodes += [
                (level, (size >> level) - 1, hash_.hex())
                for level, hash_ in completed[STORED_FROM:]
            ]
    for record in AuditRecord.objects.filter(sequence__in=checked):
        assert leaf(record) == leaves[record.sequence], f"leaf {record.sequence} differs"
    with transaction.atomic():
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy("COPY audit_audittreenode (level, index, hash) FROM STDIN") as copy,
        ):
            for node in nodes:
                copy.write_row(node)
        made_head = sign_tree_head(
            size=frontier.size, root=frontier.root(), frontier=frontier.hashes
        )
    append_to_file(made_head)
    record_id = AuditRecord.objects.get(sequence=head.size + count // 2).pk
    public_key = platform.platform_key().public_key
    assert check_proof(prove_record(record_id=record_id), public_key=public_key)
    say(f"  audit_audittreenode: +{len(nodes):,}; {len(checked)} leaves and a proof checked")
    return count


# ---------------------------------------------------------------- explaining


@dataclass
class Statement:
    took: float  # ms of execution
    planning: float  # ms
    hit: int  # shared buffers found in PostgreSQL's cache
    read: int  # shared buffers read from the operating system
    sql: str
    plan: list[str]


def explain_submission(submit: Callable[[], None]) -> list[Statement]:
    """Each statement of one submission, with its plan, time and buffers."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        submit()
    explained = []
    for query in queries.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE", "INSERT")):
            continue
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) {sql}")
                plan = [row[0] for row in cursor.fetchall()]
                transaction.set_rollback(True)
        except Exception as error:
            plan = [f"(not explained: {str(error).splitlines()[0]})"]
        buffers = next((line for line in plan if "Buffers:" in line), "")
        explained.append(
            Statement(
                took=_milliseconds(plan, "Execution Time"),
                planning=_milliseconds(plan, "Planning Time"),
                hit=sum(int(n) for n in re.findall(r"shared hit=(\d+)", buffers)),
                read=sum(int(n) for n in re.findall(r"shared[^,]*read=(\d+)", buffers)),
                sql=sql,
                plan=plan,
            )
        )
    return sorted(explained, key=lambda statement: -statement.took)


def _milliseconds(plan: list[str], label: str) -> float:
    return next((float(line.split()[-2]) for line in plan if label in line), 0.0)


# ---------------------------------------------------------------- report


def print_report(
    args: argparse.Namespace,
    rows: dict[str, dict[str, Samples]],
    grown: dict[str, Any],
    explained: dict[str, list[Statement]],
) -> None:
    print("# Growth: latency on an empty database and on a grown one\n")
    for line in machine_description():
        print(line)
    print(database_description())
    print(f"Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC\n")
    print(f"Audit records generated and numbered: {grown['numbered']:,}")
    print("Grown tables (rows): " + ", ".join(f"{t} {n:,}" for t, n in grown["sizes"].items()))
    print("Growing took: " + ", ".join(f"{k} {v:.0f} s" for k, v in grown["timings"].items()))
    print()
    print(
        "| operation | database | n | wall p50 ms | wall p95 ms | CPU qyzmet ms | "
        "CPU PostgreSQL ms | / empty: wall p50 | CPU qyzmet | CPU PostgreSQL |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for operation in rows["empty"]:
        empty = rows["empty"][operation]
        for name in ("empty", "empty again", "grown"):
            samples = rows[name][operation]
            p50, p95 = percentiles(samples.wall, (50, 95))
            cpu, backend = statistics.mean(samples.cpu), statistics.mean(samples.backend)
            ratios = ["", "", ""]
            if name != "empty":
                ratios = [
                    _ratio(p50, percentiles(empty.wall, (50,))[0]),
                    _ratio(cpu, statistics.mean(empty.cpu)),
                    _ratio(backend, statistics.mean(empty.backend)),
                ]
            print(
                f"| {operation} | {name} | {len(samples.wall)} | {p50 * 1000:.1f} | "
                f"{p95 * 1000:.1f} | {cpu * 1000:.1f} | {backend * 1000:.1f} | "
                + " | ".join(ratios)
                + " |"
            )
    drift = rows["grown"][REFERENCE], rows["empty"][REFERENCE]
    machine = [
        statistics.mean(drift[0].cpu) / statistics.mean(drift[1].cpu),
        statistics.mean(drift[0].backend) / statistics.mean(drift[1].backend),
    ]
    print(
        f"\nThe reference's CPU grown / empty ({machine[0]:.2f} qyzmet, {machine[1]:.2f} "
        "PostgreSQL) is the machine's drift; the others' divided by it:"
    )
    for operation in rows["empty"]:
        if operation != REFERENCE:
            grown_, empty_ = rows["grown"][operation], rows["empty"][operation]
            cpu = statistics.mean(grown_.cpu) / statistics.mean(empty_.cpu) / machine[0]
            backend = statistics.mean(grown_.backend) / statistics.mean(empty_.backend)
            print(f"- {operation}: qyzmet {cpu:.2f}, PostgreSQL {backend / machine[1]:.2f}")
    print("\nCPU columns are means over the operations; wall p50 carries the machine's other load.")
    print("\n## One submission's statements, EXPLAIN (ANALYZE, BUFFERS)\n")
    print("| database | statements | execution ms | planning ms | buffers hit | buffers read |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, statements in explained.items():
        print(
            f"| {name} | {len(statements)} | {sum(s.took for s in statements):.2f} | "
            f"{sum(s.planning for s in statements):.2f} | {sum(s.hit for s in statements)} | "
            f"{sum(s.read for s in statements)} |"
        )
    print("\nOn the grown tables, slowest first:\n")
    for statement in explained["grown"][:12]:
        scans = [line.strip() for line in statement.plan if "Seq Scan" in line]
        mark = " SEQUENTIAL SCAN" if scans else ""
        print(
            f"- {statement.took:.2f} ms, buffers hit {statement.hit} read {statement.read}"
            f"{mark}: {statement.sql[:160]}"
        )
        for line in scans:
            print(f"    {line}")


def _ratio(grown: float, empty: float) -> str:
    return f"{grown / empty:.2f}" if empty > 0 else "n/a"


if __name__ == "__main__":
    raise SystemExit(main())
