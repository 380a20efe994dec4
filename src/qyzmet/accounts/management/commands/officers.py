"""``qyzmet officers enroll-totp USERNAME``: give an officer the second factor for the back
office, and print what their authenticator app needs."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from qyzmet.accounts.models import User
from qyzmet.accounts.officers import enroll_totp, totp_device_of, totp_secret


class Command(BaseCommand):
    help = "Manage officers: enroll-totp gives an officer a TOTP second factor."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        enroll = actions.add_parser(
            "enroll-totp", help="Create an officer's TOTP device and print its secret."
        )
        enroll.add_argument("username", help="The officer's user name.")
        enroll.add_argument(
            "--replace",
            action="store_true",
            help="Issue a new secret even if the officer has one (the old one stops working).",
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        officer = User.objects.filter(username=options["username"]).first()
        if officer is None or not officer.is_officer:
            raise CommandError(f"{options['username']!r} is not an officer of any agency.")
        if totp_device_of(officer) is not None and not options["replace"]:
            raise CommandError(
                f"{officer.username} already has a second factor; add --replace to issue a new one."
            )
        device = enroll_totp(officer=officer, channel="cli")
        self.stdout.write(f"otpauth URI: {device.config_url}")
        self.stdout.write(f"secret (base32): {totp_secret(device)}")
        self.stdout.write(
            "Add it to an authenticator app (scan the URI as a QR code or type the secret); "
            "the officer signs in at /back-office/sign-in/ with the 6-digit code it shows."
        )
