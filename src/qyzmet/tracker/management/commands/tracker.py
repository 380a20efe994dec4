"""``qyzmet tracker hide|lift|list|accesses``: investigators' requests to hide an access from
a citizen's data tracker for a while, recorded by an operator."""

from __future__ import annotations

import datetime
import math
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from qyzmet.core.errors import DomainError
from qyzmet.core.messages import render
from qyzmet.core.pseudonyms import subject_digest
from qyzmet.exchange.models import DataAccess
from qyzmet.tracker.bases import CONCEALMENT_BASES
from qyzmet.tracker.concealments import hide_access, lift_concealment
from qyzmet.tracker.selectors import concealments, running_concealments

CHANNEL = "cli"
OPTIONS = {"message_id": "MESSAGE_ID", "requested_by": "--requested-by"}


def _failure(error: DomainError) -> CommandError:
    lines = [render(error.code, error.params, "en")]
    for problem in getattr(error, "problems", []):
        option = OPTIONS.get(problem.field, f"--{problem.field}")
        lines.append(f"  {option}: {render(problem.code, problem.params, 'en')}")
    return CommandError("\n".join(lines))


def _until(options: dict[str, Any], now: datetime.datetime) -> datetime.datetime:
    """The end as given: ``--days`` from now, or the start of ``--until``'s day, local time."""
    if options["days"] is not None:
        days = options["days"]
        if math.isnan(days):
            raise CommandError(f"  --days: {render('type.number', language='en')}")
        return now + datetime.timedelta(days=min(max(days, -1), 100 * 365))  # the domain judges
    try:
        day = datetime.date.fromisoformat(options["until"])
    except ValueError:
        raise CommandError(f"  --until: {render('format.date', language='en')}") from None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _local(moment: datetime.datetime | None) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else "-"


class Command(BaseCommand):
    help = (
        "The data tracker: `hide MESSAGE_ID --basis --reference --requested-by --until|--days` "
        "hides an access from the citizen until then; `lift MESSAGE_ID` shows it at once; "
        "`list [--running]` the concealments; `accesses IIN` a citizen's accesses, hidden "
        "ones marked."
    )

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        hide = actions.add_parser("hide", help="Hide one access for a limited period.")
        hide.add_argument("message_id", help="The exchange request's message id.")
        hide.add_argument("--basis", default="", help=f"One of: {', '.join(CONCEALMENT_BASES)}.")
        hide.add_argument("--reference", default="", help="The decision or case number.")
        hide.add_argument(
            "--requested-by", default="", help="Who asked: the authority and the official."
        )
        end = hide.add_mutually_exclusive_group(required=True)
        end.add_argument("--until", help="YYYY-MM-DD: the access shows from that day on.")
        end.add_argument("--days", type=float, help="Or: for this many days from now.")
        lift = actions.add_parser("lift", help="End a concealment early: the access shows now.")
        lift.add_argument("message_id")
        listing = actions.add_parser("list", help="The concealments, newest first.")
        listing.add_argument("--running", action="store_true", help="Only those hiding now.")
        accesses = actions.add_parser(
            "accesses", help="A citizen's accesses, newest first, those hidden now marked."
        )
        accesses.add_argument("iin")
        accesses.add_argument("--limit", type=int, default=50)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            getattr(self, f"_{action}")(options)
        except DomainError as error:
            raise _failure(error) from error

    def _hide(self, options: dict[str, Any]) -> None:
        now = timezone.now()
        concealment = hide_access(
            message_id=options["message_id"],
            basis=options["basis"],
            reference=options["reference"],
            requested_by=options["requested_by"],
            until=_until(options, now),
            actor=None,
            channel=CHANNEL,
            now=now,
        )
        self.stdout.write(
            f"Access {concealment.access.message_id} is hidden from the citizen until "
            f"{_local(concealment.until)} ({concealment.basis}, {concealment.reference})."
        )

    def _lift(self, options: dict[str, Any]) -> None:
        concealment = lift_concealment(
            message_id=options["message_id"], actor=None, channel=CHANNEL
        )
        self.stdout.write(f"Access {concealment.access.message_id} shows to the citizen now.")

    def _list(self, options: dict[str, Any]) -> None:
        now = timezone.now()
        for c in concealments(running=options["running"]):
            state = "hiding" if c.hides_at(now) else "ended"
            self.stdout.write(
                f"{c.access.message_id}  {state:6}  {_local(c.hidden_at)} → "
                f"{_local(c.lifted_at or c.until)}  {c.basis}  {c.reference}  "
                f"asked by {c.requested_by}"
            )

    def _accesses(self, options: dict[str, Any]) -> None:
        subject = subject_digest(options["iin"])
        hidden = dict(
            running_concealments().filter(access__subject=subject).values_list("access_id", "until")
        )
        every = DataAccess.objects.filter(subject=subject).order_by("-at", "-id")
        found = list(every[: options["limit"]])
        for access in found:
            mark = f"hidden until {_local(hidden[access.pk])}" if access.pk in hidden else ""
            self.stdout.write(
                f"{access.message_id}  {_local(access.at)}  {access.outcome:7}  "
                f"{access.client_agency}/{access.client_system}  {access.registry}  "
                f"{access.purpose_kind}:{access.purpose_ref}  {mark}".rstrip()
            )
        if not found:
            self.stdout.write("No request for this person's data is recorded.")
