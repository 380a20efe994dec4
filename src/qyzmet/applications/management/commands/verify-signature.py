"""``qyzmet verify-signature APPLICATION``: check the signature an application was submitted
with again (the signer's certificate as of the time it was signed, its revocation as its CA
answers today, that time against the sealed audit log, the signed document against the
application as it is kept), print the outcome and record the check."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from qyzmet.applications.models import Application
from qyzmet.applications.signature_checks import verify_application_signature
from qyzmet.applications.signatures import signature_record
from qyzmet.core.errors import DomainError
from qyzmet.core.messages import render as render_message

CHANNEL = "cli"
DOES_NOT_HOLD = 1


class Command(BaseCommand):
    help = (
        "Check an application's signature again, as of the time it was signed, and record "
        "the check: exits 0 when it "
        "holds, 1 with the reasons when it does not."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("application", help="The application's id (a UUID).")
        parser.add_argument("--json", action="store_true", help="Print the outcome as JSON.")
        parser.add_argument("--language", default="en", choices=["kk", "ru", "en"])

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            try:
                application = Application.objects.get(pk=options["application"])
            except (Application.DoesNotExist, ValueError, ValidationError):
                raise CommandError(render_message("not_found.application")) from None
            try:
                check = verify_application_signature(
                    application=application, actor=None, channel=CHANNEL
                )
            except DomainError as refused:
                raise CommandError(render_message(refused.code, refused.params)) from None
            record = signature_record(check.signature)
            problems = [render_message(code) for code in check.problems]
            if options["json"]:
                outcome = {"valid": check.valid, "checked_at": check.checked_at.isoformat(),
                           "as_of": check.as_of.isoformat() if check.as_of else None,
                           "problems": check.problems, "messages": problems,
                           "method": record["method"], "signer": record["signer"]}  # fmt: skip
                self.stdout.write(json.dumps(outcome, ensure_ascii=False))
            else:
                self.stdout.write(self._summary(check, record, problems))
            if not check.valid:
                raise SystemExit(DOES_NOT_HOLD)

    def _summary(self, check: Any, record: dict[str, Any], problems: list[str]) -> str:
        signer = record["signer"]
        if record["method"] == "eds":
            how = (
                f"Signed with EDS by {signer['name'] or '—'} (IIN {signer['iin']}), certificate "
                f"{signer['certificate_serial']} issued by {signer['certificate_issuer']}"
            )
        else:
            how = f"Confirmed with an SMS code by the applicant (IIN {signer['iin']})"
        when = f"{check.checked_at:%Y-%m-%d %H:%M:%S %Z}"
        as_of = f"{check.as_of or check.checked_at:%Y-%m-%d %H:%M:%S %Z}"
        verdict = "holds" if check.valid else "DOES NOT HOLD"
        lines = [f"{how}, on {record['signed_at']:%Y-%m-%d %H:%M}.",
                 f"Checked now ({when}) as of the signing time ({as_of}): the signature "
                 f"{verdict}."]  # fmt: skip
        lines += [f"  - {problem}" for problem in problems]
        return "\n".join(lines)
