"""``qyzmet demo``: prepare the demo platform and serve it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from qyzmet.applications.models import Application, ApplicationStatus
from qyzmet.core.management.commands.serve import add_serve_arguments, serve
from qyzmet.core.progress import Progress
from qyzmet.demo.services import DemoLogins, prepare_demo


class Command(BaseCommand):
    help = "Migrate, load the demo catalogue and registries, create demo accounts, and serve."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--people", type=int, default=20_000, help="People in registries.")
        parser.add_argument("--seed", type=int, default=2026, help="Seed of the generator.")
        parser.add_argument("--reset", action="store_true", help="Regenerate all demo data.")
        parser.add_argument("--no-serve", action="store_true", help="Prepare, do not serve.")
        add_serve_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("Preparing the database...")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        logins = prepare_demo(
            catalog_dir=settings.CATALOG_DIR,
            people=options["people"],
            seed=options["seed"],
            reset=options["reset"],
            progress=Progress(),
        )
        self._print_logins(logins, host=options["host"], port=options["port"])
        if not options["no_serve"]:
            serve(
                host=options["host"],
                port=options["port"],
                workers=options["workers"],
                with_worker=not options["no_worker"],
            )

    def _print_logins(self, logins: DemoLogins, *, host: str, port: int) -> None:
        url = f"http://{host}:{port}"
        write = self.stdout.write
        write("")
        write(f"qyzmet is ready at {url}/")
        write(f"  API reference:    {url}/api/v1/docs   (OpenAPI: {url}/api/v1/openapi.json)")
        write(f"  Operators' admin: {url}/admin/   user {logins.operator}")
        write(f"  Check a document: {url}/verify/   (or: qyzmet verify FILE.pdf)")
        write(f"  Password of every demo account: {logins.password}")
        write("  Citizens (by IIN):")
        for role, iin in logins.citizens.items():
            write(f"    {role:<14} {iin}")
        write(f"  Citizens sign in at {url}/sign-in/ with their IIN; the one-time code is shown")
        write(f"    at {url}/demo/outbox/ (demo only).")
        if "sms" in settings.IDENTITY_PROVIDERS:  # docs/identity.md, SMS one-time passwords
            gateway = settings.SMS_BACKEND
            write(f"  By SMS, the code goes to the registry's number through the `{gateway}`")
            write("    SMS gateway (`file`: var/outbox/sms.log), never to the outbox.")
        write(f"  Messenger simulator (a chat with the bot, demo only): {url}/demo/messenger/")
        if logins.newborn:
            mother, father = logins.newborn["mother"], logins.newborn["father"]
            write(f"  Offers: a daughter was born to the parent and his wife {mother}; both have")
            write(f"    offers of birth benefits at {url}/offers/ (sign in as either of them).")
            write(
                "    More registry events (the worker turns them into offers, see docs/offers.md):"
            )
            write(f"    qyzmet registry event birth --mother {mother} --father {father} --sex M")
            write(
                "    qyzmet registry event retirements | death --person IIN | employment-ended ..."
            )
        if Application.objects.filter(
            idempotency_key="demo-licence", status=ApplicationStatus.AWAITING_PAYMENT
        ).exists():
            write("  Fees: the entrepreneur's driving licence replacement waits for its fee. Sign")
            write(f"    in as the entrepreneur, open {url}/applications/ and press Pay: the")
            write("    sandbox's page takes the test card 4242 4242 4242 4242 (4000 0000 0000 0002")
            write("    declines, 4000 0000 0000 3220 asks for the code 123456). The case then goes")
            write("    to the internal-affairs officer; approving it issues the signed PDF.")
        write(f"  Officers sign in at {url}/back-office/sign-in/ with the password and a code")
        write(f"    from an authenticator app; current codes at {url}/back-office/demo/totp/.")
        write("  Officers (each reviews, reverses and decides the appeals of their agency, but")
        write("    never an appeal of a decision they took part in;")
        write(f"    appeals at {url}/back-office/appeals/):")
        for agency, username in logins.officers.items():
            write(f"    {agency:<20} {username} (supervisor: signs off decisions)")
            if agency in logins.clerks:
                write(f"    {agency:<20} {logins.clerks[agency]} (reviewer: prepares decisions)")
            if agency in logins.appeals:
                write(f"    {agency:<20} {logins.appeals[agency]} (decides appeals of others' "
                      "decisions)")  # fmt: skip
        write("  API tokens (Authorization: Bearer ...):")
        for username, token in logins.tokens.items():
            write(f"    {username:<26} {token}")
        write("")
        self.stdout.flush()
