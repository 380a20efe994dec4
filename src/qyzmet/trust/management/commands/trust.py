"""``qyzmet trust list|rotate AGENCY|export``: the agencies' signing keys."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from qyzmet.catalog.models import Agency
from qyzmet.trust.keys import published_keys, rotate_agency_key, signing_key
from qyzmet.trust.models import AgencyKey


class Command(BaseCommand):
    help = (
        "The trust list of agency signing keys: `list`, `create` (a key for every agency "
        "without one), `rotate AGENCY`, `export` (the JSON Web Key Set verifiers download)."
    )

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("list", help="Every key, current and retired.")
        actions.add_parser("create", help="Create the current key of every agency lacking one.")
        rotate = actions.add_parser("rotate", help="Retire an agency's key and create the next.")
        rotate.add_argument("agency", help="The agency's slug.")
        actions.add_parser("export", help="Print the published key set (JSON).")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "list":
            for record in AgencyKey.objects.select_related("agency"):
                state = f"retired {record.retired_at:%Y-%m-%d}" if record.retired_at else "current"
                self.stdout.write(f"{record.agency.slug:28} {record.key_id:48} {state}")
        elif action == "create":
            for agency in Agency.objects.all():
                self.stdout.write(f"{agency.slug:28} {signing_key(agency=agency).key_id}")
        elif action == "rotate":
            chosen = Agency.objects.filter(slug=options["agency"]).first()
            if chosen is None:
                raise CommandError(f"No agency {options['agency']}.")
            self.stdout.write(f"New key {rotate_agency_key(agency=chosen).key_id}.")
        elif action == "export":
            self.stdout.write(json.dumps(published_keys(), ensure_ascii=False, indent=2))
