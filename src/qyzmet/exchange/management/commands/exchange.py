"""``qyzmet exchange security-log``: the requests registry servers could not trust (their
signature did not verify), newest first, for operators; each reading is audited."""

from __future__ import annotations

import datetime
import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from qyzmet.exchange.security import read_security_log

CHANNEL = "cli"


def _local(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M:%S}"


class Command(BaseCommand):
    help = (
        "The exchange: `security-log [--hours N] [--limit N] [--operator NAME]` lists the "
        "requests whose signature did not verify (kept apart from citizens' data trackers); "
        "each reading is an audit record."
    )

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        log = actions.add_parser(
            "security-log", help="Requests refused for their signature, newest first."
        )
        log.add_argument("--hours", type=float, help="Only those of the last N hours.")
        log.add_argument("--limit", type=int, default=100, help="At most this many (100).")
        log.add_argument(
            "--operator", default="", help="Who reads it, for the audit record (your login)."
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        hours = options["hours"]
        if hours is not None and not hours > 0:
            raise CommandError("  --hours: a number of hours above 0")
        since = timezone.now() - datetime.timedelta(hours=hours) if hours else None
        events = read_security_log(
            reader=None, channel=CHANNEL, since=since, limit=options["limit"],
            operator=options["operator"] or getpass.getuser(),
        )  # fmt: skip
        for event in events:
            self.stdout.write(
                f"{_local(event.at)}  {event.kind}  from {event.sender or 'in-process'}  "
                f"to {event.provider_agency}  claims {event.claimed_client}  "
                f"{event.registry} {','.join(event.fields)}  subject {event.subject[:16]}  "
                f"message {event.message_id}  ({event.reason})"
            )
        if not events:
            self.stdout.write("No untrusted exchange request is logged.")
