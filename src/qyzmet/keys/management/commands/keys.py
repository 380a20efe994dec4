"""``qyzmet keys status|rotate|retire|check``: the data keys that encrypt personal data."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from qyzmet.core.keyring import KeyRingError, from_environment
from qyzmet.keys.rotation import data_key_status, reencrypt_data, retire_data_key, rotate_data_key
from qyzmet.keys.startup import verify_data_keys


class Command(BaseCommand):
    help = (
        "The data keys that encrypt personal data at rest: `status` (values per key, rows "
        "left under old keys), `rotate` (a new current key, then every value re-encrypted in "
        "batches; `--resume` only re-encrypts), `retire KEY` (drop a key nothing uses), "
        "`check` (the keys fit the data)."
    )

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("status", help="Values per key and rows left under older keys.")
        rotate = actions.add_parser(
            "rotate", help="Make a new current key and re-encrypt everything with it."
        )
        rotate.add_argument(
            "--resume",
            action="store_true",
            help="Keep the current key; re-encrypt what is left under older ones.",
        )
        rotate.add_argument(
            "--batch", type=int, default=1000, help="Rows per transaction (default 1000)."
        )
        retire = actions.add_parser("retire", help="Remove an old key that nothing uses.")
        retire.add_argument("key_id")
        actions.add_parser("check", help="Check that the keys are the ones the data needs.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            getattr(self, f"_{action}")(**options)
        except KeyRingError as error:
            raise CommandError(str(error)) from None

    def _status(self, **options: Any) -> None:
        status = data_key_status()
        self.stdout.write(f"current key: {status.current}")
        for key_id, count in status.values_per_key.items():
            mark = "current" if key_id == status.current else "older"
            self.stdout.write(f"  {key_id:24} {mark:8} {count:>12,} values")
        for table, left in status.rows_left.items():
            if left:
                self.stdout.write(f"  {table}: {left:,} rows still under an older key")
        self.stdout.write(f"rows left under older keys: {status.left:,}")

    def _rotate(self, *, resume: bool, batch: int, **options: Any) -> None:
        if batch < 1:
            raise CommandError("--batch must be at least 1.")
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("The database has migrations to apply: run `qyzmet migrate` first.")
        if not resume:
            if from_environment():
                raise CommandError(
                    "The data keys come from QYZMET_DATA_KEYS: add the new key there as the "
                    "current one on every server, then run `qyzmet keys rotate --resume`."
                )
            ring = rotate_data_key()
            self.stdout.write(f"New current key {ring.current}; re-encrypting...")
        last = [0.0]

        def progress(table: str, done: int, total: int, rate: float) -> None:
            now = time.monotonic()
            if done == total or now - last[0] >= 1.0:
                last[0] = now
                self.stdout.write(f"  {table}: {done:,}/{total:,} rows ({rate:,.0f} rows/s)")

        report = reencrypt_data(batch=batch, progress=progress)
        self.stdout.write(
            f"Re-encrypted {report.rows:,} rows ({report.values:,} values) under "
            f"{report.key_id} in {report.seconds:.1f} s: {report.rows_per_second:,.0f} rows/s."
        )

    def _retire(self, *, key_id: str, **options: Any) -> None:
        ring = retire_data_key(key_id)
        self.stdout.write(f"Retired {key_id}; keys left: {', '.join(ring.keys)}.")

    def _check(self, **options: Any) -> None:
        ring = verify_data_keys()
        self.stdout.write(f"The data keys fit the data; current key {ring.current}.")
