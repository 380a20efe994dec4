"""``qyzmet officers create USERNAME --agency SLUG --first-name … --last-name … [--role
supervisor]``: an officer of an agency, from the first minute of an install (the password is
asked, or there is none when officers sign in through identity providers; the TOTP secret is
printed once, with its QR code). ``qyzmet officers list [--agency SLUG] [--all]`` and
``deactivate USERNAME``.

``qyzmet officers enroll-totp USERNAME``: give an officer the second factor for the back
office, and print what their authenticator app needs. ``qyzmet officers allow-reversals
USERNAME [--withdraw]``: let an officer (a supervisor) reverse decisions of their agency.
``qyzmet officers link USERNAME --iin IIN`` (or the IIN on standard input) and ``unlink
USERNAME``: tie an officer's or operator's account to a person, for signing in through an
identity provider; ``qyzmet officers unlinked`` lists the accounts tied to nobody."""

from __future__ import annotations

import getpass
import io
import sys
from typing import Any

import segno
from django.core.management.base import BaseCommand, CommandError

from qyzmet.accounts.models import User
from qyzmet.accounts.officer_accounts import (
    ROLES,
    create_officer,
    deactivate_officer,
    officer_row,
    officers,
)
from qyzmet.accounts.officer_identity import (
    identity_of,
    link_officer,
    officers_use_providers,
    unlink_officer,
    unlinked_accounts,
)
from qyzmet.accounts.officers import (
    allow_reversals,
    enroll_totp,
    needs_second_factor,
    totp_device_of,
    totp_secret,
)
from qyzmet.catalog.models import Agency
from qyzmet.core.errors import DomainError
from qyzmet.core.identifiers import masked_iin
from qyzmet.core.messages import render as message_text


class Command(BaseCommand):
    help = (
        "Manage officers: create makes an officer of an agency (list shows them, deactivate "
        "stops one signing in); enroll-totp gives an officer or an operator a TOTP second factor; "
        "allow-reversals lets one reverse decisions of their agency (--withdraw takes it back); "
        "link and unlink tie an account to a person's IIN for signing in through an identity "
        "provider; unlinked lists the accounts tied to nobody."
    )

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser(
            "create",
            help="Create an officer of an agency; the password is asked (none when officers "
            "sign in through identity providers) and the TOTP secret printed once.",
        )
        create.add_argument("username", help="The officer's user name (they type it to sign in).")
        create.add_argument("--agency", required=True, help="The agency's slug, e.g. health.")
        create.add_argument("--first-name", required=True, help="The officer's first name.")
        create.add_argument("--last-name", required=True, help="The officer's last name.")
        create.add_argument(
            "--role",
            choices=sorted(ROLES),
            default="officer",
            help="officer (decides cases) or supervisor (may also reverse decisions and sign "
            "off what another officer prepared).",
        )
        create.add_argument(
            "--iin",
            help="The person's IIN, to tie the account to them now (for identity providers).",
        )
        listing = actions.add_parser("list", help="List officers, by agency.")
        listing.add_argument("--agency", help="Only this agency's officers (its slug).")
        listing.add_argument("--all", action="store_true", help="Deactivated officers too.")
        deactivate = actions.add_parser(
            "deactivate", help="Stop an officer signing in; their open sessions end."
        )
        deactivate.add_argument("username", help="The officer's user name.")
        for audited in (create, deactivate):
            audited.add_argument(
                "--operator", help="Who runs this, for the audit log (default: the OS user)."
            )
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
        if action == "create":
            self.create(options)
            return
        if action == "list":
            self.list(agency_slug=options.get("agency"), include_inactive=options["all"])
            return
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
        if action == "deactivate":
            done = deactivate_officer(officer=user, channel="cli", operator=_operator(options))
            state = "can no longer sign in" if done else "was deactivated already"
            self.stdout.write(f"{user.username} {state}.")
            return
        allow_reversals(officer=user, allowed=not options["withdraw"], channel="cli")
        verb = "may no longer" if options["withdraw"] else "may now"
        self.stdout.write(f"{user.username} {verb} reverse decisions of {user.agency}.")

    def create(self, options: dict[str, Any]) -> None:
        agency = Agency.objects.filter(slug=options["agency"]).first()
        if agency is None:
            slugs = Agency.objects.order_by("slug").values_list("slug", flat=True)
            known = ", ".join(slugs) or "none (load the catalogue)"
            raise CommandError(f"No agency {options['agency']!r}. Agencies: {known}.")
        providers = officers_use_providers()
        try:
            created = create_officer(
                username=options["username"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                agency=agency,
                role=options["role"],
                password=None if providers else _read_password(),
                iin=options.get("iin"),
                channel="cli",
                operator=_operator(options),
            )
        except DomainError as refused:
            raise CommandError(message_text(refused.code, refused.params, language="en")) from None
        officer = created.officer
        self.stdout.write(f"{officer.username} is an {options['role']} of {agency}.")
        if created.device is not None:
            self.show_secret(created.device)
        elif identity_of(officer) is not None:
            self.stdout.write(
                "They sign in through the identity providers of "
                "QYZMET_OFFICER_IDENTITY_PROVIDERS, as the person they are tied to."
            )
        else:
            self.stdout.write(
                "They sign in through an identity provider once tied to their person: "
                f"qyzmet officers link {officer.username} (the IIN is asked)."
            )

    def list(self, *, agency_slug: str | None, include_inactive: bool) -> None:
        agency = None
        if agency_slug:
            agency = Agency.objects.filter(slug=agency_slug).first()
            if agency is None:
                raise CommandError(f"No agency {agency_slug!r}.")
        self.stdout.write("user name\tname\tagency\trole\tsigns in with\tlast sign-in")
        for officer in officers(agency=agency, include_inactive=include_inactive):
            row = officer_row(officer)
            last = f"{row.last_login:%Y-%m-%d %H:%M}" if row.last_login else "never"
            role = row.role if row.active else f"{row.role} (deactivated)"
            self.stdout.write(
                f"{row.username}\t{row.name}\t{row.agency}\t{role}\t{row.signs_in_with}\t{last}"
            )

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
        self.show_secret(enroll_totp(officer=officer, channel="cli"))

    def show_secret(self, device: Any) -> None:
        """The TOTP secret, once: its otpauth URI as a QR code to scan, the URI, the secret."""
        picture = io.StringIO()
        segno.make(device.config_url, error="m").terminal(out=picture, compact=True)
        self.stdout.write(picture.getvalue())
        self.stdout.write(f"otpauth URI: {device.config_url}")
        self.stdout.write(f"secret (base32): {totp_secret(device)}")
        self.stdout.write(
            "Add it to an authenticator app (scan the URI as a QR code or type the secret); "
            "the officer signs in at /back-office/sign-in/ (an operator at /admin/) with the "
            "6-digit code it shows."
        )


def _operator(options: dict[str, Any]) -> str:
    return str(options.get("operator") or getpass.getuser())


def _read_password() -> str:
    """The new officer's password: asked twice without echo at a terminal, else the first
    line of standard input (for scripts; off the shell's history)."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Password (again): ") != password:
        raise CommandError("The two passwords differ.")
    return password


def _read_iin() -> str:
    """The IIN from standard input: asked without echo at a terminal, else its first line."""
    return getpass.getpass("IIN: ") if sys.stdin.isatty() else sys.stdin.readline()
