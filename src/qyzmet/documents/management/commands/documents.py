"""``qyzmet documents revoke NUMBER --reason TEXT``: revoke a result document."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from qyzmet.core.errors import Conflict
from qyzmet.documents.models import ResultDocument
from qyzmet.documents.services import revoke_document


class Command(BaseCommand):
    help = "Result documents: `revoke NUMBER --reason TEXT` (it then verifies as revoked)."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        revoke = actions.add_parser("revoke", help="Revoke a document, with the reason.")
        revoke.add_argument("number")
        revoke.add_argument("--reason", required=True)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        number = options["number"].strip().upper()
        document = ResultDocument.objects.filter(pk=number).first()
        if document is None:
            raise CommandError(f"No document {number}.")
        try:
            revoke_document(document=document, reason=options["reason"], actor=None, channel="cli")
        except Conflict as error:
            raise CommandError(f"Document {number} is already revoked.") from error
        self.stdout.write(f"Revoked {number}.")
