"""Whether qyzmet stays as fast when its tables are full: the latency of a single-service
submission, of sealing the audit log and of proving a record, on an empty PostgreSQL database
and again, in the same run, after the tables have grown to ``--applications`` applications
(each with a case and three status changes, a registry read and its audit records) and
``--audit-records`` sealed audit records.

The rows are written by SQL (``INSERT ... SELECT generate_series``), each a copy of a row the
empty run's submissions wrote with its unique columns, keys and dates varied, not through the
domain: a million applications through ``submit_application`` take hours on this machine.
The generated audit records are numbered into the Merkle tree (nodes and a signed tree head
computed here), but their keyed hashes are not real: ``qyzmet audit verify`` would report
them, this measures time, not integrity. Then every statement of one submission is shown with
``EXPLAIN ANALYZE`` against the grown tables (in a transaction rolled back), the slowest
first, with any sequential scan of a big table marked.

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
import os
import random
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
    rows: dict[str, dict[str, list[float]]] = {}
    say(f"empty: {args.submissions} submissions, sealing, {args.proofs} proofs")
    rows["empty"] = phase(args, submit)
    say(f"growing to {args.applications:,} applications, {args.audit_records:,} audit records")
    grown = grow(applications=args.applications, audit_records=args.audit_records)
    say(f"grown: {args.submissions} submissions, sealing, {args.proofs} proofs")
    rows["grown"] = phase(args, submit)
    print_report(args, rows, grown, explain_submission(submit))
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


def timed(work: Callable[[], Any], times: int) -> list[float]:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return samples


def phase(args: argparse.Namespace, submit: Callable[[], None]) -> dict[str, list[float]]:
    from qyzmet.audit.export import prove_record
    from qyzmet.audit.models import AuditRecord
    from qyzmet.audit.sealing import seal_audit_log

    seal_audit_log()
    submissions = timed(submit, args.submissions)
    seals = []
    for _ in range(5):  # a seal of the records of ten submissions, as the workers seal
        timed(submit, 10)
        seals += timed(seal_audit_log, 1)
    sealed = list(AuditRecord.objects.filter(sequence__isnull=False).values_list("pk", flat=True))
    picks = iter(random.Random(3).choices(sealed, k=args.proofs))
    proofs = timed(lambda: prove_record(record_id=next(picks)), args.proofs)
    return {"submission": submissions, "seal (10 submissions)": seals, "proof": proofs}


# ---------------------------------------------------------------- growing


def grow(*, applications: int, audit_records: int) -> dict[str, Any]:
    """Copies of the rows the submissions wrote, ``applications`` of each application's rows
    and ``audit_records`` audit records, numbered after the sealed ones; then ANALYZE."""
    from django.db import connection

    from qyzmet.applications.models import Application

    made = Application.objects.filter(service__service__slug=SERVICE)
    template = made.order_by("created_at").first()
    assert template is not None
    timings = {}
    with connection.cursor() as cursor:
        started = time.perf_counter()
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
        clone(
            cursor,
            "audit_auditrecord",
            "sequence IS NOT NULL ORDER BY id DESC LIMIT 50",
            audit_records // 50,
            {
                "sequence": "NULL",
                "seal": "'g'",
                "object_id": "md5('a' || g)::uuid::text",
                "at": "now() - g * interval '2 seconds'",
            },
        )
        timings["audit records (SQL)"] = time.perf_counter() - started
    started = time.perf_counter()
    numbered = number_generated_records()
    timings["numbering and tree"] = time.perf_counter() - started
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute("ANALYZE")
        timings["ANALYZE"] = time.perf_counter() - started
        cursor.execute(
            "SELECT relname, n_live_tup FROM pg_stat_user_tables WHERE n_live_tup > %s "
            "ORDER BY n_live_tup DESC",
            [BIG],
        )
        sizes = dict(cursor.fetchall())
    return {"timings": timings, "sizes": sizes, "numbered": numbered}


def clone(cursor: Any, table: str, where: str, times: int, overrides: dict[str, str]) -> None:
    """``times`` copies of each row of ``table`` matching ``where``, with ``overrides``
    (SQL over ``g``, the copy's number, and the row's columns); the id of a serial key is
    left to its sequence, every other unique column not overridden gets a value of ``g``."""
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
        f"(SELECT * FROM {table} WHERE {where}) AS src CROSS JOIN generate_series(1, {times}) g"
    )
    say(f"  {table}: +{cursor.rowcount:,}")


def _unique_value(table: str, name: str, kind: str) -> str:
    if kind == "uuid":
        return f"md5('{table}.{name}' || g || random())::uuid"
    if kind.startswith(("character varying", "text")):
        length = kind.partition("(")[2].rstrip(")") or "64"
        return f"left(md5('{table}.{name}' || g) || md5(g || random()::text), {length})"
    return f'src."{name}" + g'


def number_generated_records() -> int:
    """Number the generated audit records after the last sealed one and sign a tree head over
    them, with their subtree hashes, as the sealer would (their seals are not real)."""
    from django.db import connection, transaction

    from qyzmet.audit.heads import append_to_file, sign_tree_head
    from qyzmet.audit.keyed import leaf
    from qyzmet.audit.models import AuditRecord, AuditTreeHead, AuditTreeNode
    from qyzmet.audit.proofs import stored_nodes
    from qyzmet.audit.tree import Frontier

    head = AuditTreeHead.objects.order_by("-size").first()
    assert head is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditrecord SET sequence = numbered.sequence, seal = 'generated' "
            "FROM (SELECT id, "
            "%s + row_number() OVER (ORDER BY id) AS sequence FROM audit_auditrecord "
            "WHERE seal = 'g') AS numbered WHERE audit_auditrecord.id = numbered.id",
            [head.size],
        )
        count = cursor.rowcount
    frontier = Frontier(size=head.size, hashes=head.frontier)
    nodes = []
    records = AuditRecord.objects.filter(sequence__gt=head.size).order_by("sequence")
    for record in records.iterator(chunk_size=5000):
        nodes += stored_nodes(frontier.append(leaf(record)), frontier.size)
    with transaction.atomic():
        AuditTreeNode.objects.bulk_create(nodes, batch_size=5000)
        made = sign_tree_head(size=frontier.size, root=frontier.root(), frontier=frontier.hashes)
    append_to_file(made)
    return count


# ---------------------------------------------------------------- explaining


def explain_submission(submit: Callable[[], None]) -> list[tuple[float, str, list[str]]]:
    """Each statement of one submission, with its plan and time on the grown tables."""
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
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT TEXT) {sql}")
                plan = [row[0] for row in cursor.fetchall()]
                transaction.set_rollback(True)
        except Exception as error:
            plan = [f"(not explained: {str(error).splitlines()[0]})"]
        took = next((float(line.split()[-2]) for line in plan if "Execution Time" in line), 0.0)
        explained.append((took, sql, plan))
    return sorted(explained, key=lambda item: -item[0])


# ---------------------------------------------------------------- report


def print_report(
    args: argparse.Namespace,
    rows: dict[str, dict[str, list[float]]],
    grown: dict[str, Any],
    explained: list[tuple[float, str, list[str]]],
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
    print("| operation | database | p50 ms | p95 ms | mean ms | n | p50 grown / empty |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for operation in rows["empty"]:
        empty = percentiles(rows["empty"][operation], (50,))[0]
        for name in ("empty", "grown"):
            samples = rows[name][operation]
            p50, p95 = percentiles(samples, (50, 95))
            ratio = f"{p50 / empty:.2f}" if name == "grown" else ""
            print(
                f"| {operation} | {name} | {p50 * 1000:.1f} | {p95 * 1000:.1f} | "
                f"{statistics.mean(samples) * 1000:.1f} | {len(samples)} | {ratio} |"
            )
    print("\n## One submission's statements on the grown tables, slowest first\n")
    total = sum(took for took, _, _ in explained)
    print(f"{len(explained)} statements, {total:.1f} ms of execution in all.\n")
    for took, sql, plan in explained[:12]:
        scans = [line.strip() for line in plan if "Seq Scan" in line]
        mark = " SEQUENTIAL SCAN" if scans else ""
        print(f"- {took:.2f} ms{mark}: {sql[:160]}")
        for line in scans:
            print(f"    {line}")


if __name__ == "__main__":
    raise SystemExit(main())
