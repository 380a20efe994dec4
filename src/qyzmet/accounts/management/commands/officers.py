"""``qyzmet officers enroll-totp USERNAME``: give an officer the second factor for the back
office, and print what their authenticator app needs. ``qyzmet officers allow-reversals
USERNAME [--withdraw]``: let an officer (a supervisor) reverse decisions of their agency."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from qyzmet.accounts.models import User
from qyzmet.accounts.officers import (
    allow_reversals,
    enroll_totp,
    needs_second_factor,
    totp_device_of,
    totp_secret,
)


class Command(BaseCommand):
    help = (
        "Manage officers: enroll-totp gives an officer or an operator a TOTP second factor; "
        "allow-reversals lets one reverse decisions of their agency (--withdraw takes it back)."
    )

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        enroll = actions.add_parser(
            "enroll-totp",
            help="Create an officer's or operator's TOTP device and print its secret.",
        )
        enroll.add_argument("username", help="The officer's or operator's user name.")
        enroll.add_argument(
            "--replace",
            action="store_true",
            help="Issue a new secret even if the officer has one (the old one stops working).",
        )

        allow = actions.add_parser(
            "allow-reversals", help="Let an officer reverse decisions on their agency's cases."
        )
        allow.add_argument("username", help="The officer's user name.")
        allow.add_argument("--withdraw", action="store_true", help="Take the permission back.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        name = options["username"]
        user = User.objects.filter(username=name).first()
        if action == "enroll-totp":
            if user is None or not needs_second_factor(user):
                raise CommandError(f"{name!r} is not an officer or an operator.")
            self.enroll(user, replace=options["replace"])
            return
        if user is None or not user.is_officer:
            raise CommandError(f"{name!r} is not an officer of any agency.")
        allow_reversals(officer=user, allowed=not options["withdraw"], channel="cli")
        verb = "may no longer" if options["withdraw"] else "may now"
        self.stdout.write(f"{user.username} {verb} reverse decisions of {user.agency}.")

    def enroll(self, officer: User, *, replace: bool) -> None:
        if totp_device_of(officer) is not None and not replace:
            raise CommandError(
                f"{officer.username} already has a second factor; add --replace to issue a new one."
            )
        device = enroll_totp(officer=officer, channel="cli")
        self.stdout.write(f"otpauth URI: {device.config_url}")
        self.stdout.write(f"secret (base32): {totp_secret(device)}")
        self.stdout.write(
            "Add it to an authenticator app (scan the URI as a QR code or type the secret); "
            "the officer signs in at /back-office/sign-in/ (an operator at /admin/) with the "
            "6-digit code it shows."
        )
