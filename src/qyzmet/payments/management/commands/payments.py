"""``qyzmet payments reconcile [--date YYYY-MM-DD] [--provider NAME]``: compare the provider's
records of a day with qyzmet's payments; exits 1 when they differ."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from qyzmet.payments.providers import providers
from qyzmet.payments.reconciliation import reconcile

DIFFERENCES = 1


class Command(BaseCommand):
    help = (
        "Payments: `reconcile [--date YYYY-MM-DD] [--provider NAME]` compares the provider's "
        "records of a day (today by default) with qyzmet's and lists each difference; exits 1 "
        "when there is any."
    )

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        check = actions.add_parser("reconcile", help="Compare a day's payments with the provider.")
        check.add_argument("--date", help="The day (YYYY-MM-DD, local time); today by default.")
        check.add_argument("--provider", default=None, help="A provider's name; the current one.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        name = options["provider"] or settings.PAYMENT_PROVIDER
        if name not in providers:
            raise CommandError(f"No payment provider {name!r} (known: {', '.join(providers)}).")
        try:
            day = (
                datetime.date.fromisoformat(options["date"])
                if options["date"]
                else timezone.localdate()
            )
        except ValueError as error:
            raise CommandError(
                f"--date: give a day as YYYY-MM-DD, not {options['date']!r}."
            ) from error
        differences = reconcile(provider=providers[name], day=day)
        for difference in differences:
            self.stdout.write(str(difference))
        if differences:
            self.stderr.write(f"{len(differences)} difference(s) with {name} on {day}.")
            raise SystemExit(DIFFERENCES)
        self.stdout.write(f"{name} and qyzmet agree on {day}.")
