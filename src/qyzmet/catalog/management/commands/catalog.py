"""``qyzmet catalog validate|load|list``: the catalogue from the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from qyzmet.catalog.reasons import ReasonTemplatesRefused, load_reason_templates
from qyzmet.catalog.selectors import catalog_listing
from qyzmet.catalog.services import CatalogRefused, load_catalog
from qyzmet.catalog.validation import catalog_warnings, read_and_validate
from qyzmet.core.progress import Progress


class Command(BaseCommand):
    help = "Validate or load catalogue YAML files, or list the loaded catalogue."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        for name, text in (
            ("validate", "Check catalogue files without loading them."),
            ("load", "Validate and load catalogue files (all or nothing)."),
        ):
            sub = actions.add_parser(name, help=text)
            sub.add_argument(
                "paths", nargs="*", type=Path, help="Files or folders (default: the catalogue)."
            )
        listing = actions.add_parser("list", help="List the loaded catalogue.")
        listing.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "list":
            self._list(as_json=options["json"])
            return
        catalog, problems = read_and_validate(options["paths"], catalog_dir=settings.CATALOG_DIR)
        for warning in catalog_warnings(catalog):
            self.stderr.write(f"warning: {warning}")
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(problems)} problem(s) in the catalogue; nothing loaded.")
        if action == "validate":
            self.stdout.write(f"{len(catalog.documents)} catalogue file(s) are valid.")
            return
        try:
            report = load_catalog(catalog=catalog, progress=Progress())
        except CatalogRefused as refused:
            for problem in refused.problems:
                self.stderr.write(str(problem))
            raise CommandError("The catalogue was not loaded.") from None
        try:
            load_reason_templates(channel="cli")
        except ReasonTemplatesRefused as refused:
            raise CommandError(f"Reason templates were not loaded: {refused}") from None
        self.stdout.write(
            f"Loaded {len(report.loaded)}, unchanged {len(report.unchanged)}: "
            + (", ".join(report.loaded) or "nothing new")
        )

    def _list(self, *, as_json: bool) -> None:
        listing = catalog_listing()
        if as_json:
            self.stdout.write(json.dumps(listing, ensure_ascii=False, indent=2))
            return
        for situation in listing["life_situations"]:
            services = ", ".join(situation["services"])
            self.stdout.write(f"{situation['id']}: {situation['title']['en']} [{services}]")
        for service in listing["services"]:
            self.stdout.write(
                f"{service['id']} ({service['agency']}): {service['title']['en']}, "
                f"{service['fee_mci']} MCI, {service['deadline_days']} working days"
            )
