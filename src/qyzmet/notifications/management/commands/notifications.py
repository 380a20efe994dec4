"""``qyzmet notifications overdue``: tell citizens about cases that missed their deadline."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from qyzmet.notifications.overdue import notify_overdue_cases


class Command(BaseCommand):
    help = "Notifications: `overdue` tells each citizen once about a case past its deadline."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("overdue", help="Notify citizens of overdue cases (once per case).")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "overdue":
            notified = notify_overdue_cases()
            self.stdout.write(f"Notified {notified} citizen(s) of overdue cases.")
