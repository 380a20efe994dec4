"""``qyzmet registry event ...``: record registry events (a birth, pension age reached, a
death, an employment ended), as the registries would; the worker turns them into offers.
``qyzmet registry serve --agency X``: serve that agency's registries to the exchange over
mutual TLS, plain HTTP in the demo only (docs/exchange.md)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from qyzmet.core.errors import DomainError
from qyzmet.core.messages import render
from qyzmet.registries import events
from qyzmet.registries.fields import full_name
from qyzmet.registries.models import Employment, Person, RegistryEvent

CHANNEL = "cli"


def _date(raw: str) -> datetime.date:
    return datetime.date.fromisoformat(raw)


class Command(BaseCommand):
    help = (
        "Record registry events (qyzmet registry event birth|retirement|death|...), or serve an "
        "agency's registries to the exchange (qyzmet registry serve --agency X)."
    )

    def add_arguments(self, parser: Any) -> None:
        areas = parser.add_subparsers(dest="area", required=True)
        event = areas.add_parser("event", help="Record a registry event; offers follow.")
        kinds = event.add_subparsers(dest="kind", required=True)
        birth = kinds.add_parser("birth", help="Register a newborn with their parents.")
        birth.add_argument("--mother", required=True, help="The mother's IIN.")
        birth.add_argument("--father", default="", help="The father's IIN (if registered).")
        birth.add_argument(
            "--name", default="", help="The child's first name (else one is chosen)."
        )
        birth.add_argument("--sex", choices=Person.Sex.values, default="F", help="M or F.")
        birth.add_argument("--date", type=_date, help="Date of birth, YYYY-MM-DD (today).")
        for name, text in (
            ("retirement", "Record that a person has reached pension age."),
            ("death", "Register a death (the population registry gets the date)."),
            ("employment-ended", "End a person's employment in the labour registry."),
        ):
            sub = kinds.add_parser(name, help=text)
            sub.add_argument("--person", required=True, help="The person's IIN.")
            sub.add_argument("--date", type=_date, help="The day, YYYY-MM-DD (today).")
            if name == "employment-ended":
                sub.add_argument(
                    "--reason", choices=Employment.EndReason.values, default="staff_reduction",
                    help="Why it ended.",
                )  # fmt: skip
        kinds.add_parser(
            "retirements", help="Record everyone who reached pension age (the daily job, now)."
        )
        serve = areas.add_parser(
            "serve", help="Serve an agency's registries over mutual TLS (HTTP: demo only)."
        )
        serve.add_argument("--agency", required=True, help="The agency (its slug).")
        serve.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        serve.add_argument("--port", type=int, default=8101, help="Port to listen on.")
        serve.add_argument("--workers", type=int, default=2, help="gunicorn's worker processes.")

    def handle(self, *args: Any, area: str, **options: Any) -> None:
        if area == "serve":
            self._serve(options)
            return
        kind = options.pop("kind")
        try:
            if kind == "retirements":
                count = events.record_retirements(channel=CHANNEL)
                self.stdout.write(f"Recorded {count} retirement event(s).")
                return
            event = self._record(kind, options)
        except DomainError as error:
            raise CommandError(render(error.code, error.params, language="en")) from None
        self.stdout.write(self._described(event))
        self.stdout.write(
            "Offers follow from the worker: `qyzmet worker --batch`, or a running "
            "`qyzmet serve` / `qyzmet demo` (see docs/offers.md)."
        )

    def _serve(self, options: dict[str, Any]) -> None:
        from qyzmet.catalog.models import Agency
        from qyzmet.exchange.server import serve_registries
        from qyzmet.exchange.tls import TlsMisconfigured, tls_files

        agency = Agency.objects.filter(slug=options["agency"]).first()
        if agency is None or not agency.registries:
            held = Agency.objects.exclude(registries=[]).values_list("slug", flat=True)
            raise CommandError(
                f"{options['agency']!r} holds no registries; agencies that do: {', '.join(held)}"
            )
        try:
            tls = tls_files()
        except TlsMisconfigured as error:
            raise CommandError(f"Not serving {agency.slug}'s registries: {error}.") from None
        host, port = options["host"], options["port"]
        how = (
            f"https://{host}:{port}/exchange/v1/messages to clients with a certificate of {tls.ca}"
            if tls
            else f"http://{host}:{port}/exchange/v1/messages (plain HTTP: the demo only)"
        )
        self.stdout.write(
            f"Serving the {', '.join(agency.registries)} registries of {agency.slug} to the "
            f"exchange on {how}"
        )
        self.stdout.flush()
        serve_registries(
            agency=agency.slug, host=host, port=port, workers=options["workers"], tls=tls
        )

    def _record(self, kind: str, options: dict[str, Any]) -> RegistryEvent:
        if kind == "birth":
            return events.register_birth(
                mother_iin=options["mother"], father_iin=options["father"] or None,
                first_name=options["name"], sex=options["sex"], born_on=options["date"],
                channel=CHANNEL,
            )  # fmt: skip
        iin, day = options["person"], options["date"]
        if kind == "retirement":
            return events.record_retirement(iin=iin, on=day, channel=CHANNEL)
        if kind == "death":
            return events.register_death(iin=iin, died_on=day, channel=CHANNEL)
        return events.end_employment(iin=iin, ended_on=day, reason=options["reason"],
                                     channel=CHANNEL)  # fmt: skip

    def _described(self, event: RegistryEvent) -> str:
        text = f"Event {event.pk}: {event.kind} of {event.subject_iin} on {event.occurred_on}"
        if event.kind == RegistryEvent.Kind.BIRTH:
            child = Person.objects.get(iin=event.subject_iin)
            parents = ", ".join(
                f"{role} {iin}"
                for role in ("mother", "father")
                if (iin := event.details.get(f"{role}_iin"))
            )
            text += f" — {full_name(child)['ru']}, {parents}"
        return text + "."
