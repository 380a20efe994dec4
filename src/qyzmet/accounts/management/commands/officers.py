"""``qyzmet officers enroll-totp USERNAME``: give an officer the second factor for the back
office, and print what their authenticator app needs. ``qyzmet officers allow-reversals
USERNAME [--withdraw]``: let an officer (a supervisor) reverse decisions of their agency.
``qyzmet officers link USERNAME --iin IIN`` (or the IIN on standard input) and ``unlink
USERNAME``: tie an officer's or operator's account to a person, for signing in through an
identity provider; ``qyzmet officers unlinked`` lists the accounts tied to nobody."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from qyzmet.accounts.models import User
from qyzmet.accounts.officer_identity import link_officer, unlink_officer, unlinked_accounts
from qyzmet.accounts.officers import (
    allow_reversals,
    enroll_totp,
    needs_second_factor,
    totp_device_of,
    totp_secret,
)
from qyzmet.core.errors import DomainError
from qyzmet.core.identifiers import masked_iin
from qyzmet.core.messages import render as message_text


class Command(BaseCommand):
    help = (
        "Manage officers: enroll-totp gives an officer or an operator a TOTP second factor; "
        "allow-reversals lets one reverse decisions of their agency (--withdraw takes it back); "
        "link and unlink tie an account to a person's IIN for signing in through an identity "
        "provider; unlinked lists the accounts tied to nobody."
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

        link = actions.add_parser(
            "link", help="Tie an officer's or operator's account to a person (their IIN)."
        )
        link.add_argument("username", help="The officer's or operator's user name.")
        link.add_argument(
            "--iin", help="The person's IIN (left out: read from standard input, off the history)."
        )
        unlink = actions.add_parser("unlink", help="Untie an account from its person.")
        unlink.add_argument("username", help="The officer's or operator's user name.")
        actions.add_parser("unlinked", help="List active officers and operators tied to no person.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "unlinked":
            for account in unlinked_accounts().select_related("agency"):
                self.stdout.write(f"{account.username}\t{account.agency or 'operator'}")
            return
        name = options["username"]
        user = User.objects.filter(username=name).first()
        if action in ("link", "unlink"):
            if user is None:
                raise CommandError(f"{name!r} is no user.")
            self.link(user, iin=options.get("iin"), unlink=action == "unlink")
            return
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

    def link(self, user: User, *, iin: str | None, unlink: bool) -> None:
        if unlink:
            done = unlink_officer(officer=user, channel="cli")
            self.stdout.write(
                f"{user.username} {'is tied to nobody now' if done else 'was tied to nobody'}."
            )
            return
        typed = iin if iin is not None else _read_iin()
        try:
            link_officer(officer=user, iin=typed, channel="cli")
        except DomainError as refused:
            raise CommandError(message_text(refused.code, refused.params, language="en")) from None
        self.stdout.write(
            f"{user.username} is tied to the person with the IIN {masked_iin(typed.strip())}: "
            "they sign in through the identity providers of QYZMET_OFFICER_IDENTITY_PROVIDERS."
        )

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


def _read_iin() -> str:
    """The IIN from standard input: asked without echo at a terminal, else its first line."""
    return getpass.getpass("IIN: ") if sys.stdin.isatty() else sys.stdin.readline()
