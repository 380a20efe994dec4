"""``qyzmet audit verify|checkpoint|export``: the tamper-evident audit log."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from qyzmet.audit.checkpoints import make_checkpoint, verify_audit_chain
from qyzmet.audit.export import audit_extract
from qyzmet.audit.models import AuditRecord

BROKEN = 1


class Command(BaseCommand):
    help = (
        "The audit log's hash chain: `verify` (exit 0 when intact, 1 naming the first bad "
        "record), `checkpoint` (sign the head now), `export` (a signed extract for an auditor)."
    )

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("verify", help="Check every record and checkpoint.")
        actions.add_parser("checkpoint", help="Sign the chain's head now.")
        export = actions.add_parser("export", help="Write a signed extract (JSON).")
        export.add_argument("--first", type=int, default=1, help="First record (sequence).")
        export.add_argument("--last", type=int, help="Last record (default: the head).")
        export.add_argument("--out", type=Path, help="File to write (default: standard output).")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "verify":
            found = verify_audit_chain()
            if found is not None:
                self.stdout.write(f"The audit chain is broken at {found}.")
                raise SystemExit(BROKEN)
            count = AuditRecord.objects.count()
            self.stdout.write(f"The audit chain is intact: {count} records.")
        elif action == "checkpoint":
            made = make_checkpoint()
            self.stdout.write(f"Checkpoint at record {made.sequence}." if made else "No records.")
        else:
            text = json.dumps(
                audit_extract(first=options["first"], last=options["last"]),
                ensure_ascii=False,
                indent=1,
            )
            if options["out"]:
                options["out"].write_text(text, encoding="utf-8")
                self.stdout.write(f"Wrote {options['out']}.")
            else:
                self.stdout.write(text)
