"""``qyzmet partners onboard|list|suspend|activate|rotate-webhook-secret``: operators manage
partners."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from qyzmet.core.errors import DomainError
from qyzmet.core.messages import render
from qyzmet.partners.models import Partner
from qyzmet.partners.onboarding import (
    ROTATION_GRACE,
    onboard_partner,
    rotate_webhook_secret,
    set_partner_active,
)
from qyzmet.partners.scopes import SCOPES


class Command(BaseCommand):
    help = (
        "Partners: `onboard NAME --scopes ...` prints the OAuth2 client id and secret (once); "
        "`list`; `suspend SLUG` / `activate SLUG`; `rotate-webhook-secret SLUG` prints a new "
        "webhook secret (the old one also signs for a grace period)."
    )

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        onboard = actions.add_parser("onboard", help="Create a partner and its OAuth2 client.")
        onboard.add_argument("name")
        onboard.add_argument("--slug", default="")
        onboard.add_argument(
            "--scopes", default=",".join(SCOPES), help=f"Comma-separated: {', '.join(SCOPES)}."
        )
        onboard.add_argument("--webhook-url", default="")
        onboard.add_argument("--rate-limit", type=int, default=600, help="Requests per minute.")
        onboard.add_argument(
            "--env", action="store_true", help="Print shell assignments (for `eval`) only."
        )
        actions.add_parser("list", help="Every partner with its scopes and state.")
        for name in ("suspend", "activate"):
            sub = actions.add_parser(name, help=f"{name.capitalize()} a partner.")
            sub.add_argument("slug")
        rotate = actions.add_parser(
            "rotate-webhook-secret", help="Give a partner a new webhook secret and print it."
        )
        rotate.add_argument("slug")
        rotate.add_argument(
            "--grace-hours",
            type=float,
            default=ROTATION_GRACE.total_seconds() / 3600,
            help="Hours during which webhooks are signed with the old secret too (0: none).",
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "onboard":
            try:
                done = onboard_partner(
                    name=options["name"],
                    slug=options["slug"],
                    scopes=[s.strip() for s in options["scopes"].split(",") if s.strip()],
                    webhook_url=options["webhook_url"],
                    rate_limit=options["rate_limit"],
                )
            except DomainError as error:
                raise CommandError(render(error.code, error.params, "en")) from error
            partner = done.partner
            if options["env"]:
                self.stdout.write(f"CLIENT_ID={done.client_id}")
                self.stdout.write(f"CLIENT_SECRET={done.client_secret}")
                self.stdout.write(f"WEBHOOK_SECRET={partner.webhook_secret}")
                return
            self.stdout.write(f"Partner {partner.slug} onboarded ({', '.join(partner.scopes)}).")
            self.stdout.write(f"  client_id:      {done.client_id}")
            self.stdout.write(f"  client_secret:  {done.client_secret}   (shown once)")
            if partner.webhook_secret:
                self.stdout.write(f"  webhook secret: {partner.webhook_secret}")
        elif action == "list":
            for partner in Partner.objects.select_related("application"):
                state = "active" if partner.active else "suspended"
                self.stdout.write(
                    f"{partner.slug:20} {state:10} {partner.rate_limit:>5}/min "
                    f"{partner.application.client_id}  {' '.join(partner.scopes)}"
                )
        else:
            chosen = Partner.objects.filter(slug=options["slug"]).first()
            if chosen is None:
                raise CommandError(f"No partner {options['slug']}.")
            if action == "rotate-webhook-secret":
                self._rotate(chosen, hours=options["grace_hours"])
                return
            set_partner_active(
                partner=chosen, active=action == "activate", actor=None, channel="cli"
            )
            self.stdout.write(f"{chosen.slug}: {action}d.")

    def _rotate(self, partner: Partner, *, hours: float) -> None:
        if hours < 0:
            raise CommandError("--grace-hours cannot be negative.")
        had_one = bool(partner.webhook_secret)
        grace = datetime.timedelta(hours=hours)
        secret = rotate_webhook_secret(partner=partner, actor=None, channel="cli", grace=grace)
        self.stdout.write(f"{partner.slug}: new webhook secret: {secret}")
        if had_one and hours:
            self.stdout.write(f"  the old secret also signs webhooks for {hours:g} hours")
