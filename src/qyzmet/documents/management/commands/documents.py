"""``qyzmet documents revoke NUMBER --reason TEXT [--ground GROUND]``: revoke a result
document (by default on the ground that it was issued in error)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from qyzmet.core.errors import Conflict
from qyzmet.documents.grounds import ISSUED_IN_ERROR, REVOCATION_GROUNDS
from qyzmet.documents.models import ResultDocument
from qyzmet.documents.services import revoke_document


class Command(BaseCommand):
    help = "Result documents: `revoke NUMBER --reason TEXT` (it then verifies as revoked)."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        revoke = actions.add_parser("revoke", help="Revoke a document, with the reason.")
        revoke.add_argument("number")
        revoke.add_argument("--reason", required=True, help="Kept for the record, not shown.")
        revoke.add_argument(
            "--ground",
            default=ISSUED_IN_ERROR,
            choices=sorted(REVOCATION_GROUNDS),
            help="What checks of the document show (default: issued_in_error).",
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        number = options["number"].strip().upper()
        document = ResultDocument.objects.filter(pk=number).first()
        if document is None:
            raise CommandError(f"No document {number}.")
        try:
            revoke_document(
                document=document,
                ground=options["ground"],
                reason=options["reason"],
                actor=None,
                channel="cli",
            )
        except Conflict as error:
            raise CommandError(f"Document {number} is already revoked.") from error
        self.stdout.write(f"Revoked {number}.")
