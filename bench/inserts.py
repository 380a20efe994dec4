"""What writing a submission's new rows costs the process: by Django (``save(force_insert=
True)`` for the application and its case, ``bulk_create`` for the rest) against
``core.inserts.insert_rows`` (decision 83), alternated in one process and one transaction
rolled back at the end.

    QYZMET_VAR_DIR=/tmp/prof-var .venv/bin/python bench/profile_submission.py --rounds 3
    QYZMET_VAR_DIR=/tmp/prof-var .venv/bin/python bench/inserts.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/prof ... (the same two)

The rows are copies of the newest stored submission's (so run ``profile_submission.py`` first
on the same ``QYZMET_VAR_DIR`` and database): its application, case, access record, two
history lines, two audit records, notification and idempotency key, with fresh keys where a
column is unique. Prints CPU ms per submission's rows, each round and the median.
"""

from __future__ import annotations

import argparse
import copy
import secrets
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import in_one_process, setup_django


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=8, help="Alternations of both ways.")
    parser.add_argument("--per-round", type=int, default=100, help="Submissions' rows a round.")
    args = parser.parse_args()
    in_one_process()
    setup_django()
    from django.db import connection, transaction

    from qyzmet.applications.models import Application, Case, StatusChange
    from qyzmet.audit.models import AuditRecord
    from qyzmet.core.inserts import insert_rows
    from qyzmet.exchange.models import DataAccess
    from qyzmet.idempotency.models import IdempotentRequest
    from qyzmet.notifications.models import Notification

    application = Application.objects.filter(submitted_at__isnull=False).latest("submitted_at")
    stored = {
        "case": Case.objects.filter(application=application).first(),
        "line": StatusChange.objects.filter(application=application).first(),
        "audit": AuditRecord.objects.latest("id"),
        "notification": Notification.objects.latest("id"),
        "access": DataAccess.objects.latest("id"),
        "key": IdempotentRequest.objects.latest("id"),
    }
    if any(row is None for row in stored.values()):
        print("No submission stored: run bench/profile_submission.py first.")
        return 1

    def rows() -> list[list[Any]]:
        new = copy_of(application, id=uuid.uuid4(), reference=f"B{secrets.randbelow(10**10)}",
                      idempotency_key=uuid.uuid4().hex)  # fmt: skip
        case = copy_of(stored["case"], id=uuid.uuid4(), application_id=new.id)
        lines = [
            copy_of(stored["line"], id=None, application_id=new.id, case_id=None),
            copy_of(stored["line"], id=None, application_id=new.id, case_id=case.id),
        ]
        return [
            [new], [case], [copy_of(stored["access"], id=None, message_id=uuid.uuid4())], lines,
            [copy_of(stored["audit"], id=None), copy_of(stored["audit"], id=None)],
            [copy_of(stored["notification"], id=None)],
            [copy_of(stored["key"], id=None, key=uuid.uuid4().hex)],
        ]  # fmt: skip

    def by_django(groups: list[list[Any]]) -> None:
        for group in groups:
            if type(group[0]) in (Application, Case):
                group[0].save(force_insert=True)
            else:
                type(group[0]).objects.bulk_create(group)

    def kept(groups: list[list[Any]]) -> None:
        for group in groups:
            insert_rows(group)

    spent: dict[str, list[float]] = {"Django": [], "insert_rows": []}
    with transaction.atomic():
        for _ in range(args.rounds):
            for name, write in (("Django", by_django), ("insert_rows", kept)):
                made = [rows() for _ in range(args.per_round)]
                started = time.process_time()
                for groups in made:
                    write(groups)
                spent[name].append((time.process_time() - started) / args.per_round * 1000)
        transaction.set_rollback(True)
    for name, times in spent.items():
        rounds = " ".join(f"{ms:.2f}" for ms in times)
        print(f"{connection.vendor} {name}: {rounds}; median {statistics.median(times):.2f} ms")
    return 0


def copy_of(row: Any, **fresh: Any) -> Any:
    """A new, unsaved row with ``row``'s values but ``fresh`` ones."""
    new = copy.copy(row)
    new._state = copy.copy(row._state)
    new._state.adding, new._state.fields_cache = True, {}
    new.__dict__.pop("_prefetched_objects_cache", None)
    for name, value in fresh.items():
        setattr(new, name, value)
    return new


if __name__ == "__main__":
    raise SystemExit(main())
