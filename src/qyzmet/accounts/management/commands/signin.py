"""``qyzmet signin purge``: delete sign-in records no limit needs any more (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from qyzmet.accounts.attempts import purge_sign_in_records


class Command(BaseCommand):
    help = "Delete old sign-in attempts, expired codes and the messages that carried codes."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("purge", help="Delete what no limit or lockout needs any more.")

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = purge_sign_in_records()
        self.stdout.write(", ".join(f"{count} {what}" for what, count in deleted.items()))
