"""``qyzmet verify FILE``: check a result document; ``--qr TEXT --keys FILE --root FILE``
checks a QR code's payload offline, with nothing but the published keys and the trust root."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cryptography import x509
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from qyzmet.core.messages import render as render_message
from qyzmet.documents.grounds import revocation_ground_label
from qyzmet.documents.qr import InvalidToken, read_qr_token
from qyzmet.documents.verification import verify_document_file

NOT_AUTHENTIC = 1


class Command(BaseCommand):
    help = (
        "Check a result document: exits 0 and prints what it says when authentic, 1 with the "
        "reason when altered, unknown or revoked."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", nargs="?", help="The PDF to check.")
        parser.add_argument("--qr", help="Check a QR code's text (the address with #token).")
        parser.add_argument("--keys", help="With --qr: the published keys (/verify/keys.json).")
        parser.add_argument(
            "--root", help="With --qr: the trust root's certificate (/verify/root.pem)."
        )
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")
        parser.add_argument("--language", default="en", choices=["kk", "ru", "en"])

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            if options["qr"]:
                self._check_qr(
                    options["qr"], options["keys"], options["root"], as_json=options["json"]
                )
            elif options["file"]:
                self._check_file(Path(options["file"]), as_json=options["json"])
            else:
                raise CommandError("Name a PDF file, or --qr TEXT --keys FILE --root FILE.")

    def _check_file(self, path: Path, *, as_json: bool) -> None:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from error
        verification = verify_document_file(data)
        message = render_message(f"verdict.{verification.verdict}")
        content = verification.document.content if verification.document else None
        if as_json:
            self.stdout.write(
                json.dumps(
                    {"verdict": verification.verdict, "message": message, "document": content},
                    ensure_ascii=False,
                )
            )
        else:
            self.stdout.write(message)
            if content:
                self._print_content(content, verification.document)
        if not verification.authentic:
            raise SystemExit(NOT_AUTHENTIC)

    def _print_content(self, content: dict[str, Any], document: Any) -> None:
        lines = [
            f"  {content['title']} — No. {content['id']}",
            f"  {content['agency']}",
            f"  {content['holder_name']} ({content['holder_iin']})",
            f"  {content['service']}, {content['decided_on']}",
            *(f"  {row['label']}: {row['value']}" for row in content["rows"]),
        ]
        if document.revoked:
            ground = revocation_ground_label(document.revocation_ground)
            lines.append(f"  revoked {document.revoked_at:%Y-%m-%d}: {ground}")
        self.stdout.write("\n".join(lines))

    def _check_qr(self, text: str, keys: str | None, root: str | None, *, as_json: bool) -> None:
        if not keys or not root:
            raise CommandError(
                "--qr needs --keys FILE (the published /verify/keys.json) and --root FILE (the "
                "trust root, /verify/root.pem: compare its fingerprint with the published one)."
            )
        try:
            key_set = json.loads(Path(keys).read_text())
        except (OSError, ValueError) as error:
            raise CommandError(f"{keys}: not a key set ({error})") from error
        try:
            certificate = x509.load_pem_x509_certificate(Path(root).read_bytes())
        except (OSError, ValueError) as error:
            raise CommandError(f"{root}: not a PEM certificate ({error})") from error
        try:
            claims = read_qr_token(text, key_set=key_set, root=certificate)
        except InvalidToken as error:
            self.stdout.write(
                json.dumps({"verdict": "invalid", "reason": str(error)})
                if as_json
                else f"Not valid: {error}"
            )
            raise SystemExit(NOT_AUTHENTIC) from error
        if as_json:
            self.stdout.write(
                json.dumps({"verdict": "valid", "claims": claims}, ensure_ascii=False)
            )
        else:
            self.stdout.write(
                f"Signed by {claims['iss']}: document {claims['jti']}, {claims.get('title', '')}, "
                f"issued {claims.get('issued', '')} to {claims.get('name', '')} "
                f"({claims.get('iin') or claims.get('sub', '')})."
            )
