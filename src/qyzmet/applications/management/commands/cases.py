"""``qyzmet cases reverse --case ID --ground GROUND --reason TEXT --officer USERNAME``: reverse
a case's decision for an officer, as the back office does (the officer must be of the case's
agency and allowed to reverse decisions; everything is audited with the channel ``cli``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from qyzmet.accounts.models import User
from qyzmet.applications.models import ReversalGround
from qyzmet.applications.reversals import ground_label, reverse_case
from qyzmet.applications.selectors import case_for_officer
from qyzmet.core.errors import DomainError, Invalid
from qyzmet.core.messages import render as render_message

CHANNEL = "cli"


class Command(BaseCommand):
    help = (
        "Cases: `reverse --case ID --ground GROUND --reason TEXT --officer USERNAME` reverses "
        "a decision; the case awaits a new one and its result document is revoked."
    )

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        reverse = actions.add_parser(
            "reverse", help="Reverse an approval or a rejection, on a ground, with a reason."
        )
        reverse.add_argument("--case", required=True, help="The case's id (a UUID).")
        reverse.add_argument(
            "--ground", required=True, help=f"One of: {', '.join(ReversalGround.values)}."
        )
        reverse.add_argument("--reason", required=True, help="Why; the citizen reads it.")
        reverse.add_argument(
            "--officer", required=True, help="User name of the officer reversing it."
        )
        reverse.add_argument("--language", default="en", choices=["kk", "ru", "en"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        with translation.override(options["language"]):
            officer = User.objects.filter(username=options["officer"]).first()
            if officer is None or not officer.is_officer:
                raise CommandError(render_message("officer.not_an_officer"))
            try:
                case = case_for_officer(officer, options["case"], channel=CHANNEL)
                reversal = reverse_case(
                    case=case,
                    officer=officer,
                    ground=options["ground"],
                    reason=options["reason"],
                    channel=CHANNEL,
                )
            except Invalid as refused:
                problems = [
                    f"--{p.field}: {render_message(p.code, p.params)}" for p in refused.problems
                ]
                raise CommandError("\n".join([render_message(refused.code), *problems])) from None
            except DomainError as refused:
                raise CommandError(render_message(refused.code, refused.params)) from None
            revoked = (
                f"; document {reversal.document_number} revoked" if reversal.document_number else ""
            )
            self.stdout.write(
                f"Reversed the {reversal.decision} decision on case {case.pk} "
                f"({ground_label(reversal.ground)}){revoked}. It awaits a new decision."
            )
