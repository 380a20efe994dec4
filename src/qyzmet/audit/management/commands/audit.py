"""``qyzmet audit verify|seal|prove|export|check-proof``: the tamper-evident audit log."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from qyzmet.audit.export import NotSealed, audit_extract, prove_record
from qyzmet.audit.models import AuditRecord, AuditTreeHead
from qyzmet.audit.proofs import access_named
from qyzmet.audit.sealing import SealRefused, seal_audit_log
from qyzmet.audit.tree import audit_key_in, check_proof
from qyzmet.audit.verification import late_sealing, verify_audit_log

BROKEN = 1


class Command(BaseCommand):
    help = (
        "The audit log: `verify` (seal, then check everything, and that the workers seal: exit "
        "0 when intact, 1 with a line per problem), `seal` (sign a tree head now), `prove` (a "
        "record's inclusion proof), `export` (a signed extract for an auditor), `check-proof` "
        "(check a proof offline with the published keys: exit 0 when it holds, 1 otherwise)."
    )

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        verify = actions.add_parser("verify", help="Check every record and signed tree head.")
        verify.add_argument("--no-seal", action="store_true", help="Do not seal first.")
        actions.add_parser("seal", help="Seal the records written since and sign a tree head.")
        prove = actions.add_parser("prove", help="A record's inclusion proof (JSON).")
        prove.add_argument("--record", type=int, required=True, help="The record's id.")
        check = actions.add_parser("check-proof", help="Check a proof offline (no database).")
        check.add_argument("file", type=Path, help="The proof (JSON, as `prove` writes it).")
        check.add_argument(
            "--keys", type=Path, required=True, help="The published keys (/verify/keys.json)."
        )
        export = actions.add_parser("export", help="Write a signed extract (JSON).")
        export.add_argument("--first", type=int, default=1, help="First record (number).")
        export.add_argument("--last", type=int, help="Last record (default: the latest sealed).")
        export.add_argument("--out", type=Path, help="File to write (default: standard output).")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "verify":
            self._verify(seal=not options["no_seal"])
        elif action == "check-proof":
            self._check(options["file"], options["keys"])
        elif action == "seal":
            head = self._seal()
            self.stdout.write(f"Sealed: {head.size} records." if head else "Nothing to seal.")
        else:
            self._seal()
            try:
                if action == "prove":
                    document = prove_record(record_id=options["record"])
                else:
                    document = audit_extract(first=options["first"], last=options["last"])
            except NotSealed as error:
                raise CommandError(f"{error}.") from error
            self._write(document, options.get("out"))

    def _check(self, file: Path, keys: Path) -> None:
        try:
            proof, key_set = (json.loads(path.read_text(encoding="utf-8")) for path in (file, keys))
        except (OSError, ValueError) as error:
            raise CommandError(f"Not read: {error}.") from error
        if not isinstance(proof, dict) or not isinstance(key_set, dict):
            raise CommandError("Not a proof and a key set (JSON objects).")
        head = _object(proof.get("tree_head"))
        public_key = audit_key_in(key_set, str(head.get("key_id")))
        record = _object(proof.get("record"))
        if public_key is None:
            self.stdout.write(f"Not proven: no audit key {head.get('key_id')!r} in {keys}.")
        elif check_proof(proof, public_key=public_key):
            self.stdout.write(
                f"Proven: record {record.get('sequence')} ({record.get('action')}, "
                f"{record.get('at')}) is in the audit log's tree of {head.get('size')} records "
                f"signed {head.get('at')} by {head.get('key_id')}."
            )
            if named := access_named(record):
                self.stdout.write(f"It is the record of the data access {named}.")
            return
        else:
            self.stdout.write("Not proven: the record, its path or the tree head was changed.")
        raise SystemExit(BROKEN)

    def _seal(self) -> AuditTreeHead | None:
        try:
            return seal_audit_log()
        except SealRefused as error:
            raise CommandError(f"The audit log was not sealed: {error}.") from error

    def _verify(self, *, seal: bool) -> None:
        refused = None
        late = [p for p in [late_sealing()] if p is not None] if seal else []  # before sealing
        if seal:
            try:
                seal_audit_log()
            except SealRefused as error:
                refused = error
        problems = late + verify_audit_log(late=not seal)
        lines = [f"The audit log is broken: {problem}." for problem in problems]
        if refused is not None:
            lines.append(f"The audit log was not sealed: {refused}.")
        if lines:
            self.stdout.write("\n".join(lines))
            raise SystemExit(BROKEN)
        sealed = AuditRecord.objects.filter(sequence__isnull=False).count()
        waiting = AuditRecord.objects.filter(sequence__isnull=True).count()
        self.stdout.write(
            f"The audit log is intact: {sealed} records sealed, {waiting} waiting to be sealed."
        )

    def _write(self, document: dict[str, Any], out: Path | None) -> None:
        text = json.dumps(document, ensure_ascii=False, indent=1)
        if out:
            out.write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {out}.")
        else:
            self.stdout.write(text)


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
